import { useTranslation } from 'react-i18next';
import type { Party } from '../../../../shared/incident-record/payloads';
import { DepartmentBadge } from '../../components/DepartmentBadge';
import { useRoom } from './room-context';

/** A department by its badge, or a member by name with their department's badge. */
export function PartyLabel({ party }: { party: Party | null }) {
  const { t } = useTranslation('incident-room');
  const { departments, members } = useRoom();
  if (!party) return <span className="muted">{t('common.nobody')}</span>;
  if (party.kind === 'department') return <DepartmentBadge id={party.id} departments={departments} />;
  const member = members.get(party.id);
  return (
    <span className="party-member">
      {member?.user ?? party.id}
      {member && <DepartmentBadge id={member.department} departments={departments} />}
    </span>
  );
}

/** A member who wrote an event, by name when the directory knows them. */
export function ActorName({ actor }: { actor: string }) {
  const { members } = useRoom();
  return <span className="actor">{members.get(actor)?.user ?? actor}</span>;
}
