/**
 * Wall-clock time of an HLC stamp, for the activity log. The core verifies every stamp before the
 * fold sees it; null is for a stamp beyond what a Date can hold, so the log shows it as unknown.
 */
import { tryParse } from '../hlc';

/** The largest instant a Date can hold. */
const MAX_DATE_MS = 8.64e15;

export function hlcWallTime(hlc: string): string | null {
  const stamp = tryParse(hlc);
  return stamp && stamp.wall <= MAX_DATE_MS ? new Date(stamp.wall).toISOString() : null;
}
