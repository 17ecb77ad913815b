import { Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigation } from '../../app/navigation';
import { useRoom } from './room-context';
import { SeverityLabel, StatusLabel } from './labels';
import { TlpMarker } from './TlpMarker';

/** Always on screen above the tabs: the way back, and what the incident is and how bad. */
export function RoomHeader() {
  const { t } = useTranslation('incident-room');
  const { record } = useRoom();
  const go = useNavigation((state) => state.go);
  return (
    <header className="room-header">
      <Button size="xs" variant="default" onClick={() => go({ name: 'board' })}>
        {t('back')}
      </Button>
      <h2 id="incident-room-title">{record.title}</h2>
      <SeverityLabel severity={record.severity} />
      <StatusLabel status={record.status} />
      <span className="room-priority">{t('fields.priorityValue', { priority: record.priority })}</span>
      <TlpMarker level={record.tlp} />
    </header>
  );
}
