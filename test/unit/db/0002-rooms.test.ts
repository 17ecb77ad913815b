import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../electron/core/db/migrate';
import { MIGRATIONS } from '../../../electron/core/db/migrations';

const incident = {
  id: 'i1',
  title: 'Flooded underpass',
  severity: 'moderate',
  status: 'reported',
  created_at: '2026-11-25T03:00:00Z',
};

const at = '2026-11-25T03:00:00Z';

function migratedToRooms(): Database.Database {
  const db = new Database(':memory:');
  migrate(db, MIGRATIONS, 2);
  return db;
}

const logUpdate = (db: Database.Database, room: string, bytes: unknown = Buffer.from([1, 2, 3])) =>
  Number(
    db
      .prepare('INSERT INTO room_updates (room, update_bytes, created_at) VALUES (?, ?, ?)')
      .run(room, bytes, at).lastInsertRowid,
  );

describe('migration 2: rooms', () => {
  it('adds the room tables to a store holding incidents, leaving the incidents as they were', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS, 1);
    db.prepare(
      'INSERT INTO incidents (id, title, severity, status, created_at) VALUES (@id, @title, @severity, @status, @created_at)',
    ).run(incident);
    migrate(db, MIGRATIONS, 2);
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare('SELECT * FROM incidents').all()).toEqual([incident]);

    logUpdate(db, 'incident:i1');
    db.prepare('INSERT INTO room_snapshots (room, state, covers_seq, updated_at) VALUES (?, ?, ?, ?)').run(
      'incident:i1',
      Buffer.from([9]),
      1,
      at,
    );
    expect(db.prepare('SELECT room, update_bytes FROM room_updates').all()).toEqual([
      { room: 'incident:i1', update_bytes: Buffer.from([1, 2, 3]) },
    ]);
    expect(db.prepare('SELECT room, state, covers_seq FROM room_snapshots').all()).toEqual([
      { room: 'incident:i1', state: Buffer.from([9]), covers_seq: 1 },
    ]);
  });

  it('never reuses a seq, even after the newest updates were compacted away', () => {
    const db = migratedToRooms();
    logUpdate(db, 'directory');
    const second = logUpdate(db, 'directory');
    db.prepare('DELETE FROM room_updates').run();
    expect(logUpdate(db, 'directory')).toBe(second + 1);
  });

  it("reads one room's updates in seq order through the index", () => {
    const db = migratedToRooms();
    const plan = db
      .prepare(
        'EXPLAIN QUERY PLAN SELECT seq, update_bytes FROM room_updates WHERE room = ? AND seq > ? ORDER BY seq',
      )
      .all('directory', 0);
    expect(JSON.stringify(plan)).toContain('room_updates_by_room');
    expect(JSON.stringify(plan)).not.toContain('TEMP B-TREE');
  });

  it('keeps one snapshot per room', () => {
    const db = migratedToRooms();
    const insert = db.prepare(
      'INSERT INTO room_snapshots (room, state, covers_seq, updated_at) VALUES (?, ?, ?, ?)',
    );
    insert.run('directory', Buffer.from([1]), 1, at);
    expect(() => insert.run('directory', Buffer.from([2]), 2, at)).toThrow(/UNIQUE constraint/);
  });

  it.each([
    ['Directory', Buffer.from([1]), /CHECK constraint/],
    ['a room', Buffer.from([1]), /CHECK constraint/],
    ['-leading-dash', Buffer.from([1]), /CHECK constraint/],
    ['x'.repeat(129), Buffer.from([1]), /CHECK constraint/],
    ['directory', Buffer.alloc(0), /CHECK constraint/],
    ['directory', 'text, not bytes', /cannot store TEXT value in BLOB column/],
    ['directory', null, /NOT NULL/],
  ])('rejects log rows the store could never write: room %j, update %j', (room, bytes, error) => {
    const db = migratedToRooms();
    expect(() => logUpdate(db, room, bytes)).toThrow(error);
  });

  it('accepts every room name the room store accepts', () => {
    const db = migratedToRooms();
    for (const room of ['directory', 'incident:0f8e-11', 'dept.police_restricted', 'x'.repeat(128)]) {
      expect(() => logUpdate(db, room)).not.toThrow();
    }
  });
});
