import { format, formatDistanceStrict, isSameDay } from 'date-fns';
import { enUS, zhCN } from 'date-fns/locale';
import type { TFunction } from 'i18next';
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
  return <TimeText instant={instant} now={useNow()} t={t} language={i18n.language} />;
}

/**
 * The same without hooks, for lists that render many at once (the board's rows): the list passes
 * its own clock and `t` of the app namespace, instead of each row keeping a timer and a subscription.
 */
export function TimeText({
  instant,
  now,
  t,
  language,
}: {
  instant: string;
  now: Date;
  t: TFunction<'app'>;
  language: string;
}) {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return <span className="muted">{t('time.unknown')}</span>;
  const locale = LOCALES[language as keyof typeof LOCALES] ?? enUS;
  const absolute = format(date, isSameDay(date, now) ? 'HH:mm' : 'yyyy-MM-dd HH:mm');
  const relative = formatDistanceStrict(date, now, { addSuffix: true, locale });
  return (
    <time dateTime={instant} title={instant}>
      {t('time.at', { time: absolute, relative })}
    </time>
  );
}
