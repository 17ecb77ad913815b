import type { Migration } from '../migrate';

/**
 * From here on incidents are events in rooms (0002) and these tables are projections of them,
 * rebuilt from the fold; nothing here is the source of truth. The slice-era table is renamed, not
 * dropped, so incidents recorded before workspaces existed stay readable.
 */
export const projections: Migration = {
  version: 3,
  name: 'projections',
  up: `
    ALTER TABLE incidents RENAME TO incidents_before_workspaces;
    DROP INDEX incidents_by_created_at;

    CREATE TABLE incidents (
      id               TEXT PRIMARY KEY,
      room             TEXT NOT NULL,
      title            TEXT NOT NULL,
      description      TEXT NOT NULL,
      category         TEXT NOT NULL,
      severity         TEXT NOT NULL,
      severity_rank    INTEGER NOT NULL,
      priority         INTEGER NOT NULL,
      status           TEXT NOT NULL,
      tlp              TEXT NOT NULL,
      lead_department  TEXT,
      departments      TEXT NOT NULL,
      area_name        TEXT,
      open_conflicts   INTEGER NOT NULL,
      -- Events that did not verify (yet): a certificate arriving later may make them count.
      untrusted_events INTEGER NOT NULL,
      created_at       TEXT NOT NULL,
      updated_at       TEXT NOT NULL
    ) STRICT;
    -- The board: active incidents, most severe first, newest first within a severity. It covers the
    -- ORDER BY, so the board picks its page of ids from the index alone.
    CREATE INDEX incidents_board ON incidents (status, severity_rank, created_at DESC, id);
    CREATE INDEX incidents_by_created_at ON incidents (created_at DESC, id);
    CREATE INDEX incidents_by_lead ON incidents (lead_department, status);
    CREATE INDEX incidents_with_untrusted ON incidents (room) WHERE untrusted_events > 0;

    CREATE TABLE incident_departments (
      incident_id  TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
      department   TEXT NOT NULL,
      PRIMARY KEY (department, incident_id)
    ) STRICT, WITHOUT ROWID;

    -- Searchable text (titles, descriptions, log entries) with an FTS5 index kept by triggers.
    CREATE TABLE search_docs (
      rowid        INTEGER PRIMARY KEY,
      incident_id  TEXT NOT NULL,
      kind         TEXT NOT NULL,
      ref          TEXT NOT NULL,
      text         TEXT NOT NULL
    ) STRICT;
    CREATE INDEX search_docs_by_incident ON search_docs (incident_id);
    CREATE VIRTUAL TABLE search_fts USING fts5 (
      text, content = 'search_docs', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
      INSERT INTO search_fts (rowid, text) VALUES (new.rowid, new.text);
    END;
    CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
      INSERT INTO search_fts (search_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
    END;

    -- How far the projections have read the room logs: room_updates.seq (AUTOINCREMENT, so it only
    -- grows). Rooms written since, by this process, another one or sync, are refolded on next read.
    CREATE TABLE projection_marks (
      name  TEXT PRIMARY KEY,
      seq   INTEGER NOT NULL
    ) STRICT;

    -- This installation's identity: keys and certificates. Never synced.
    CREATE TABLE local_identity (
      name   TEXT PRIMARY KEY,
      value  TEXT NOT NULL
    ) STRICT;
  `,
};
