import * as Y from 'yjs';
import type { Store } from '../db/open';
import { mergeUpdatesInRounds } from './merge-updates';
import { assertRoomName } from './room-name';
import { deleteUpdatesUpTo, readSnapshot, readUpdatesAfter, writeSnapshot } from './update-log';

export type CompactionResult = {
  /** How many logged updates were merged into the snapshot (0: nothing to do, nothing written). */
  mergedUpdates: number;
  /** The seq the snapshot covers afterwards. */
  coversSeq: number;
  /** The snapshot's size afterwards (0: there is none). */
  snapshotBytes: number;
};

/**
 * Merges a room's snapshot and every update logged so far into a new snapshot and deletes exactly
 * the merged updates.
 *
 * One IMMEDIATE transaction: it takes the write lock before reading, so no other connection or
 * process can log an update for the room between the read and the delete, and a crash or error at
 * any point leaves the previous snapshot and log untouched. Y.mergeUpdates (not a Y.Doc round
 * trip) keeps updates whose dependencies have not arrived yet, which a document would hold back.
 */
export function compactRoom(db: Store, room: string): CompactionResult {
  assertRoomName(room);
  return db
    .transaction((): CompactionResult => {
      const snapshot = readSnapshot(db, room);
      const coveredBefore = snapshot?.coversSeq ?? 0;
      const logged = readUpdatesAfter(db, room, coveredBefore);
      const last = logged.at(-1);
      if (!last) {
        return { mergedUpdates: 0, coversSeq: coveredBefore, snapshotBytes: snapshot?.state.byteLength ?? 0 };
      }

      // The log first, on its own: the snapshot is the large part and is then re-encoded only once.
      const log = mergeUpdatesInRounds(logged.map((entry) => entry.update));
      const state = snapshot ? Y.mergeUpdates([snapshot.state, log]) : log;
      writeSnapshot(db, room, { state, coversSeq: last.seq });

      // The write lock held since the first read means these are exactly the rows merged above (rows
      // at or below the old snapshot's seq were merged into it, and so into the new one).
      deleteUpdatesUpTo(db, room, last.seq);
      return { mergedUpdates: logged.length, coversSeq: last.seq, snapshotBytes: state.byteLength };
    })
    .immediate();
}
