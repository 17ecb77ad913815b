import type { Migration } from '../migrate';

/** Same rule as electron/core/docs/room-name.ts, so no writer can bypass it. */
const ROOM_NAME_CHECK = `length(room) BETWEEN 1 AND 128 AND room GLOB '[a-z0-9]*' AND room NOT GLOB '*[^a-z0-9:._-]*'`;

/**
 * Each room (one Yjs document) is stored as a compacted snapshot plus the updates logged since
 * (DESIGN.md section 3). `seq` is AUTOINCREMENT, not a plain rowid: compaction deletes the newest
 * rows too, and a reused seq would look already covered by the snapshot. The column is
 * `update_bytes` because UPDATE is an SQL keyword.
 */
export const rooms: Migration = {
  version: 2,
  name: 'rooms',
  up: `
    CREATE TABLE room_updates (
      seq           INTEGER PRIMARY KEY AUTOINCREMENT,
      room          TEXT NOT NULL CHECK (${ROOM_NAME_CHECK}),
      created_at    TEXT NOT NULL,
      update_bytes  BLOB NOT NULL CHECK (length(update_bytes) > 0)
    ) STRICT;
    -- Loading and compacting read one room's updates in seq order.
    CREATE INDEX room_updates_by_room ON room_updates (room, seq);

    -- The BLOB is the last column: SQLite reads a column stored after a large value by walking its
    -- overflow pages, and covers_seq is read before every append.
    CREATE TABLE room_snapshots (
      room        TEXT PRIMARY KEY CHECK (${ROOM_NAME_CHECK}),
      -- The highest room_updates.seq merged into state; only later updates still apply on top.
      covers_seq  INTEGER NOT NULL CHECK (covers_seq >= 0),
      updated_at  TEXT NOT NULL,
      state       BLOB NOT NULL
    ) STRICT;
  `,
};
