import { useTranslation } from 'react-i18next';
import { hlcWallTime } from '../../../../shared/incident-record/hlc-time';
import type { Location, Party, Raci } from '../../../../shared/incident-record/payloads';
import type { Conflict, FieldValue } from '../../../../shared/incident-record/record';
import { api } from '../../api';
import { DepartmentBadge } from '../../components/DepartmentBadge';
import { Time } from '../../components/Time';
import { CandidateColumns } from './CandidateColumns';
import { ErrorAlert } from './ErrorAlert';
import { fieldLabel } from './field-label';
import { PartyLabel } from './PartyLabel';
import { useRoom } from './room-context';
import { useAction } from './useAction';

/** Open conflicts: concurrent contradicting changes, each waiting for a commander to keep one. */
export function ConflictsPanel() {
  const { t } = useTranslation('incident-room');
  const { record } = useRoom();
  const open = record.conflicts.filter((c) => c.status === 'open');
  if (open.length === 0) return <p className="empty">{t('conflicts.none')}</p>;
  return (
    <div className="conflicts">
      {open.map((conflict) => (
        <ConflictCard key={conflict.id} conflict={conflict} />
      ))}
    </div>
  );
}

function ConflictCard({ conflict }: { conflict: Conflict }) {
  const { t } = useTranslation('incident-room');
  const { incidentId, apply } = useRoom();
  const action = useAction();
  const field = useFieldLabel(conflict.field);
  const title =
    conflict.kind === 'resolve-vs-escalate'
      ? t('conflicts.resolveVsEscalate')
      : t('conflicts.concurrent', { field });
  const keep = (chosenEventId: string) =>
    void action.run(async () =>
      apply(await api.resolveConflict({ id: incidentId, conflictId: conflict.id, chosenEventId })),
    );
  return (
    <article className="conflict" aria-label={title}>
      <h3>{title}</h3>
      <CandidateColumns
        label={t('conflicts.candidates', { field })}
        busy={action.busy}
        onKeep={keep}
        candidates={conflict.candidates.map((c) => ({
          eventId: c.eventId,
          department: c.department,
          actor: c.actor,
          at: hlcWallTime(c.hlc),
          value: <FieldValueText field={conflict.field} value={c.value} />,
        }))}
      />
      <ErrorAlert error={action.error} />
    </article>
  );
}

function useFieldLabel(field: string): string {
  const { t } = useTranslation('incident-room');
  const { record } = useRoom();
  return fieldLabel(field, t, (id) => record.tasks.find((task) => task.id === id)?.title ?? id);
}

/** A candidate's value in the words and badges the rest of the room uses. */
function FieldValueText({ field, value }: { field: string; value: FieldValue }) {
  const { t } = useTranslation('incident-room');
  const { departments } = useRoom();
  if (value === null) return <span className="muted">{t('common.none')}</span>;
  if (typeof value === 'number') return <>{value}</>;
  if (typeof value === 'string') {
    if (field === 'status') return <>{t(`status.${value}`)}</>;
    if (field === 'severity') return <>{t(`severity.${value}`)}</>;
    if (field === 'leadDepartment') return <DepartmentBadge id={value} departments={departments} />;
    if (field.endsWith(':state')) return <>{t(`taskState.${value}`)}</>;
    if (field.endsWith(':due')) return <Time instant={value} />;
    return <>{value}</>;
  }
  if ('kind' in value) return <PartyLabel party={value as Party} />;
  if ('responsible' in value) {
    const raci = value as Raci;
    return (
      <span className="badges">
        {t('raci.letter.responsible')}:{' '}
        {raci.responsible.map((p) => (
          <PartyLabel key={`${p.kind}:${p.id}`} party={p} />
        ))}{' '}
        {t('raci.letter.accountable')}: <PartyLabel party={raci.accountable} />
      </span>
    );
  }
  const location = value as Location;
  const parts = [location.address, location.area].filter(Boolean);
  if (location.lat !== undefined && location.lon !== undefined) {
    parts.push(t('fields.coordinates', { lat: location.lat, lon: location.lon }));
  }
  return <>{parts.join(' · ') || t('common.none')}</>;
}
