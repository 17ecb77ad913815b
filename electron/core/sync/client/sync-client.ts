/**
 * Keeps this copy's rooms in sync with the first reachable hub of an ordered list (DESIGN.md
 * section 4): the city hub first, then LAN hubs. It checks the list every `probeIntervalMs`; when a
 * hub earlier in the list is reachable again, every room moves back to it, so copies that spent an
 * outage on a LAN hub bring their changes home with no manual step.
 *
 * Rooms are all the rooms of the local store plus those the hub holds (new incidents created
 * elsewhere), except rooms purged from this copy (finished exercises). Edits never wait for a hub:
 * they are stored locally first and go out on connection.
 */
import type { RoomSyncStatus, SyncStatus } from '../../../../shared/sync';
import type { Store } from '../../db/open';
import { listRooms, openRoom, purgedRooms, type Room } from '../../docs/room-store';
import type { DeviceCredentials } from '../hub-auth';
import { roomAccess } from '../room-access';
import { hubIsUp, listHubRooms } from './hub-requests';
import { RoomSync } from './room-sync';
import { readRoomSyncs, storedRoomStatus, writeAcknowledgement, writeRoomState } from './sync-state';

export type SyncClientOptions = {
  store: Store;
  workspaceId: string;
  credentials: DeviceCredentials;
  hubs: readonly string[];
  /** How often the hub list is checked (fail over, fail back) and the hub's room list read. */
  probeIntervalMs?: number;
  /** How often rooms pick up what other processes wrote to the same store. */
  refreshIntervalMs?: number;
  log?: (line: string) => void;
  onChange?: () => void;
};

export class SyncClient {
  private readonly rooms = new Map<string, Room>();
  private readonly syncs = new Map<string, RoomSync>();
  private readonly since = new Map<string, string>();
  private current: string | null = null;
  private timers: NodeJS.Timeout[] = [];
  private probing: Promise<void> | undefined;
  private closed = false;
  private readonly log: (line: string) => void;

  constructor(private readonly options: SyncClientOptions) {
    if (options.hubs.length === 0) throw new Error('no hub to sync with');
    this.log = options.log ?? (() => {});
  }

  /** Connects to the first reachable hub (if any) and keeps checking in the background. */
  async start(): Promise<void> {
    await this.probe();
    this.timers.push(
      setInterval(() => void this.probe(), this.options.probeIntervalMs ?? 5000),
      setInterval(() => this.refresh(), this.options.refreshIntervalMs ?? 1000),
    );
  }

  /** The hub in use, or null when none of them answers. */
  hub(): string | null {
    return this.current;
  }

  /**
   * Resolves true once every room holds what the hub holds and the hub has acknowledged every local
   * change; false if that has not happened within `timeoutMs`.
   */
  async waitUntilInSync(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && !this.closed) {
      await this.probing;
      this.refresh();
      if (this.current && this.syncs.size > 0 && [...this.syncs.values()].every((s) => s.inSync()))
        return true;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return false;
  }

  status(): SyncStatus {
    const stored = readRoomSyncs(this.options.store);
    const readOnly = roomAccess(this.options.credentials.member.role) === 'read';
    const rooms = [...this.rooms.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, room]): RoomSyncStatus => {
        const recorded = storedRoomStatus(name, room.stateVector(), stored.get(name), readOnly);
        const sync = this.syncs.get(name);
        if (!sync) return { ...recorded, state: 'offline', since: this.since.get(name) ?? recorded.since };
        return {
          ...recorded,
          state: sync.state(),
          since: this.since.get(name) ?? recorded.since,
          hub: this.current,
          pendingChanges: sync.pendingChanges(),
          lastError: sync.error() ?? recorded.lastError,
        };
      });
    return { hubs: [...this.options.hubs], hub: this.current, lanHub: null, rooms };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    this.disconnectAll('stopped syncing');
    for (const room of this.rooms.values()) room.close();
    this.rooms.clear();
  }

  private probe(): Promise<void> {
    this.probing ??= this.choose().finally(() => (this.probing = undefined));
    return this.probing;
  }

  private async choose(): Promise<void> {
    let chosen: string | null = null;
    for (const hub of this.options.hubs) {
      if (await hubIsUp(hub)) {
        chosen = hub;
        break;
      }
    }
    if (this.closed) return;
    if (chosen !== this.current) {
      this.disconnectAll(chosen ? `moving to ${chosen}` : 'no hub reachable');
      this.current = chosen;
      this.log(chosen ? `syncing with ${chosen}` : `no hub reachable (${this.options.hubs.join(', ')})`);
    }
    let names = listRooms(this.options.store);
    if (chosen) {
      try {
        const held = await listHubRooms(chosen, this.options.workspaceId, this.options.credentials);
        names = [...new Set([...names, ...held])];
      } catch (error) {
        this.log(error instanceof Error ? error.message : String(error));
      }
    }
    if (this.closed) return;
    const purged = this.dropPurged();
    for (const name of names) if (!purged.has(name)) this.ensureRoom(name);
    this.options.onChange?.();
  }

  /** Stops syncing rooms purged since they were opened, and returns every purged room. */
  private dropPurged(): Set<string> {
    const purged = purgedRooms(this.options.store);
    for (const name of purged) {
      this.syncs.get(name)?.destroy();
      this.syncs.delete(name);
      this.rooms.get(name)?.close();
      this.rooms.delete(name);
    }
    return purged;
  }

  private ensureRoom(name: string): void {
    let room = this.rooms.get(name);
    if (!room) {
      try {
        room = openRoom(this.options.store, name, {
          onBackgroundError: (e) => this.log(`room ${name}: ${String(e)}`),
        });
      } catch (error) {
        // A hub may list a name this version does not accept; it is skipped, not fatal.
        this.log(`skipping room ${name}: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      this.rooms.set(name, room);
    }
    if (this.current && !this.syncs.has(name)) {
      const hub = this.current;
      const sync = new RoomSync(room, hub, this.options.workspaceId, this.options.credentials, {
        onAcknowledged: (stateVector) =>
          writeAcknowledgement(this.options.store, name, stateVector, new Date().toISOString()),
        onStateChange: (state, error) => {
          const since = new Date().toISOString();
          this.since.set(name, since);
          writeRoomState(this.options.store, name, { state, since, hub, lastError: error });
          this.options.onChange?.();
        },
      });
      this.syncs.set(name, sync);
    }
  }

  /** Other processes (a CLI command beside the desktop app) write to the same store. */
  private refresh(): void {
    if (this.closed) return;
    const purged = this.dropPurged();
    for (const name of listRooms(this.options.store)) if (!purged.has(name)) this.ensureRoom(name);
    for (const room of this.rooms.values()) room.refresh();
  }

  private disconnectAll(reason: string): void {
    const since = new Date().toISOString();
    for (const [name, sync] of this.syncs) {
      sync.destroy();
      this.since.set(name, since);
      writeRoomState(this.options.store, name, { state: 'offline', since, hub: null, lastError: reason });
    }
    this.syncs.clear();
  }
}
