import path from 'node:path';
import type { EventEnvelope } from '../../shared/events';
import { openStore, type Store } from '../../electron/core/db/open';
import { tempDir } from './temp-dir';
import { onTestFinished } from 'vitest';

/** A well-formed envelope; the store does not check signatures, so `sig` is a placeholder. */
export function makeEvent(id: string, text = `note ${id}`): EventEnvelope {
  return {
    id,
    type: 'note.added',
    hlc: `2026-11-25T03:00:00.000Z-0000-${id}`,
    actor: 'member-1',
    device: 'device-1',
    department: 'police',
    payload: { text },
    sig: 'unsigned',
  };
}

/** A store file in a fresh temp dir, removed when the test finishes. */
export function tempStoreFile(): string {
  return path.join(tempDir(), 'muster.db');
}

/** Opens (and migrates) a store, closed when the test finishes; pass a file to open it again. */
export function openTempStore(file = tempStoreFile()): Store {
  const db = openStore(file);
  onTestFinished(() => void db.close());
  return db;
}

export const ids = (events: { id: string }[]) => events.map((e) => e.id).sort();

export type RoomTableRows = { updates: unknown[]; snapshots: unknown[] };

/** Both room tables, whole, to compare before and after an operation that must change nothing. */
export function roomTables(db: Store): RoomTableRows {
  return {
    updates: db.prepare('SELECT * FROM room_updates ORDER BY seq').all(),
    snapshots: db.prepare('SELECT * FROM room_snapshots ORDER BY room').all(),
  };
}
