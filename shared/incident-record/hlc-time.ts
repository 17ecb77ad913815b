/**
 * Wall-clock time of an HLC stamp, for the activity log. Stamps in shared/hlc.ts's form
 * (`000001740837600000-0001-node`) are read with its parser; as a fallback (test fixtures, stamps
 * from other tools) an ISO 8601 UTC prefix or a zero-padded millisecond count at the start is
 * accepted. Anything else gives null; `wallTime` in the fold context can replace this.
 */
import { tryParse } from '../hlc';

const ISO_PREFIX = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z)/;
const MILLIS_PREFIX = /^(\d{10,20})(?!\d)/;
/** 2001-09-09 .. 2286-11-20: a bare millisecond count outside this is not taken for a wall time. */
const MIN_MS = 1e12;
const MAX_MS = 1e13;
/** The largest instant a Date can hold. */
const MAX_DATE_MS = 8.64e15;

export function hlcWallTime(hlc: string): string | null {
  const stamp = tryParse(hlc);
  if (stamp) return stamp.wall <= MAX_DATE_MS ? new Date(stamp.wall).toISOString() : null;
  const iso = ISO_PREFIX.exec(hlc);
  if (iso?.[1]) {
    const ms = Date.parse(iso[1]);
    return Number.isNaN(ms) ? null : new Date(ms).toISOString();
  }
  const millis = MILLIS_PREFIX.exec(hlc);
  if (millis?.[1]) {
    const ms = Number(millis[1]);
    return ms >= MIN_MS && ms < MAX_MS ? new Date(ms).toISOString() : null;
  }
  return null;
}
