/**
 * SQL access to the room tables of migration 0002: the per-room update log and the compacted
 * snapshot. Plain reads and writes only; the transactions that make them safe live with callers.
 */
import type { Store } from '../db/open';

export type RoomSnapshot = { state: Uint8Array; coversSeq: number };
export type LoggedUpdate = { seq: number; update: Uint8Array };

type SnapshotRow = { state: Buffer; covers_seq: number };
type UpdateRow = { seq: number; update_bytes: Buffer };

function prepareStatements(db: Store) {
  return {
    insertUpdate: db.prepare<[string, Uint8Array, string]>(
      'INSERT INTO room_updates (room, update_bytes, created_at) VALUES (?, ?, ?)',
    ),
    updatesAfter: db.prepare<[string, number], UpdateRow>(
      'SELECT seq, update_bytes FROM room_updates WHERE room = ? AND seq > ? ORDER BY seq',
    ),
    snapshot: db.prepare<[string], SnapshotRow>(
      'SELECT state, covers_seq FROM room_snapshots WHERE room = ?',
    ),
    snapshotCoversSeq: db.prepare<[string], { covers_seq: number }>(
      'SELECT covers_seq FROM room_snapshots WHERE room = ?',
    ),
    writeSnapshot: db.prepare<[string, Uint8Array, number, string]>(
      `INSERT INTO room_snapshots (room, state, covers_seq, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (room) DO UPDATE SET
         state = excluded.state, covers_seq = excluded.covers_seq, updated_at = excluded.updated_at`,
    ),
    deleteUpdatesUpTo: db.prepare<[string, number]>('DELETE FROM room_updates WHERE room = ? AND seq <= ?'),
    rooms: db.prepare<[], { room: string }>(
      'SELECT room FROM room_snapshots UNION SELECT room FROM room_updates ORDER BY room',
    ),
  };
}

// Appends happen once per event, so statements are prepared once per connection, not per call.
const cache = new WeakMap<Store, ReturnType<typeof prepareStatements>>();
function statements(db: Store) {
  let prepared = cache.get(db);
  if (!prepared) {
    prepared = prepareStatements(db);
    cache.set(db, prepared);
  }
  return prepared;
}

/** better-sqlite3 returns Buffers, often views into a shared pool; Yjs only needs the bytes. */
const bytes = (buffer: Buffer) => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);

/** Appends one update to a room's log and returns its seq. */
export function insertUpdate(db: Store, room: string, update: Uint8Array): number {
  const info = statements(db).insertUpdate.run(room, update, new Date().toISOString());
  return Number(info.lastInsertRowid);
}

export function readUpdatesAfter(db: Store, room: string, afterSeq: number): LoggedUpdate[] {
  return statements(db)
    .updatesAfter.all(room, afterSeq)
    .map((row) => ({ seq: row.seq, update: bytes(row.update_bytes) }));
}

export function readSnapshot(db: Store, room: string): RoomSnapshot | undefined {
  const row = statements(db).snapshot.get(room);
  return row && { state: bytes(row.state), coversSeq: row.covers_seq };
}

/** The seq the room's snapshot covers (0: none), without reading the snapshot itself. */
export function readSnapshotCoversSeq(db: Store, room: string): number {
  return statements(db).snapshotCoversSeq.get(room)?.covers_seq ?? 0;
}

export function writeSnapshot(db: Store, room: string, snapshot: RoomSnapshot): void {
  statements(db).writeSnapshot.run(room, snapshot.state, snapshot.coversSeq, new Date().toISOString());
}

/** Deletes the room's updates with seq <= `seq`; returns how many were deleted. */
export function deleteUpdatesUpTo(db: Store, room: string, seq: number): number {
  return statements(db).deleteUpdatesUpTo.run(room, seq).changes;
}

/** The newest position in the room log (room_updates.seq is AUTOINCREMENT, so it only grows). */
export function latestRoomSeq(db: Store): number {
  return (
    (db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'room_updates'").pluck().get() as number) ?? 0
  );
}

/** Rooms written after log position `seq`, including rooms compacted since (their updates moved to the snapshot). */
export function roomsChangedSince(db: Store, seq: number): string[] {
  return db
    .prepare(
      'SELECT room FROM room_updates WHERE seq > ? UNION SELECT room FROM room_snapshots WHERE covers_seq > ?',
    )
    .pluck()
    .all(seq, seq) as string[];
}

/** Every room that has a snapshot or a logged update, by name. */
export function listRooms(db: Store): string[] {
  return statements(db)
    .rooms.all()
    .map((row) => row.room);
}

/** Removes a room from this copy for good: its log and snapshot go, and sync will not fetch it again. */
export function purgeRoom(db: Store, room: string): void {
  db.transaction(() => {
    db.prepare('DELETE FROM room_updates WHERE room = ?').run(room);
    db.prepare('DELETE FROM room_snapshots WHERE room = ?').run(room);
    db.prepare('INSERT OR IGNORE INTO purged_rooms (room, purged_at) VALUES (?, ?)').run(
      room,
      new Date().toISOString(),
    );
  })();
}

/** Rooms purged from this copy. */
export function purgedRooms(db: Store): Set<string> {
  return new Set(db.prepare('SELECT room FROM purged_rooms').pluck().all() as string[]);
}
