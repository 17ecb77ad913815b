import type { Migration } from '../migrate';

export const incidents: Migration = {
  version: 1,
  name: 'incidents',
  up: `
    CREATE TABLE incidents (
      id          TEXT PRIMARY KEY,
      title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      severity    TEXT NOT NULL CHECK (severity IN ('critical', 'major', 'moderate', 'minor')),
      status      TEXT NOT NULL CHECK (status IN ('reported', 'acknowledged', 'active', 'contained', 'resolved', 'closed')),
      created_at  TEXT NOT NULL
    ) STRICT;
    CREATE INDEX incidents_by_created_at ON incidents (created_at DESC, id);
  `,
};
