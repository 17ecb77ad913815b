/**
 * When a room's log is worth compacting. Loading replays the log one update at a time, so it is
 * kept short; but each compaction rewrites the whole snapshot, so for a room much larger than the
 * log threshold, compacting every COMPACT_AFTER_UPDATES would cost time quadratic in the room's size
 * (measured, 40k appends to one room in batches of 1000: 16.4 s with the constant threshold alone,
 * 5.4 s with this rule; 10k: 2.1 s and 1.6 s).
 * Waiting until the log is also a fixed share of the snapshot keeps the total work linear.
 */
export const COMPACT_AFTER_UPDATES = 500;

/** The log must hold at least 1/SNAPSHOT_SHARE of the snapshot's bytes, too. */
export const SNAPSHOT_SHARE = 4;

/** What a room instance knows of its stored form: the snapshot's size and the log after it. */
export type RoomLogSize = { updates: number; bytes: number; snapshotBytes: number };

export function compactionDue(size: RoomLogSize, compactAfter = COMPACT_AFTER_UPDATES): boolean {
  return size.updates >= compactAfter && size.bytes * SNAPSHOT_SHARE >= size.snapshotBytes;
}
