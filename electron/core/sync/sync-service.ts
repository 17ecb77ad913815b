/**
 * Syncing as the core offers it to hosts: the hub list kept in the store, a background client for
 * long-running hosts (desktop, serve, `muster sync --watch`), one-shot syncs for the CLI, and the
 * per-room status the UI shows.
 */
import path from 'node:path';
import type { SyncResult, SyncStatus } from '../../../shared/sync';
import type { Store } from '../db/open';
import { createStoredStateVectors } from '../docs/stored-state-vectors';
import { MusterError } from '../errors';
import { loadLocalIdentity, requireLocalIdentity, type LocalIdentity } from '../workspace/local-identity';
import { SyncClient } from './client/sync-client';
import {
  readHubs,
  readLanHosting,
  readRoomSyncs,
  storedRoomStatus,
  writeHubs,
  writeLanHosting,
  type LanHosting,
} from './client/sync-state';
import type { DeviceCredentials } from './hub-auth';
import { roomAccess } from './room-access';
import { startHub, type Hub } from './hub/hub-server';

/** Inside the data folder: the store of the hub this copy hosts for its LAN. */
const LAN_HUB_DIR = 'lan-hub';

export type SyncServiceOptions = {
  /** The copy's data folder; a LAN hub it hosts keeps its own store in a folder inside. */
  dataDir: string;
  /** Long-running hosts sync in the background whenever hubs are set, and host a LAN hub if asked. */
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

/**
 * While hosting, this copy runs a hub for its LAN and syncs with it like any member, beside its
 * usual hubs: the two clients share the store, so whatever reaches the copy from one side goes
 * out on the other, and LAN and city converge once the city hub is back.
 */
type LanHost = { hub: Hub; client: SyncClient };

export function createSyncService(store: Store, options: SyncServiceOptions) {
  let background: SyncClient | undefined;
  let lan: LanHost | undefined;
  let changeTimer: NodeJS.Timeout | undefined;
  let restarting: Promise<void> = Promise.resolve();
  /** syncNow calls in progress; closing the core stops them before the store closes. */
  const oneShots = new Set<SyncClient>();
  let closing = false;
  const storedVectors = createStoredStateVectors(store);

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
    const identity = loadLocalIdentity(store);
    const readOnly = identity !== null && roomAccess(identity.member.role) === 'read';
    const rooms = [...storedVectors.all()].map(([name, stateVector]) =>
      storedRoomStatus(name, stateVector, stored.get(name), readOnly),
    );
    return { hubs: readHubs(store), hub: null, lanHub: null, rooms };
  };

  const status = (): SyncStatus => {
    const current = background?.status() ?? storedStatus();
    return { ...current, lanHub: lan ? lan.hub.url : null };
  };

  /**
   * Stops both clients at once (they use the copy's store, which may close right after) and
   * resolves when the LAN hub, which has a store of its own, has shut down.
   */
  const stopBackground = (): Promise<void> => {
    clearTimeout(changeTimer);
    changeTimer = undefined;
    background?.close();
    background = undefined;
    const hosting = lan;
    lan = undefined;
    hosting?.client.close();
    return hosting ? hosting.hub.close() : Promise.resolve();
  };

  const startLan = async (identity: LocalIdentity, hosting: LanHosting) => {
    const hub = await startHub({
      dataDir: path.join(options.dataDir, LAN_HUB_DIR),
      workspaces: [identity.workspace],
      host: hosting.host,
      port: hosting.port,
      log: (line) => options.log?.(`LAN hub: ${line}`),
    });
    // The copy reaches its own hub on loopback whatever address the LAN sees.
    const client = clientFor([`ws://127.0.0.1:${hub.port}`], announce);
    lan = { hub, client };
    await client.start();
  };

  /**
   * (Re)starts background syncing with the stored hubs and the stored LAN hosting, for hosts that
   * sync in the background; a no-op for others.
   */
  const startBackground = (): Promise<void> => {
    // One (re)start at a time: hub changes and a join can ask at once, and a client replaced
    // mid-start would keep running unseen.
    restarting = restarting.then(restart, restart);
    return restarting;
  };

  const restart = async (): Promise<void> => {
    await stopBackground();
    const identity = loadLocalIdentity(store);
    if (!options.background || !identity) return;
    const hubs = readHubs(store);
    if (hubs.length > 0) {
      background = clientFor(hubs, announce);
      await background.start();
    }
    const hosting = readLanHosting(store);
    if (hosting) await startLan(identity, hosting);
  };

  return {
    status,
    startBackground,

    async setHubs(hubs: string[]): Promise<SyncStatus> {
      writeHubs(store, hubs);
      await startBackground();
      return status();
    },

    /** Hosts (or stops hosting) a hub for this copy's LAN; remembered across restarts. */
    async setLanHosting({ enabled, host, port }: { enabled: boolean; host: string; port: number }) {
      if (!options.background)
        throw new MusterError('precondition', 'only the desktop app and `muster serve` can host a LAN hub');
      requireLocalIdentity(store);
      writeLanHosting(store, enabled ? { host, port } : null);
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
      oneShots.add(client);
      const stopped = () => new MusterError('precondition', 'the sync stopped because this copy is closing');
      try {
        await client.start();
        if (closing) throw stopped();
        const hub = client.hub();
        if (!hub) throw new MusterError('precondition', `could not reach any hub (${list.join(', ')})`);
        const inSync = await client.waitUntilInSync(timeoutMs);
        if (closing) throw stopped();
        return { hub, rooms: client.status().rooms.length, inSync };
      } catch (error) {
        // Whatever the closed store made the sync fail with, the reason is the closing.
        throw closing ? stopped() : error;
      } finally {
        oneShots.delete(client);
        client.close();
      }
    },

    /** Stops every sync (a one-shot one too) before the store closes; resolves once the LAN hub has. */
    close(): Promise<void> {
      closing = true;
      for (const client of oneShots) client.close();
      return stopBackground();
    },
  };
}

export type SyncService = ReturnType<typeof createSyncService>;
