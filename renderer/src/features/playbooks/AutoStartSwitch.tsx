import { Switch } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlaybookSummary } from '../../../../shared/contract';
import { api } from '../../api';

/**
 * An administrator's switch: whether the playbook starts by itself when its triggers match. The
 * switch shows what the core last confirmed, never what was only asked for.
 */
export function AutoStartSwitch({
  playbook,
  onChanged,
}: {
  playbook: PlaybookSummary;
  onChanged: (playbook: PlaybookSummary) => void;
}) {
  const { t } = useTranslation('playbooks');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const change = async (enabled: boolean) => {
    setBusy(true);
    setError(null);
    try {
      onChanged(await api.setPlaybookAutoStart({ id: playbook.id, enabled }));
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Switch
        aria-label={t('autoStart.switch', { title: playbook.title })}
        checked={playbook.autoStart}
        disabled={busy}
        onChange={(event) => void change(event.currentTarget.checked)}
      />
      {error && (
        <p role="alert" className="playbooks-error">
          {error}
        </p>
      )}
    </>
  );
}
