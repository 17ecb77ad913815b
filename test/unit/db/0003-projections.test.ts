import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../electron/core/db/migrate';
import { MIGRATIONS } from '../../../electron/core/db/migrations';

const sliceIncident = {
  id: 'i1',
  title: 'Flooded underpass',
  severity: 'moderate',
  status: 'reported',
  created_at: '2026-11-25T03:00:00Z',
};

const projected = {
  id: 'a1',
  room: 'incident:a1',
  title: 'Substation 14 outage',
  description: 'Feeder cable fault',
  category: 'Infra',
  severity: 'critical',
  severity_rank: 0,
  priority: 1,
  status: 'active',
  tlp: 'GREEN',
  lead_department: 'energy',
  departments: '["energy"]',
  area_name: 'North',
  open_conflicts: 0,
  untrusted_events: 0,
  created_at: '2026-11-25T03:00:00Z',
  updated_at: '2026-11-25T03:05:00Z',
};

function insert(db: Database.Database, table: string, row: Record<string, unknown>) {
  const columns = Object.keys(row);
  db.prepare(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
  ).run(row);
}

describe('migration 3: projections', () => {
  it('keeps incidents recorded before workspaces, under a name that says so', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS, 2);
    insert(db, 'incidents', sliceIncident);
    migrate(db, MIGRATIONS, 3);
    expect(schemaVersion(db)).toBe(3);
    expect(db.prepare('SELECT * FROM incidents_before_workspaces').all()).toEqual([sliceIncident]);
    expect(db.prepare('SELECT count(*) AS n FROM incidents').get()).toEqual({ n: 0 });
  });

  it('serves the board from an index and keeps full-text search in step with its documents', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS, 3);
    insert(db, 'incidents', projected);
    const plan = JSON.stringify(
      db
        .prepare(
          "EXPLAIN QUERY PLAN SELECT id FROM incidents WHERE status IN ('active', 'reported') ORDER BY severity_rank, created_at DESC LIMIT 50",
        )
        .all(),
    );
    expect(plan).toContain('incidents_board');

    insert(db, 'search_docs', {
      incident_id: 'a1',
      kind: 'log',
      ref: 'e1',
      text: 'Pumps requested from the fire brigade',
    });
    const match = db.prepare("SELECT rowid FROM search_fts WHERE search_fts MATCH 'pump*'").pluck();
    expect(match.all()).toHaveLength(1);
    db.prepare("DELETE FROM search_docs WHERE incident_id = 'a1'").run();
    expect(match.all()).toEqual([]);
  });

  it('stores each item of the local identity once', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS, 3);
    insert(db, 'local_identity', { name: 'device_key', value: 'secret' });
    expect(() => insert(db, 'local_identity', { name: 'device_key', value: 'other' })).toThrow(/UNIQUE/);
  });
});
