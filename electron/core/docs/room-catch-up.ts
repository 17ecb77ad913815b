import type { Store } from '../db/open';
import { readSnapshot, readSnapshotCoversSeq, readUpdatesAfter } from './update-log';

/** The stored updates a room instance has not applied yet, and the seq it is current to after applying them. */
export type CatchUp = {
  /** In the order to apply them: the snapshot (if it was read), then logged updates by seq. */
  updates: Uint8Array[];
  lastSeq: number;
  /** The snapshot's size, when it was read (it covers more than the caller had seen). */
  snapshotBytes?: number;
  /** How many logged updates were read, and their bytes. */
  logged: { updates: number; bytes: number };
};

/**
 * Reads what was stored for `room` after `afterSeq` (0 = everything): the snapshot if it covers
 * more than the caller has seen, then the logged updates after whichever is newer.
 *
 * One read transaction, so the snapshot and the log come from the same instant: otherwise a
 * compaction by another process between the two reads would delete updates from the log that are
 * missing from the older snapshot we read.
 */
export function readRoomSince(db: Store, room: string, afterSeq: number): CatchUp {
  const read = (): CatchUp => {
    const result: CatchUp = { updates: [], lastSeq: afterSeq, logged: { updates: 0, bytes: 0 } };
    // Checked before the snapshot is read: this runs before every append, and reading a large
    // snapshot each time would make appending quadratic in the size of the room.
    if (readSnapshotCoversSeq(db, room) > afterSeq) {
      const snapshot = readSnapshot(db, room);
      if (snapshot) {
        result.updates.push(snapshot.state);
        result.lastSeq = snapshot.coversSeq;
        result.snapshotBytes = snapshot.state.byteLength;
      }
    }
    for (const logged of readUpdatesAfter(db, room, result.lastSeq)) {
      result.updates.push(logged.update);
      result.lastSeq = logged.seq;
      result.logged.updates++;
      result.logged.bytes += logged.update.byteLength;
    }
    return result;
  };
  // Inside a caller's transaction (appendEvent holds the write lock) the view is consistent already.
  return db.inTransaction ? read() : db.transaction(read)();
}
