import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { STORE_FILE, type Core } from '../../../electron/core/core';
import { migrate, schemaVersion } from '../../../electron/core/db/migrate';
import { MIGRATIONS } from '../../../electron/core/db/migrations';
import { coreWithWorkspace, createIncident } from '../../support/workspace';

let core: Core | undefined;
afterEach(() => core?.close());

describe('migration 8: open tasks', () => {
  it('adds the table of responsible parties and makes the projections read every room again', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS, 7);
    db.prepare("INSERT INTO projection_marks (name, seq) VALUES ('rooms', 42), ('runs', 7)").run();
    migrate(db, MIGRATIONS, 8);
    expect(schemaVersion(db)).toBe(8);
    expect(db.prepare('SELECT name, seq FROM projection_marks').all()).toEqual([{ name: 'runs', seq: 7 }]);
    const columns = db.prepare("SELECT name FROM pragma_table_info('incident_open_tasks')").pluck().all();
    expect(columns).toEqual(['incident_id', 'position', 'task_id', 'title', 'party']);
  });

  it('holds one row per responsible party of each open task, and drops a task once acknowledged', async () => {
    let dataDir: string;
    ({ core, dataDir } = await coreWithWorkspace());
    const db = new Database(path.join(dataDir, STORE_FILE), { readonly: true });
    const incident = await createIncident(core, { title: 'Gas leak' });
    const record = (await core.call('createTask', {
      id: incident.id,
      title: 'Close the street',
      responsible: [
        { kind: 'department', id: 'traffic' },
        { kind: 'member', id: 'm-1' },
      ],
    })) as { tasks: Array<{ id: string }> };
    await core.call('listIncidents', {});
    const rows = () =>
      db.prepare('SELECT task_id AS taskId, title, party FROM incident_open_tasks ORDER BY party').all();
    const taskId = record.tasks[0]!.id;
    expect(rows()).toEqual([
      { taskId, title: 'Close the street', party: 'department:traffic' },
      { taskId, title: 'Close the street', party: 'member:m-1' },
    ]);
    await core.call('changeTaskState', { id: incident.id, taskId, action: 'acknowledge' });
    await core.call('listIncidents', {});
    expect(rows()).toEqual([]);
  });
});
