import { Button, Checkbox, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { ErrorAlert } from './ErrorAlert';
import { useRoom } from './room-context';
import { useAction } from './useAction';

/**
 * A new task: what, which departments carry it out, and by when. Our own department is ticked to
 * start with; the core makes the creating member accountable.
 */
export function CreateTaskForm() {
  const { t } = useTranslation('incident-room');
  const { incidentId, me, departments, apply } = useRoom();
  const [title, setTitle] = useState('');
  const [responsible, setResponsible] = useState<string[]>([me.member.department]);
  const [due, setDue] = useState('');
  const action = useAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const created = await action.run(async () =>
      apply(
        await api.createTask({
          id: incidentId,
          title,
          responsible: responsible.map((id) => ({ kind: 'department' as const, id })),
          // The picker gives local wall time; the core wants an instant with its offset.
          ...(due ? { due: new Date(due).toISOString() } : {}),
        }),
      ),
    );
    if (created) {
      setTitle('');
      setDue('');
    }
  };

  return (
    <form className="create-task" aria-label={t('createTask.label')} onSubmit={(e) => void submit(e)}>
      <TextInput
        size="xs"
        label={t('createTask.title')}
        value={title}
        onChange={(e) => setTitle(e.currentTarget.value)}
        required
      />
      <Checkbox.Group
        size="xs"
        label={t('createTask.responsible')}
        value={responsible}
        onChange={setResponsible}
      >
        <div className="checkbox-row">
          {departments.map((d) => (
            <Checkbox key={d.id} size="xs" value={d.id} label={d.name} />
          ))}
        </div>
      </Checkbox.Group>
      <TextInput
        size="xs"
        type="datetime-local"
        label={t('createTask.due')}
        value={due}
        onChange={(e) => setDue(e.currentTarget.value)}
      />
      <Button type="submit" size="xs" disabled={action.busy || responsible.length === 0}>
        {t('createTask.submit')}
      </Button>
      <ErrorAlert error={action.error} />
    </form>
  );
}
