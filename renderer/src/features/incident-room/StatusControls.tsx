import { Button, NativeSelect } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  LIFECYCLE,
  REOPEN_FROM,
  REOPEN_TO,
  type IncidentStatus,
} from '../../../../shared/incident-record/vocabulary';
import { api } from '../../api';
import { ErrorAlert } from './ErrorAlert';
import { ReasonForm } from './ReasonForm';
import { useRoom } from './room-context';
import { useAction } from './useAction';

/**
 * The next steps of the lifecycle as buttons; from resolved or closed, a reopen, which must say
 * why (the reason goes into the log for the next shift).
 */
export function StatusControls() {
  const { t } = useTranslation('incident-room');
  const { record, incidentId, apply, canAct } = useRoom();
  const action = useAction();
  const [reopening, setReopening] = useState(false);
  const [reopenTo, setReopenTo] = useState<IncidentStatus>(REOPEN_TO[0]!);
  if (!canAct) return null;

  const change = (to: IncidentStatus) =>
    action.run(async () => apply(await api.changeIncidentStatus({ id: incidentId, to })));
  const reopen = async (reason: string) => {
    const done = await action.run(async () =>
      apply(await api.changeIncidentStatus({ id: incidentId, to: reopenTo, reopen: true, reason })),
    );
    if (done) setReopening(false);
  };

  return (
    <div className="status-controls" role="group" aria-label={t('statusControls.label')}>
      {LIFECYCLE[record.status].map((to) => (
        <Button key={to} size="xs" disabled={action.busy} onClick={() => void change(to)}>
          {t(`transition.${to}`)}
        </Button>
      ))}
      {REOPEN_FROM.includes(record.status) && !reopening && (
        <Button size="xs" variant="default" onClick={() => setReopening(true)}>
          {t('statusControls.reopen')}
        </Button>
      )}
      {reopening && (
        <div className="reopen">
          <NativeSelect
            size="xs"
            label={t('statusControls.reopenTo')}
            value={reopenTo}
            onChange={(e) => setReopenTo(e.currentTarget.value as IncidentStatus)}
            data={REOPEN_TO.map((status) => ({ value: status, label: t(`status.${status}`) }))}
          />
          <ReasonForm
            label={t('statusControls.reopenReason')}
            confirmLabel={t('statusControls.reopen')}
            busy={action.busy}
            onConfirm={(reason) => void reopen(reason)}
            onCancel={() => setReopening(false)}
          />
        </div>
      )}
      <ErrorAlert error={action.error} />
    </div>
  );
}
