/**
 * Every room's state vector, read from its stored bytes without building a document, and kept
 * until the room is written again. Sync status asks for all rooms each time: loading 2,000
 * documents to count pending changes cost most of a second per ask and held up the whole core.
 */
import * as Y from 'yjs';
import type { Store } from '../db/open';
import { readRoomSince } from './room-catch-up';
import { latestRoomSeq, listRooms, roomsChangedSince } from './update-log';

export function createStoredStateVectors(db: Store) {
  const vectors = new Map<string, Uint8Array>();
  /** How far the log had been read when the cached vectors were right. */
  let mark = 0;

  const read = (room: string): Uint8Array => {
    const { updates } = readRoomSince(db, room, 0);
    if (updates.length === 0) return Y.encodeStateVector(new Y.Doc());
    return Y.encodeStateVectorFromUpdate(updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates));
  };

  return {
    /** Each stored room with its state vector, by room name. */
    all(): Map<string, Uint8Array> {
      const latest = latestRoomSeq(db);
      if (latest > mark) for (const room of roomsChangedSince(db, mark)) vectors.delete(room);
      mark = latest;
      const current = new Map<string, Uint8Array>();
      for (const room of listRooms(db)) {
        let vector = vectors.get(room);
        if (!vector) {
          vector = read(room);
          vectors.set(room, vector);
        }
        current.set(room, vector);
      }
      // Purged rooms leave the list; forget them too.
      if (vectors.size > current.size)
        for (const room of vectors.keys()) if (!current.has(room)) vectors.delete(room);
      return current;
    },
  };
}

export type StoredStateVectors = ReturnType<typeof createStoredStateVectors>;
