import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core/core';
import { migrate, schemaVersion } from '../../../electron/core/db/migrate';
import { MIGRATIONS } from '../../../electron/core/db/migrations';
import type { IncidentSummary } from '../../../shared/incident';
import { coreWithWorkspace, createIncident } from '../../support/workspace';

let core: Core | undefined;
afterEach(() => core?.close());

describe('migration 6: incident positions', () => {
  it('adds range-checked coordinates to the board and makes the projections read every room again', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS, 5);
    db.prepare("INSERT INTO projection_marks (name, seq) VALUES ('rooms', 42), ('runs', 7)").run();
    migrate(db, MIGRATIONS, 6);
    expect(schemaVersion(db)).toBe(6);
    expect(db.prepare('SELECT name, seq FROM projection_marks').all()).toEqual([{ name: 'runs', seq: 7 }]);
    const columns = db.prepare("SELECT name FROM pragma_table_info('incidents')").pluck().all();
    expect(columns).toEqual(expect.arrayContaining(['lat', 'lon']));
    const insert = db.prepare(
      `INSERT INTO incidents (id, room, title, description, category, severity, severity_rank, priority, status, tlp,
         departments, open_conflicts, untrusted_events, created_at, updated_at, lat, lon)
       VALUES ('a', 'incident:a', 't', '', 'Other', 'major', 1, 3, 'reported', 'GREEN', '[]', 0, 0, 'x', 'x', ?, ?)`,
    );
    expect(() => insert.run(91, 0)).toThrow(/CHECK/);
    insert.run(52.37, 4.89);
  });

  it('gives the board each incident position, and none to an incident placed only by area', async () => {
    ({ core } = await coreWithWorkspace());
    const placed = await createIncident(core, { title: 'Gas leak', location: { lat: 52.37, lon: 4.89 } });
    const area = await createIncident(core, { title: 'Flooding', location: { area: 'North' } });
    expect(placed.position).toEqual({ lat: 52.37, lon: 4.89 });
    expect(area).toMatchObject({ position: null, areaName: 'North' });
    await core.call('updateIncident', { id: area.id, location: { lat: 52.4, lon: 4.9, area: 'North' } });
    const listed = (await core.call('listIncidents', {})) as IncidentSummary[];
    expect(listed.find((i) => i.id === area.id)?.position).toEqual({ lat: 52.4, lon: 4.9 });
  });
});
