import { Button } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DepartmentBadge } from '../../components/DepartmentBadge';
import { Time } from '../../components/Time';
import { ActorName } from './PartyLabel';
import { useRoom } from './room-context';

export type Candidate = {
  eventId: string;
  department: string;
  actor: string;
  value: ReactNode;
  /** ISO instant, or null when the stamp's time is unknown. */
  at: string | null;
};

/**
 * Contradicting changes made at the same time, side by side, so a commander can compare them and
 * keep one. Everyone else sees them too, with a note that a commander decides.
 */
export function CandidateColumns({
  label,
  candidates,
  busy,
  onKeep,
}: {
  label: string;
  candidates: readonly Candidate[];
  busy: boolean;
  onKeep: (eventId: string) => void;
}) {
  const { t } = useTranslation('incident-room');
  const { departments, members, isCommander } = useRoom();
  return (
    <div className="conflict-body">
      <ul className="candidates" aria-label={label}>
        {candidates.map((candidate) => {
          const department =
            departments.find((d) => d.id === candidate.department)?.name ?? candidate.department;
          const actor = members.get(candidate.actor)?.user ?? candidate.actor;
          return (
            <li key={candidate.eventId} className="candidate">
              <DepartmentBadge id={candidate.department} departments={departments} />
              <ActorName actor={candidate.actor} />
              <div className="candidate-value">{candidate.value}</div>
              <Time instant={candidate.at ?? ''} />
              {isCommander && (
                <Button
                  size="xs"
                  aria-label={t('conflicts.keepFrom', { department, actor })}
                  disabled={busy}
                  onClick={() => onKeep(candidate.eventId)}
                >
                  {t('conflicts.keep')}
                </Button>
              )}
            </li>
          );
        })}
      </ul>
      {!isCommander && <p className="muted">{t('conflicts.commanderResolves')}</p>}
    </div>
  );
}
