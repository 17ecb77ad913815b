import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion, type Migration } from '../../../electron/core/db/migrate';

const tables = (db: Database.Database) =>
  (
    db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as {
      name: string;
    }[]
  ).map((t) => t.name);

const steps: Migration[] = [
  { version: 1, name: 'a', up: 'CREATE TABLE a (x INTEGER) STRICT;' },
  { version: 2, name: 'b', up: 'CREATE TABLE b (y INTEGER) STRICT;' },
];

describe('migrate', () => {
  it('applies migrations in order up to the target and records the version', () => {
    const db = new Database(':memory:');
    migrate(db, steps, 1);
    expect([schemaVersion(db), tables(db)]).toEqual([1, ['a']]);
    migrate(db, steps);
    expect([schemaVersion(db), tables(db)]).toEqual([2, ['a', 'b']]);
    migrate(db, steps);
    expect(schemaVersion(db)).toBe(2);
  });

  it('leaves the store at the last whole version when a migration fails', () => {
    const db = new Database(':memory:');
    const broken: Migration[] = [
      steps[0]!,
      { version: 2, name: 'half', up: 'CREATE TABLE b (y INTEGER) STRICT; CREATE TABLE a (dup INTEGER);' },
    ];
    expect(() => migrate(db, broken)).toThrow(/already exists/);
    expect([schemaVersion(db), tables(db)]).toEqual([1, ['a']]);
  });

  it('refuses a store written by a newer Muster', () => {
    const db = new Database(':memory:');
    db.pragma('user_version = 3');
    expect(() => migrate(db, steps)).toThrow(/schema version 3, newer than this Muster build knows \(2\)/);
  });

  it('refuses a migration list with a gap', () => {
    const db = new Database(':memory:');
    expect(() => migrate(db, [steps[1]!])).toThrow(/expected 1/);
    expect(schemaVersion(db)).toBe(0);
  });
});

describe('migrate, two processes at once', () => {
  it('runs each migration once when another process migrated after it looked', async () => {
    const { tempDir } = await import('../../support/temp-dir');
    const file = `${tempDir()}/store.db`;
    const first = new Database(file);
    const second = new Database(file);
    migrate(first, steps);
    // The second process read the version before the first migrated: its first look says 0.
    let looks = 0;
    const stale = new Proxy(second, {
      get(target, key) {
        if (key === 'pragma') {
          return (source: string, options?: object) =>
            source === 'user_version' && looks++ === 0 ? 0 : target.pragma(source, options);
        }
        const value = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    expect(() => migrate(stale, steps)).not.toThrow();
    expect([schemaVersion(second), tables(second)]).toEqual([2, ['a', 'b']]);
    first.close();
    second.close();
  });
});
