/**
 * Step deadlines are ISO 8601 durations (`PT15M`, `PT72H`, `P1D`). Calendar parts (years, months,
 * weeks, days) count in the run's time zone, so "P1D" from 12:00 is 12:00 the next day even across
 * a daylight-saving change; clock parts (hours, minutes, seconds) are elapsed time, so "PT72H" is
 * exactly 72 hours, as regulatory deadlines are counted.
 */
import { TZDate } from '@date-fns/tz';
import { add } from 'date-fns';

export type IsoDuration = {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
};

const DURATION_PATTERN =
  /^P(?!$)(?:(\d{1,4})Y)?(?:(\d{1,4})M)?(?:(\d{1,4})W)?(?:(\d{1,5})D)?(?:T(?=\d)(?:(\d{1,5})H)?(?:(\d{1,6})M)?(?:(\d{1,7})S)?)?$/;

/** The duration `text` spells, or null if it is not an ISO 8601 duration of whole units. */
export function parseDuration(text: string): IsoDuration | null {
  const match = DURATION_PATTERN.exec(text);
  if (!match) return null;
  const [years, months, weeks, days, hours, minutes, seconds] = match
    .slice(1)
    .map((part) => Number(part ?? 0));
  return {
    years: years!,
    months: months!,
    weeks: weeks!,
    days: days!,
    hours: hours!,
    minutes: minutes!,
    seconds: seconds!,
  };
}

const MS = { hours: 3_600_000, minutes: 60_000, seconds: 1_000 } as const;

/** `start` plus `duration`, calendar parts counted in `timeZone` (an IANA name). */
export function addDuration(start: number, duration: IsoDuration, timeZone: string): number {
  const { years, months, weeks, days, hours, minutes, seconds } = duration;
  const calendar =
    years || months || weeks || days
      ? add(new TZDate(start, timeZone), { years, months, weeks, days }).getTime()
      : start;
  return calendar + hours * MS.hours + minutes * MS.minutes + seconds * MS.seconds;
}

const knownZones = new Map<string, boolean>();

/** Whether `name` is a time zone this runtime knows (IANA names such as Europe/Berlin, or UTC). */
export function isTimeZone(name: string): boolean {
  let known = knownZones.get(name);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: name });
      known = true;
    } catch {
      known = false;
    }
    // Asking Intl is slow and every run fold asks; a bounded memo keeps bad input from growing it.
    if (knownZones.size < 1000) knownZones.set(name, known);
  }
  return known;
}
