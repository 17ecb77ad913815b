import { Button } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EditIncidentForm } from './EditIncidentForm';
import { IncidentFields } from './IncidentFields';
import { useRoom } from './room-context';
import { StatusControls } from './StatusControls';

/** The incident at a glance, the status buttons, and editing its fields. */
export function SummaryPanel() {
  const { t } = useTranslation('incident-room');
  const { canAct } = useRoom();
  const [editing, setEditing] = useState(false);
  return (
    <div className="summary-panel">
      <StatusControls />
      {editing ? (
        <EditIncidentForm onDone={() => setEditing(false)} />
      ) : (
        <>
          <IncidentFields />
          {canAct && (
            <Button size="xs" variant="default" onClick={() => setEditing(true)}>
              {t('edit.open')}
            </Button>
          )}
        </>
      )}
    </div>
  );
}
