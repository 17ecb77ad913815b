import type { Migration } from '../migrate';

/**
 * Who is responsible for each open task, projected beside the board row, so "what needs me"
 * reads one indexed table instead of folding every incident of the department (with 2,000
 * incidents the first ask took seconds). Forgetting how far the projections had read makes the
 * next read refold every incident and fill the table.
 */
export const openTasks: Migration = {
  version: 8,
  name: 'open-tasks',
  up: `
    CREATE TABLE incident_open_tasks (
      incident_id  TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
      position     INTEGER NOT NULL,
      task_id      TEXT NOT NULL,
      title        TEXT NOT NULL,
      -- 'member:<member id>' or 'department:<department id>', one row per responsible party.
      party        TEXT NOT NULL,
      PRIMARY KEY (party, incident_id, task_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX incident_open_tasks_by_incident ON incident_open_tasks (incident_id);
    DELETE FROM projection_marks WHERE name = 'rooms';
  `,
};
