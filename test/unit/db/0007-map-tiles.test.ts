import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../electron/core/db/migrate';
import { MIGRATIONS } from '../../../electron/core/db/migrations';

describe('migration 7: map tiles', () => {
  it('adds a tile cache keyed by source and tile, with one row per tile', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS, 6);
    migrate(db, MIGRATIONS, 7);
    expect(schemaVersion(db)).toBe(7);
    const insert = db.prepare(
      `INSERT INTO map_tiles (source, z, x, y, content_type, bytes, fetched_at, used_at, data)
       VALUES ('https://t.example/{z}/{x}/{y}.png', 1, 0, 1, 'image/png', 3, 0, 0, x'010203')`,
    );
    insert.run();
    expect(() => insert.run()).toThrow(/UNIQUE/);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'map_tiles_by_use'").pluck().get()).toBe(
      'map_tiles_by_use',
    );
  });
});
