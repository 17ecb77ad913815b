/**
 * Syncing as the core offers it to hosts: the hub list kept in the store, a background client for
 * long-running hosts (desktop, serve, `muster sync --watch`), one-shot syncs for the CLI, and the
 * per-room status the UI shows.
 */
import type { RoomSyncStatus, SyncResult, SyncStatus } from '../../../shared/sync';
import type { Store } from '../db/open';
import { listRooms, openRoom } from '../docs/room-store';
import { MusterError } from '../errors';
import { loadLocalIdentity, requireLocalIdentity, type LocalIdentity } from '../workspace/local-identity';
import { countPending } from './client/pending';
import { SyncClient } from './client/sync-client';
import { readHubs, readRoomSyncs, writeHubs } from './client/sync-state';
import type { DeviceCredentials } from './hub-auth';

export type SyncServiceOptions = {
  /** Long-running hosts sync in the background whenever hubs are set. */
  background?: boolean;
  log?: (line: string) => void;
  /** Called (at most every few hundred ms) when any room's sync state changes. */
  onChange?: (status: SyncStatus) => void;
  probeIntervalMs?: number;
};

const credentialsOf = (identity: LocalIdentity): DeviceCredentials => ({
  member: identity.member,
  device: identity.device,
  deviceKey: identity.deviceKey,
});

const CHANGE_DEBOUNCE_MS = 250;

export function createSyncService(store: Store, options: SyncServiceOptions = {}) {
  let background: SyncClient | undefined;
  let changeTimer: NodeJS.Timeout | undefined;

  const clientFor = (hubs: readonly string[], onChange?: () => void) => {
    const identity = requireLocalIdentity(store);
    return new SyncClient({
      store,
      workspaceId: identity.workspace.id,
      credentials: credentialsOf(identity),
      hubs,
      probeIntervalMs: options.probeIntervalMs,
      log: options.log,
      onChange,
    });
  };

  const announce = () => {
    if (changeTimer || !options.onChange) return;
    changeTimer = setTimeout(() => {
      changeTimer = undefined;
      options.onChange?.(status());
    }, CHANGE_DEBOUNCE_MS);
  };

  /** What the store says, for a copy that is not syncing right now (or another process's view). */
  const storedStatus = (): SyncStatus => {
    const stored = readRoomSyncs(store);
    const rooms = listRooms(store).map((name): RoomSyncStatus => {
      const row = stored.get(name);
      const room = openRoom(store, name);
      try {
        return {
          room: name,
          state: row?.state ?? 'offline',
          since: row?.since ?? new Date(0).toISOString(),
          hub: row?.hub ?? null,
          pendingChanges: countPending(room, row?.hubStateVector),
          acknowledgedAt: row?.acknowledgedAt ?? null,
          lastError: row?.lastError ?? null,
        };
      } finally {
        room.close();
      }
    });
    return { hubs: readHubs(store), hub: null, rooms };
  };

  const status = (): SyncStatus => background?.status() ?? storedStatus();

  const stopBackground = () => {
    clearTimeout(changeTimer);
    changeTimer = undefined;
    background?.close();
    background = undefined;
  };

  /** (Re)starts background syncing with the stored hubs, for hosts that sync in the background. */
  const startBackground = async (): Promise<void> => {
    stopBackground();
    const hubs = readHubs(store);
    if (!options.background || hubs.length === 0 || !loadLocalIdentity(store)) return;
    background = clientFor(hubs, announce);
    await background.start();
  };

  return {
    status,
    startBackground,

    async setHubs(hubs: string[]): Promise<SyncStatus> {
      writeHubs(store, hubs);
      await startBackground();
      return status();
    },

    /**
     * Syncs every room once with the first reachable hub of `hubs` (default: the stored list) and
     * stops. Fails if no hub answers; `inSync` is false if the hub did not settle in time.
     */
    async syncOnce(hubs: readonly string[] | undefined, timeoutMs: number): Promise<SyncResult> {
      const list = hubs && hubs.length > 0 ? hubs : readHubs(store);
      if (list.length === 0)
        throw new MusterError('precondition', 'no hub to sync with: pass --hub URL or set hubs first');
      const client = clientFor(list);
      try {
        await client.start();
        const hub = client.hub();
        if (!hub) throw new MusterError('precondition', `could not reach any hub (${list.join(', ')})`);
        const inSync = await client.waitUntilInSync(timeoutMs);
        return { hub, rooms: client.status().rooms.length, inSync };
      } finally {
        client.close();
      }
    },

    close: stopBackground,
  };
}

export type SyncService = ReturnType<typeof createSyncService>;
