import { format, formatDistanceStrict, isSameDay } from 'date-fns';
import { enUS, zhCN } from 'date-fns/locale';
import { useTranslation } from 'react-i18next';
import { useNow } from './useNow';

const LOCALES = { en: enUS, 'zh-CN': zhCN } as const;

/**
 * An instant as control rooms read it: absolute 24-hour time (with the date when it is not today)
 * and a relative hint, "14:05 · 12 min ago"; the full instant on hover. An instant that does not
 * parse shows as unknown rather than taking the view down.
 */
export function Time({ instant }: { instant: string }) {
  const { t, i18n } = useTranslation('app');
  const now = useNow();
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return <span className="muted">{t('time.unknown')}</span>;
  const locale = LOCALES[i18n.language as keyof typeof LOCALES] ?? enUS;
  const absolute = format(date, isSameDay(date, now) ? 'HH:mm' : 'yyyy-MM-dd HH:mm');
  const relative = formatDistanceStrict(date, now, { addSuffix: true, locale });
  return (
    <time dateTime={instant} title={instant}>
      {t('time.at', { time: absolute, relative })}
    </time>
  );
}
