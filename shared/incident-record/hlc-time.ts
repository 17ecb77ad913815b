/**
 * Wall-clock time of an HLC stamp, for the activity log. The core verifies every stamp before the
 * fold sees it; null is for a stamp beyond what a Date can hold, so the log shows it as unknown.
 */
import { wallTimeOf } from '../hlc';

/** The largest instant a Date can hold. */
const MAX_DATE_MS = 8.64e15;
/** Up to here toISOString writes a four-digit year, so its first 17 characters are the minute. */
const FOUR_DIGIT_YEARS_MS = 253_402_300_800_000;
const MINUTE_MS = 60_000;

export function hlcWallTime(hlc: string): string | null {
  const wall = wallTimeOf(hlc);
  return wall !== undefined && wall <= MAX_DATE_MS ? isoInstant(wall) : null;
}

let minuteCached = Number.NaN;
let minutePrefix = '';

/**
 * `new Date(ms).toISOString()`. Folds format one stamp per event, thousands per fold, and Date's
 * formatting dominates that; events come in bursts, so the minute's prefix is formatted once and
 * reused while the events stay in it.
 */
function isoInstant(ms: number): string {
  if (ms < 0 || ms >= FOUR_DIGIT_YEARS_MS || !Number.isInteger(ms)) return new Date(ms).toISOString();
  const minute = Math.floor(ms / MINUTE_MS);
  if (minute !== minuteCached) {
    minuteCached = minute;
    minutePrefix = new Date(minute * MINUTE_MS).toISOString().slice(0, 17);
  }
  const rest = ms - minute * MINUTE_MS;
  const seconds = Math.floor(rest / 1000);
  return `${minutePrefix}${seconds < 10 ? '0' : ''}${seconds}.${String(rest % 1000).padStart(3, '0')}Z`;
}
