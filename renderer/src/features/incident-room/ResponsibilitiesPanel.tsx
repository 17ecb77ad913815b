import { useTranslation } from 'react-i18next';
import { CreateTaskForm } from './CreateTaskForm';
import { RaciMatrix } from './RaciMatrix';
import { RolesTable } from './RolesTable';
import { useRoom } from './room-context';
import { TaskList } from './TaskList';

/** Who holds which ICS position, and who does, answers for, is asked about and hears of each task. */
export function ResponsibilitiesPanel() {
  const { t } = useTranslation('incident-room');
  const { canAct } = useRoom();
  return (
    <div className="responsibilities">
      <section aria-labelledby="room-roles-heading">
        <h3 id="room-roles-heading">{t('roles.heading')}</h3>
        <RolesTable />
      </section>
      <section aria-labelledby="room-tasks-heading">
        <h3 id="room-tasks-heading">{t('tasks.heading')}</h3>
        {canAct && <CreateTaskForm />}
        <TaskList />
      </section>
      <section aria-labelledby="room-raci-heading">
        <h3 id="room-raci-heading">{t('raci.heading')}</h3>
        <RaciMatrix />
      </section>
    </div>
  );
}
