import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../electron/core/db/migrate';
import { MIGRATIONS } from '../../../electron/core/db/migrations';

describe('migration 5: playbook runs', () => {
  it('adds the run index to a store holding rooms and projections, leaving them as they were', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS, 4);
    db.prepare('INSERT INTO room_updates (room, update_bytes, created_at) VALUES (?, ?, ?)').run(
      'incident:abc',
      Buffer.from([1, 2]),
      '2026-11-25T03:00:00Z',
    );
    db.prepare("INSERT INTO projection_marks (name, seq) VALUES ('rooms', 1)").run();
    const before = [
      db.prepare('SELECT * FROM room_updates').all(),
      db.prepare('SELECT * FROM projection_marks').all(),
    ];
    migrate(db, MIGRATIONS, 5);
    expect(schemaVersion(db)).toBe(5);
    expect([
      db.prepare('SELECT * FROM room_updates').all(),
      db.prepare('SELECT * FROM projection_marks').all(),
    ]).toEqual(before);

    const insert = db.prepare(
      'INSERT INTO playbook_runs (run_id, room, incident_id, playbook_id, exercise, started_hlc) VALUES (?, ?, ?, ?, ?, ?)',
    );
    insert.run('run-1', 'incident:abc', 'abc', 'substation-outage-signals', 0, '2026-11-25T03:00:00Z');
    expect(() => insert.run('run-2', 'exercise:run-2', 'abc', 'x', 2, '2026-11-25T03:00:00Z')).toThrow(
      /CHECK/,
    );
    expect(() => insert.run('run-1', 'incident:abc', 'abc', 'x', 0, '2026-11-25T03:00:00Z')).toThrow(
      /UNIQUE/,
    );
  });
});
