import type { Migration } from '../migrate';

/**
 * What this copy knows about syncing (DESIGN.md section 4): the hubs it syncs with, in order of
 * preference, and per room what the last hub acknowledged holding (its state vector), so pending
 * local changes can be counted even by a process that is not syncing; and whether this copy hosts
 * a hub for its LAN.
 */
export const sync: Migration = {
  version: 4,
  name: 'sync',
  up: `
    CREATE TABLE sync_hubs (
      position  INTEGER PRIMARY KEY CHECK (position >= 0),
      url       TEXT NOT NULL UNIQUE CHECK (url GLOB 'ws://*' OR url GLOB 'wss://*')
    ) STRICT;

    CREATE TABLE sync_rooms (
      room              TEXT PRIMARY KEY,
      -- online: connected and in sync; syncing: connected, exchanging; offline: no hub reachable.
      state             TEXT NOT NULL CHECK (state IN ('online', 'syncing', 'offline')),
      since             TEXT NOT NULL,
      hub               TEXT,
      -- The Yjs state vector the hub last acknowledged, and when.
      hub_state_vector  BLOB,
      acknowledged_at   TEXT,
      last_error        TEXT
    ) STRICT;

    -- Present while this copy hosts a hub for its LAN (the desktop app during an outage).
    CREATE TABLE sync_lan_hosting (
      id    INTEGER PRIMARY KEY CHECK (id = 1),
      host  TEXT NOT NULL,
      port  INTEGER NOT NULL CHECK (port BETWEEN 0 AND 65535)
    ) STRICT;
  `,
};
