/**
 * One room kept in sync with one hub through y-websocket's provider (DESIGN.md section 4), on the
 * room's live document: what the hub sends is logged to the store by the room itself before anything
 * else sees it, and local writes go out as they happen. Backoff and reconnects are the provider's.
 *
 * The hub acknowledges stored updates by sending its state vector (a sync step 1, see
 * hub-connection.ts); comparing it with ours tells how many of our changes it does not hold yet.
 */
import * as decoding from 'lib0/decoding';
import { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { Room } from '../../docs/room-store';
import type { DeviceCredentials } from '../hub-auth';
import { MESSAGE_SYNC, SYNC_STEP_1 } from '../protocol';
import { roomAccess } from '../room-access';
import { authenticatedSocket } from './authenticated-socket';
import type { RoomState } from '../../../../shared/sync';
import { countPending, mergeHubState, type HubState } from './pending';

export type RoomSyncEvents = {
  /** The hub holds everything in `stateVector` (stored on its disk). */
  onAcknowledged(stateVector: Uint8Array): void;
  onStateChange(state: RoomState, error: string | null): void;
};

export class RoomSync {
  private readonly provider: WebsocketProvider;
  private readonly awareness: Awareness;
  /** What the hub holds: its last acknowledgement, plus what it has sent us since. */
  private readonly hubState: HubState = new Map();
  private connected = false;
  private lastError: string | null = null;
  private reported: RoomState | undefined;
  private destroyed = false;
  private readonly readOnly: boolean;

  constructor(
    readonly room: Room,
    readonly hub: string,
    workspaceId: string,
    credentials: DeviceCredentials,
    private readonly events: RoomSyncEvents,
  ) {
    this.readOnly = roomAccess(credentials.member.role) === 'read';
    // Presence is not shared yet; a null local state keeps the provider from sending any.
    this.awareness = new Awareness(room.doc);
    this.awareness.setLocalState(null);
    this.provider = new WebsocketProvider(`${hub}/w/${workspaceId}`, room.name, room.doc, {
      WebSocketPolyfill: authenticatedSocket(credentials) as unknown as typeof WebSocket,
      awareness: this.awareness,
      disableBc: true,
      maxBackoffTime: 5000,
    });
    // Its exit handler only withdraws presence, which we never share; with one provider per room,
    // hundreds of them would trip Node's listener-leak warning on `process`.
    process.off('exit', this.provider._exitHandler);
    const handleSync = this.provider.messageHandlers[MESSAGE_SYNC]!;
    this.provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, provider, emitSynced, type) => {
      const peek = decoding.clone(decoder);
      if (decoding.readVarUint(peek) === SYNC_STEP_1) this.acknowledge(decoding.readVarUint8Array(peek));
      handleSync(encoder, decoder, provider, emitSynced, type);
    };
    this.provider.on('status', ({ status }) => {
      this.connected = status === 'connected';
      if (this.connected) this.lastError = null;
      this.report();
    });
    this.provider.on('sync', () => this.report());
    this.provider.on('connection-error', (event) => {
      this.lastError = describeError(event);
      this.report();
    });
    this.provider.on('closed', ({ code, reason }) => {
      this.lastError = `hub closed the connection for good (${code}${reason ? `: ${reason}` : ''})`;
      this.report();
    });
    room.doc.on('update', this.onDocumentUpdate);
  }

  /**
   * Local changes the hub does not hold (Yjs items; an event is one). A viewer's changes never
   * leave this copy, so none are waiting.
   */
  pendingChanges(): number {
    return this.readOnly ? 0 : countPending(this.room.stateVector(), this.hubState);
  }

  /**
   * Has everything the hub had when it answered, and the hub has everything here (or would refuse
   * it: a viewer's local changes stay local).
   */
  inSync(): boolean {
    if (!this.connected || !this.provider.synced) return false;
    return this.readOnly || this.pendingChanges() === 0;
  }

  state(): RoomState {
    if (!this.connected) return 'offline';
    return this.inSync() ? 'online' : 'syncing';
  }

  error(): string | null {
    return this.lastError;
  }

  destroy(): void {
    // The provider still emits while it tears down; nobody listens for this room any more.
    this.destroyed = true;
    this.room.doc.off('update', this.onDocumentUpdate);
    this.provider.destroy();
    this.awareness.destroy();
  }

  private readonly onDocumentUpdate = (update: Uint8Array, origin: unknown) => {
    // What the hub relays from other members, it holds.
    if (origin === this.provider)
      mergeHubState(this.hubState, Y.decodeStateVector(Y.encodeStateVectorFromUpdate(update)));
    this.report();
  };

  private acknowledge(stateVector: Uint8Array): void {
    if (this.destroyed) return;
    try {
      mergeHubState(this.hubState, Y.decodeStateVector(stateVector));
    } catch {
      return; // not a state vector; the provider's own handling will fail on it too
    }
    this.events.onAcknowledged(Y.encodeStateVector(this.hubState));
    // Reported after the provider has handled the message, so `synced` is current.
    queueMicrotask(() => this.report());
  }

  private report(): void {
    if (this.destroyed) return;
    const state = this.state();
    if (state === this.reported) return;
    this.reported = state;
    this.events.onStateChange(state, this.lastError);
  }
}

function describeError(event: unknown): string {
  const error = (event as { error?: unknown; message?: unknown }) ?? {};
  if (error.error instanceof Error) return error.error.message;
  if (typeof error.message === 'string') return error.message;
  return 'connection failed';
}
