import { Button, NativeSelect } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RoleAssignment } from '../../../../shared/incident-record/record';
import { api } from '../../api';
import { ErrorAlert } from './ErrorAlert';
import { partyFromKey, partyKey } from './parties';
import { PartyLabel } from './PartyLabel';
import { useRoom } from './room-context';
import { useAction } from './useAction';

/** The ICS positions in briefing order, who holds each, and (for those who may act) a way to assign it. */
export function RolesTable() {
  const { t } = useTranslation('incident-room');
  const { record, canAct } = useRoom();
  return (
    <table className="room-table roles" aria-label={t('roles.label')}>
      <thead>
        <tr>
          <th scope="col">{t('roles.role')}</th>
          <th scope="col">{t('roles.holder')}</th>
          {canAct && <th scope="col">{t('roles.assign')}</th>}
        </tr>
      </thead>
      <tbody>
        {record.roles.map((assignment) => (
          // Keyed by the holder too, so the choice resets when someone else assigns the role.
          <RoleRow key={`${assignment.role}/${partyKey(assignment.holder)}`} assignment={assignment} />
        ))}
      </tbody>
    </table>
  );
}

function RoleRow({ assignment }: { assignment: RoleAssignment }) {
  const { t } = useTranslation('incident-room');
  const { incidentId, departments, members, apply, canAct } = useRoom();
  const [choice, setChoice] = useState(partyKey(assignment.holder));
  const action = useAction();
  const role = t(`icsRole.${assignment.role}`);

  const options = [
    { value: '', label: t('common.nobody') },
    {
      group: t('roles.departments'),
      items: departments.map((d) => ({ value: partyKey({ kind: 'department', id: d.id }), label: d.name })),
    },
    {
      group: t('roles.members'),
      items: [...members.values()]
        .filter((m) => !m.revoked)
        .map((m) => ({
          value: partyKey({ kind: 'member', id: m.memberId }),
          label: t('roles.memberOption', {
            user: m.user,
            department: departments.find((d) => d.id === m.department)?.name ?? m.department,
          }),
        })),
    },
  ];

  const assign = () =>
    action.run(async () =>
      apply(
        await api.assignIncidentRole({ id: incidentId, role: assignment.role, holder: partyFromKey(choice) }),
      ),
    );

  return (
    <tr>
      <th scope="row">{role}</th>
      <td>
        <PartyLabel party={assignment.holder} />
      </td>
      {canAct && (
        <td>
          <div className="row">
            <NativeSelect
              size="xs"
              aria-label={t('roles.holderFor', { role })}
              value={choice}
              onChange={(e) => setChoice(e.currentTarget.value)}
              data={options}
            />
            <Button
              size="xs"
              aria-label={t('roles.assignRole', { role })}
              disabled={action.busy || choice === partyKey(assignment.holder)}
              onClick={() => void assign()}
            >
              {t('roles.assign')}
            </Button>
          </div>
          <ErrorAlert error={action.error} />
        </td>
      )}
    </tr>
  );
}
