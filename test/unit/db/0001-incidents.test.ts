import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../electron/core/db/migrate';
import { MIGRATIONS } from '../../../electron/core/db/migrations';

const insert = (db: Database.Database, row: Record<string, unknown>) =>
  db
    .prepare(
      'INSERT INTO incidents (id, title, severity, status, created_at) VALUES (@id, @title, @severity, @status, @created_at)',
    )
    .run(row);

const valid = {
  id: 'i1',
  title: 'Flooded underpass',
  severity: 'moderate',
  status: 'reported',
  created_at: '2026-11-25T03:00:00Z',
};

describe('migration 1: incidents', () => {
  it('creates the incidents table and its board index on an empty store', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS, 1);
    expect(schemaVersion(db)).toBe(1);
    insert(db, valid);
    expect(db.prepare('SELECT * FROM incidents').all()).toEqual([valid]);
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT id FROM incidents ORDER BY created_at DESC, id').all();
    expect(JSON.stringify(plan)).toContain('incidents_by_created_at');
  });

  it.each([
    [{ ...valid, severity: 'huge' }, /CHECK constraint/],
    [{ ...valid, status: 'lost' }, /CHECK constraint/],
    [{ ...valid, title: '' }, /CHECK constraint/],
    [{ ...valid, title: Buffer.from('blob') }, /cannot store BLOB value in TEXT column/],
    [{ ...valid, created_at: null }, /NOT NULL/],
  ])('rejects rows the app could never write: %j', (row, error) => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS, 1);
    expect(() => insert(db, row)).toThrow(error);
  });
});
