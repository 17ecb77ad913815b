import { Badge, Table } from '@mantine/core';
import { useEffect, useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { MemberSummary } from '../../../../shared/contract';
import type { Department } from '../../../../shared/identity';
import { api } from '../../api';

type MembersState =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; members: MemberSummary[] };

/** The workspace's members, asked once and again whenever the link to the core comes back. */
function useMembers(): MembersState {
  const [state, setState] = useState<MembersState>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    const load = () =>
      api.listMembers({}).then(
        (members) => live && setState({ status: 'ready', members }),
        (error: Error) => live && setState({ status: 'failed', message: error.message }),
      );
    const unsubscribe = api.onEvent((event) => {
      if (event.type === 'connection.restored') void load();
    });
    void load();
    return () => {
      live = false;
      unsubscribe();
    };
  }, []);
  return state;
}

type Group = { id: string; department: Department | undefined; members: MemberSummary[] };

/**
 * Members by department, in the workspace's department order; a department this copy does not know
 * yet (added elsewhere, not synced) comes last, by its id.
 */
export function groupByDepartment(
  members: readonly MemberSummary[],
  departments: readonly Department[],
): Group[] {
  const ids = [...new Set([...departments.map((d) => d.id), ...members.map((m) => m.department).sort()])];
  return ids
    .map((id) => ({
      id,
      department: departments.find((d) => d.id === id),
      members: members.filter((m) => m.department === id),
    }))
    .filter((group) => group.members.length > 0);
}

export function MembersSection({ departments }: { departments: readonly Department[] }) {
  const { t } = useTranslation('settings');
  const state = useMembers();
  return (
    <section className="settings-section" aria-labelledby="settings-members">
      <h3 id="settings-members">{t('members.title')}</h3>
      {state.status === 'loading' && <p className="settings-hint">{t('members.loading')}</p>}
      {state.status === 'failed' && (
        <p role="alert" className="settings-error">
          {t('members.failed', { message: state.message })}
        </p>
      )}
      {state.status === 'ready' &&
        groupByDepartment(state.members, departments).map((group) => (
          <MemberGroup key={group.id} group={group} />
        ))}
    </section>
  );
}

function MemberGroup({ group }: { group: Group }) {
  const { t } = useTranslation('settings');
  const headingId = `settings-department-${group.id}`;
  // The department's colour as a custom property, set through the CSSOM (allowed by the CSP).
  const colour = group.department
    ? ({ '--department-colour': group.department.colour } as CSSProperties)
    : undefined;
  return (
    <div className="member-group" style={colour}>
      <h4 id={headingId} className="member-group-heading">
        <span className="department-swatch" aria-hidden="true" />
        {group.department?.name ?? group.id}{' '}
        <span className="settings-hint">{t('members.count', { n: group.members.length })}</span>
      </h4>
      <Table aria-labelledby={headingId} layout="fixed">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('members.columns.user')}</Table.Th>
            <Table.Th>{t('members.columns.role')}</Table.Th>
            <Table.Th>{t('members.columns.devices')}</Table.Th>
            <Table.Th>{t('members.columns.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {group.members.map((member) => (
            <Table.Tr key={member.memberId} className={member.revoked ? 'is-revoked' : undefined}>
              <Table.Td>{member.user}</Table.Td>
              <Table.Td>{t(`role.${member.role}`)}</Table.Td>
              <Table.Td>{member.devices}</Table.Td>
              <Table.Td>
                {member.revoked ? (
                  <Badge color="red" variant="light">
                    {t('members.revoked')}
                  </Badge>
                ) : (
                  t('members.active')
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}
