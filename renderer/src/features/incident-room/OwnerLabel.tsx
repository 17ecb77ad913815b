import { useTranslation } from 'react-i18next';
import type { Owner } from '../../../../shared/playbook/template';
import { DepartmentBadge } from '../../components/DepartmentBadge';
import { useRoom } from './room-context';

/** A step's owner: a department, an ICS role on the incident, or the role's holder in a department. */
export function OwnerLabel({ owner }: { owner: Owner }) {
  const { t } = useTranslation('incident-room');
  const { departments } = useRoom();
  return (
    <span className="owner">
      {owner.department && <DepartmentBadge id={owner.department} departments={departments} />}
      {owner.role && <span className="owner-role">{t(`icsRole.${owner.role}`)}</span>}
    </span>
  );
}
