/**
 * Hybrid logical clock (Kulkarni et al., 2014): a stamp is (wall ms, counter, node). It stays close
 * to the wall clock, never goes backwards even when the wall clock does, and always moves past
 * every stamp it has seen, so events order by cause across devices with skewed clocks
 * (DESIGN.md section 3).
 *
 * The text form sorts as plain strings in clock order, because every replica and every SQLite
 * index compares stamps as text: `000001764000000000-0000-<node>` (18-digit wall ms, 4-digit
 * counter, node id). Everything here is pure: the caller passes the time in.
 */

/** A stamp, and also a clock's state: a clock is the last stamp it issued. */
export type Hlc = {
  readonly wall: number;
  readonly counter: number;
  readonly node: string;
};

const WALL_DIGITS = 18;
const COUNTER_DIGITS = 4;
export const MAX_COUNTER = 10 ** COUNTER_DIGITS - 1;
/** Wall times are JavaScript numbers, so they stop being exact above this. */
const MAX_WALL = Number.MAX_SAFE_INTEGER;

/**
 * A remote stamp further ahead of our wall clock than this is treated as a broken (or hostile)
 * clock, and our clock does not follow it: see `receive`.
 */
export const MAX_FORWARD_DRIFT_MS = 24 * 60 * 60 * 1000;

/** Node ids are device ids; the character set keeps text comparison and parsing unambiguous. */
const NODE_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;
const STAMP_PATTERN = /^(\d{18})-(\d{4})-([A-Za-z0-9_.:-]{1,64})$/;

export function createClock(nodeId: string): Hlc {
  assertNode(nodeId);
  return { wall: 0, counter: 0, node: nodeId };
}

/** The stamp for a new local event; it is also the clock's new state. */
export function tick(clock: Hlc, nowMs: number): Hlc {
  assertNow(nowMs);
  // A wall clock that went backwards (NTP step, manual change) leaves `wall` where it was and
  // the counter keeps the stamps increasing.
  if (nowMs > clock.wall) return { wall: nowMs, counter: 0, node: clock.node };
  return advance(clock.wall, clock.counter + 1, clock.node);
}

/**
 * Merges a stamp seen on a remote event, so that the next local stamp sorts after it.
 *
 * Guard: a remote stamp more than MAX_FORWARD_DRIFT_MS ahead of `nowMs` does not move our clock:
 * following it would stamp every later local event days into the future, and one device with a
 * wrong clock would drag the whole workspace with it. Such a remote stamp is then treated as if
 * unseen (this is a plain local tick), so our later events sort before that remote event. The event
 * itself keeps its stamp (its signature covers it); callers can detect the case with `isFarFuture`
 * and raise an alert.
 */
export function receive(clock: Hlc, remote: Hlc | string, nowMs: number): Hlc {
  assertNow(nowMs);
  const seen = typeof remote === 'string' ? parse(remote) : remote;
  if (isFarFuture(seen, nowMs)) return tick(clock, nowMs);

  const wall = Math.max(clock.wall, seen.wall, nowMs);
  let counter: number;
  if (wall === clock.wall && wall === seen.wall) counter = Math.max(clock.counter, seen.counter) + 1;
  else if (wall === clock.wall) counter = clock.counter + 1;
  else if (wall === seen.wall) counter = seen.counter + 1;
  else counter = 0;
  return advance(wall, counter, clock.node);
}

/** True when a stamp is further ahead of our wall clock than `receive` is willing to follow. */
export function isFarFuture(stamp: Hlc | string, nowMs: number): boolean {
  const { wall } = typeof stamp === 'string' ? parse(stamp) : stamp;
  return wall - nowMs > MAX_FORWARD_DRIFT_MS;
}

export function format(stamp: Hlc): string {
  const { wall, counter, node } = stamp;
  if (!Number.isSafeInteger(wall) || wall < 0) throw new RangeError(`clock wall time out of range: ${wall}`);
  if (!Number.isInteger(counter) || counter < 0 || counter > MAX_COUNTER)
    throw new RangeError(`clock counter out of range: ${counter}`);
  assertNode(node);
  return `${String(wall).padStart(WALL_DIGITS, '0')}-${String(counter).padStart(COUNTER_DIGITS, '0')}-${node}`;
}

/** Reads a stamp in text form; throws a RangeError naming the problem on anything else. */
export function parse(text: string): Hlc {
  const match = typeof text === 'string' ? STAMP_PATTERN.exec(text) : null;
  if (!match) throw new RangeError('not a clock stamp: expected <18-digit ms>-<4-digit counter>-<node>');
  const [, wallText = '', counterText = '', node = ''] = match;
  const wall = Number(wallText);
  if (wall > MAX_WALL) throw new RangeError('clock stamp wall time is out of range');
  return { wall, counter: Number(counterText), node };
}

/** Just the wall time of a stamp, or undefined if `text` is not one: `parse` without its allocations. */
export function wallTimeOf(text: string): number | undefined {
  if (!STAMP_PATTERN.test(text)) return undefined;
  const wall = Number(text.slice(0, WALL_DIGITS));
  return wall > MAX_WALL ? undefined : wall;
}

/** Like `parse`, but answers undefined instead of throwing (for data from other replicas). */
export function tryParse(text: string): Hlc | undefined {
  try {
    return parse(text);
  } catch {
    return undefined;
  }
}

/** Clock order; gives the same sign as comparing `format(a)` and `format(b)` as strings. */
export function compare(a: Hlc, b: Hlc): number {
  if (a.wall !== b.wall) return a.wall < b.wall ? -1 : 1;
  if (a.counter !== b.counter) return a.counter < b.counter ? -1 : 1;
  if (a.node !== b.node) return a.node < b.node ? -1 : 1;
  return 0;
}

/**
 * Builds the next stamp; when the counter runs out within one millisecond, the clock borrows the
 * next millisecond instead of failing, so writing never stops (it runs at most 1 ms ahead per
 * 10 000 events in the same millisecond, which the next wall-clock reading absorbs).
 */
function advance(wall: number, counter: number, node: string): Hlc {
  if (counter <= MAX_COUNTER) return { wall, counter, node };
  if (wall >= MAX_WALL) throw new RangeError('clock wall time out of range');
  return { wall: wall + 1, counter: 0, node };
}

function assertNow(nowMs: number): void {
  if (!Number.isSafeInteger(nowMs) || nowMs < 0)
    throw new RangeError(`wall clock reading must be a whole number of ms since the epoch: ${nowMs}`);
}

function assertNode(node: string): void {
  if (typeof node !== 'string' || !NODE_PATTERN.test(node))
    throw new RangeError('clock node id must be 1-64 characters of A-Z a-z 0-9 _ . : -');
}
