import { useTranslation } from 'react-i18next';
import type { Party, Raci } from '../../../../shared/incident-record/payloads';
import type { TaskRecord } from '../../../../shared/incident-record/record';
import type { RaciLetter } from '../../../../shared/incident-record/vocabulary';
import { DepartmentBadge } from '../../components/DepartmentBadge';
import { partyDepartment, type MemberDirectory } from './parties';
import { useRoom } from './room-context';

const PARTIES: ReadonlyArray<[RaciLetter, (raci: Raci) => readonly Party[]]> = [
  ['responsible', (raci) => raci.responsible],
  ['accountable', (raci) => [raci.accountable]],
  ['consulted', (raci) => raci.consulted],
  ['informed', (raci) => raci.informed],
];

/** Each department's letters for one task; a member counts for their department. */
export function raciByDepartment(task: TaskRecord, members: MemberDirectory): Map<string, RaciLetter[]> {
  const cells = new Map<string, RaciLetter[]>();
  for (const [letter, parties] of PARTIES) {
    for (const party of parties(task.raci)) {
      const department = partyDepartment(party, members);
      if (department === null) continue;
      const letters = cells.get(department) ?? [];
      if (!letters.includes(letter)) letters.push(letter);
      cells.set(department, letters);
    }
  }
  return cells;
}

/** Tasks down, departments across: who is Responsible, Accountable, Consulted and Informed. */
export function RaciMatrix() {
  const { t } = useTranslation('incident-room');
  const { record, departments, members } = useRoom();
  if (record.tasks.length === 0) return <p className="empty">{t('raci.none')}</p>;
  const rows = record.tasks.map((task) => ({ task, cells: raciByDepartment(task, members) }));
  // Every workspace department, then any a task names that this workstation does not know yet.
  const columns = departments.map((d) => d.id);
  for (const { cells } of rows) for (const id of cells.keys()) if (!columns.includes(id)) columns.push(id);

  return (
    <table className="room-table raci" aria-label={t('raci.label')}>
      <thead>
        <tr>
          <th scope="col">{t('raci.task')}</th>
          {columns.map((id) => (
            <th scope="col" key={id}>
              <DepartmentBadge id={id} departments={departments} />
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map(({ task, cells }) => (
          <tr key={task.id} className={`task-${task.state}`}>
            <th scope="row">{task.title}</th>
            {columns.map((id) => (
              <td key={id} className="raci-cell">
                {(cells.get(id) ?? []).map((letter) => (
                  <abbr key={letter} title={t(`raci.${letter}`)} className={`raci-${letter}`}>
                    {t(`raci.letter.${letter}`)}
                  </abbr>
                ))}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
