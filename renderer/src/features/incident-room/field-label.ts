import type { TFunction } from 'i18next';

/** `severity`, `role:safety` and `task:<id>:due` as people say them; `taskTitle` names a task by id. */
export function fieldLabel(field: string, t: TFunction, taskTitle: (id: string) => string): string {
  const [head, ...rest] = field.split(':');
  if (head === 'role') return t('conflicts.roleField', { role: t(`icsRole.${rest[0]}`) });
  if (head === 'task') {
    return t('conflicts.taskField', {
      task: taskTitle(rest[0] ?? ''),
      field: t(`conflicts.taskFields.${rest[1]}`),
    });
  }
  return t(`conflicts.fields.${field}`);
}
