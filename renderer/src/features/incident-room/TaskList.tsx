import { Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TaskRecord } from '../../../../shared/incident-record/record';
import { TASK_TRANSITIONS, type TaskState } from '../../../../shared/incident-record/vocabulary';
import { api } from '../../api';
import { Time } from '../../components/Time';
import { useNow } from '../../components/useNow';
import { ErrorAlert } from './ErrorAlert';
import { PartyLabel } from './PartyLabel';
import { useRoom } from './room-context';
import { useAction } from './useAction';

/** The changeTaskState action that takes a task to each state. */
const ACTION_TO: Record<TaskState, 'acknowledge' | 'complete' | 'cancel' | 'reopen'> = {
  acknowledged: 'acknowledge',
  done: 'complete',
  cancelled: 'cancel',
  open: 'reopen',
};

/** The incident's tasks with their state, who answers for them, when they are due, and what can be done next. */
export function TaskList() {
  const { t } = useTranslation('incident-room');
  const { record } = useRoom();
  if (record.tasks.length === 0) return <p className="empty">{t('tasks.none')}</p>;
  return (
    <table className="room-table tasks" aria-label={t('tasks.label')}>
      <thead>
        <tr>
          <th scope="col">{t('tasks.title')}</th>
          <th scope="col">{t('tasks.state')}</th>
          <th scope="col">{t('tasks.responsible')}</th>
          <th scope="col">{t('tasks.accountable')}</th>
          <th scope="col">{t('tasks.due')}</th>
          <th scope="col">{t('tasks.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {record.tasks.map((task) => (
          <TaskRow key={task.id} task={task} />
        ))}
      </tbody>
    </table>
  );
}

function TaskRow({ task }: { task: TaskRecord }) {
  const { t } = useTranslation('incident-room');
  const { incidentId, apply, canAct } = useRoom();
  const now = useNow();
  const action = useAction();
  const live = task.state === 'open' || task.state === 'acknowledged';
  const overdue = live && task.due !== null && new Date(task.due).getTime() < now.getTime();

  const change = (to: TaskState) =>
    action.run(async () =>
      apply(await api.changeTaskState({ id: incidentId, taskId: task.id, action: ACTION_TO[to] })),
    );

  return (
    <tr className={`task-${task.state}`}>
      <th scope="row">{task.title}</th>
      <td>
        <span className={`task-state state-${task.state}`}>{t(`taskState.${task.state}`)}</span>
      </td>
      <td className="badges">
        {task.raci.responsible.map((party) => (
          <PartyLabel key={`${party.kind}:${party.id}`} party={party} />
        ))}
      </td>
      <td>
        <PartyLabel party={task.raci.accountable} />
      </td>
      <td>
        {task.due ? <Time instant={task.due} /> : <span className="muted">{t('common.none')}</span>}
        {overdue && <span className="overdue">{t('common.overdue')}</span>}
      </td>
      <td>
        {canAct && (
          <div className="row">
            {TASK_TRANSITIONS[task.state].map((to) => {
              const label = t(`tasks.action.${ACTION_TO[to]}`);
              return (
                <Button
                  key={to}
                  size="xs"
                  variant={to === 'cancelled' ? 'default' : 'light'}
                  aria-label={t('tasks.actionOn', { action: label, title: task.title })}
                  disabled={action.busy}
                  onClick={() => void change(to)}
                >
                  {label}
                </Button>
              );
            })}
          </div>
        )}
        <ErrorAlert error={action.error} />
      </td>
    </tr>
  );
}
