import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../electron/core/db/migrate';
import { MIGRATIONS } from '../../../electron/core/db/migrations';

describe('migration 4: sync', () => {
  it('adds the sync tables to a store holding rooms, leaving the rooms as they were', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS, 3);
    db.prepare('INSERT INTO room_updates (room, update_bytes, created_at) VALUES (?, ?, ?)').run(
      'directory',
      Buffer.from([1, 2]),
      '2026-11-25T03:00:00Z',
    );
    const before = db.prepare('SELECT * FROM room_updates').all();
    migrate(db, MIGRATIONS, 4);
    expect(schemaVersion(db)).toBe(4);
    expect(db.prepare('SELECT * FROM room_updates').all()).toEqual(before);

    db.prepare('INSERT INTO sync_hubs (position, url) VALUES (0, ?)').run('ws://10.0.0.5:4871');
    expect(() => db.prepare('INSERT INTO sync_hubs (position, url) VALUES (1, ?)').run('http://x')).toThrow(
      /CHECK/,
    );
    db.prepare("INSERT INTO sync_rooms (room, state, since) VALUES ('directory', 'offline', ?)").run(
      '2026-11-25T03:00:00Z',
    );
    expect(() =>
      db.prepare("INSERT INTO sync_rooms (room, state, since) VALUES ('x', 'lost', 'now')").run(),
    ).toThrow(/CHECK/);
  });
});
