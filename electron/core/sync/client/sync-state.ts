/** SQL access to migration 0004's tables: the hub list and each room's last known sync state. */
import type { RoomState, RoomSyncStatus } from '../../../../shared/sync';
import type { Store } from '../../db/open';
import { countPending, decodeHubState } from './pending';

export type StoredRoomSync = {
  room: string;
  state: RoomState;
  since: string;
  hub: string | null;
  hubStateVector: Uint8Array | null;
  acknowledgedAt: string | null;
  lastError: string | null;
};

export function readHubs(db: Store): string[] {
  return db.prepare('SELECT url FROM sync_hubs ORDER BY position').pluck().all() as string[];
}

export function writeHubs(db: Store, hubs: readonly string[]): void {
  db.transaction(() => {
    db.prepare('DELETE FROM sync_hubs').run();
    const insert = db.prepare('INSERT INTO sync_hubs (position, url) VALUES (?, ?)');
    hubs.forEach((url, position) => insert.run(position, url));
  }).immediate();
}

type Row = {
  room: string;
  state: RoomState;
  since: string;
  hub: string | null;
  hub_state_vector: Buffer | null;
  acknowledged_at: string | null;
  last_error: string | null;
};

const fromRow = (row: Row): StoredRoomSync => ({
  room: row.room,
  state: row.state,
  since: row.since,
  hub: row.hub,
  hubStateVector: row.hub_state_vector && new Uint8Array(row.hub_state_vector),
  acknowledgedAt: row.acknowledged_at,
  lastError: row.last_error,
});

export function readRoomSyncs(db: Store): Map<string, StoredRoomSync> {
  const rows = db.prepare('SELECT * FROM sync_rooms').all() as Row[];
  return new Map(rows.map((row) => [row.room, fromRow(row)]));
}

/** Records a room's connection state; keeps what the hub last acknowledged. */
export function writeRoomState(
  db: Store,
  room: string,
  fields: { state: RoomState; since: string; hub: string | null; lastError: string | null },
): void {
  db.prepare(
    `INSERT INTO sync_rooms (room, state, since, hub, last_error) VALUES (@room, @state, @since, @hub, @lastError)
     ON CONFLICT (room) DO UPDATE SET state = excluded.state, since = excluded.since, hub = excluded.hub,
       last_error = excluded.last_error`,
  ).run({ room, ...fields });
}

export function writeAcknowledgement(db: Store, room: string, stateVector: Uint8Array, at: string): void {
  db.prepare(
    `INSERT INTO sync_rooms (room, state, since, hub_state_vector, acknowledged_at)
       VALUES (@room, 'online', @at, @stateVector, @at)
     ON CONFLICT (room) DO UPDATE SET hub_state_vector = excluded.hub_state_vector,
       acknowledged_at = excluded.acknowledged_at`,
  ).run({ room, stateVector, at });
}

export type LanHosting = { host: string; port: number };

export function readLanHosting(db: Store): LanHosting | null {
  return (db.prepare('SELECT host, port FROM sync_lan_hosting WHERE id = 1').get() as LanHosting) ?? null;
}

export function writeLanHosting(db: Store, hosting: LanHosting | null): void {
  db.transaction(() => {
    db.prepare('DELETE FROM sync_lan_hosting').run();
    if (hosting)
      db.prepare('INSERT INTO sync_lan_hosting (id, host, port) VALUES (1, ?, ?)').run(
        hosting.host,
        hosting.port,
      );
  }).immediate();
}

/**
 * A room's status as the store records it, for a room no live connection is watching. A viewer's
 * changes never leave its copy, so none count as waiting (as in RoomSync.pendingChanges).
 */
export function storedRoomStatus(
  room: string,
  stateVector: Uint8Array,
  row: StoredRoomSync | undefined,
  readOnly: boolean,
): RoomSyncStatus {
  return {
    room,
    state: row?.state ?? 'offline',
    since: row?.since ?? null,
    hub: row?.hub ?? null,
    pendingChanges: readOnly ? 0 : countPending(stateVector, decodeHubState(row?.hubStateVector)),
    acknowledgedAt: row?.acknowledgedAt ?? null,
    lastError: row?.lastError ?? null,
  };
}
