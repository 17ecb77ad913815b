/**
 * Step facts in words for the step list: who owns a step and when it is due. Durations are ISO 8601
 * in the template (PT15M); people read "15 minutes", in their own language.
 */
import { formatDuration } from 'date-fns';
import { enUS, zhCN } from 'date-fns/locale';
import type { TFunction } from 'i18next';
import type { Department } from '../../../../shared/identity';
import { parseDuration } from '../../../../shared/playbook/duration';
import type { Owner } from '../../../../shared/playbook/template';

const LOCALES = { en: enUS, 'zh-CN': zhCN } as const;

/** "15 minutes", or the text itself if it is not a duration (the core would have refused it). */
export function durationText(text: string, language: string): string {
  const duration = parseDuration(text);
  if (!duration) return text;
  const locale = LOCALES[language as keyof typeof LOCALES] ?? enUS;
  return formatDuration(duration, { locale }) || text;
}

export function departmentName(id: string, departments: readonly Department[]): string {
  return departments.find((d) => d.id === id)?.name ?? id;
}

/** "Traffic (operations)", "Traffic" or "operations". */
export function ownerText(owner: Owner, departments: readonly Department[], t: TFunction): string {
  const department = owner.department ? departmentName(owner.department, departments) : null;
  if (department && owner.role) return t('owner.both', { department, role: owner.role });
  return department ?? t('owner.role', { role: owner.role });
}
