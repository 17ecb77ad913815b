import type { Migration } from '../migrate';

/**
 * Where each playbook run lives (issue 5): a run's events are in its incident's room, an exercise's
 * in a room of its own, so finding a run by id, or an incident's runs, needs this index. It is a
 * projection, refilled from the rooms like the incident board.
 *
 * Purged rooms (exercises once they are over) are remembered so that sync does not fetch them again
 * from a hub that still holds them.
 */
export const playbookRuns: Migration = {
  version: 5,
  name: 'playbook-runs',
  up: `
    CREATE TABLE playbook_runs (
      run_id       TEXT PRIMARY KEY,
      room         TEXT NOT NULL,
      incident_id  TEXT NOT NULL,
      playbook_id  TEXT NOT NULL,
      exercise     INTEGER NOT NULL CHECK (exercise IN (0, 1)),
      started_hlc  TEXT NOT NULL
    ) STRICT;
    CREATE INDEX playbook_runs_by_incident ON playbook_runs (incident_id, started_hlc);
    CREATE INDEX playbook_runs_by_room ON playbook_runs (room);

    CREATE TABLE purged_rooms (
      room       TEXT PRIMARY KEY,
      purged_at  TEXT NOT NULL
    ) STRICT;
  `,
};
