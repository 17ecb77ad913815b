import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Trigger } from '../../../../shared/playbook/template';

/**
 * When the playbook comes up, one line per trigger: what kind of report, then every condition
 * that must hold ("Incident: category Infra, Transport; moderate or worse; mentions substation").
 */
export function TriggerList({ triggers }: { triggers: readonly Trigger[] }) {
  const { t } = useTranslation('playbooks');
  if (triggers.length === 0) return <p className="playbooks-hint">{t('triggers.none')}</p>;
  return (
    <ul className="trigger-list">
      {triggers.map((trigger, index) => (
        <li key={index}>{triggerText(trigger, t)}</li>
      ))}
    </ul>
  );
}

function triggerText(trigger: Trigger, t: TFunction): string {
  const list = (items: readonly string[]) => items.join(', ');
  const conditions: string[] = [];
  const when = 'incident' in trigger ? trigger.incident : trigger.alert;
  if (when.categories?.length) conditions.push(t('triggers.categories', { list: list(when.categories) }));
  if (when.minSeverity) conditions.push(t('triggers.minSeverity', { severity: when.minSeverity }));
  if ('keywords' in when && when.keywords?.length)
    conditions.push(t('triggers.keywords', { list: list(when.keywords) }));
  if ('events' in when && when.events?.length)
    conditions.push(t('triggers.events', { list: list(when.events) }));
  if ('areas' in when && when.areas?.length) conditions.push(t('triggers.areas', { list: list(when.areas) }));
  const what = 'incident' in trigger ? t('triggers.incident') : t('triggers.alert');
  return conditions.length > 0
    ? t('triggers.line', { what, conditions: conditions.join(t('triggers.separator')) })
    : t('triggers.any', { what });
}
