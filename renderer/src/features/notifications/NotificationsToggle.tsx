import { Button } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Asks the browser (or the desktop app) for permission to show desktop notifications; it can only
 * be asked from a click. Says so when notifications are blocked, so a person knows to change it.
 */
export function NotificationsToggle() {
  const { t } = useTranslation('notifications');
  const [permission, setPermission] = useState(() =>
    typeof Notification === 'undefined' ? 'unsupported' : Notification.permission,
  );
  if (permission === 'granted' || permission === 'unsupported') return null;
  if (permission === 'denied') return <span className="muted">{t('blocked')}</span>;
  return (
    <Button
      size="xs"
      variant="default"
      onClick={() => void Notification.requestPermission().then(setPermission)}
    >
      {t('enable')}
    </Button>
  );
}
