/**
 * One client's connection to one room. Frames are handled strictly in order, one at a time, so an
 * update is stored before the same client's next sync step is answered. Anything hostile or broken
 * (text frames, malformed or oversized messages, floods, updates that fail the off-loop check) closes
 * this connection only; the room and everyone else carry on.
 */
import type { WebSocket } from 'ws';
import type { HubPeer } from '../hub-auth';
import type { Access } from '../room-access';
import {
  assertWellFormedAwareness,
  awarenessMessage,
  MalformedFrame,
  readClientMessage,
  syncStep1Message,
  syncStep2Message,
  type ClientMessage,
} from '../protocol';
import type { HubRoom, RoomMember } from './hub-room';
import { RateLimiter, type HubLimits } from './limits';
import type { HubMetrics } from './metrics';
import { UpdateRefused, type UpdateChecker } from './update-checker';

/** Close codes: 4400-4499 tell y-websocket's provider not to retry (see its shouldReconnect). */
export const CLOSE = {
  goingAway: 1001,
  unsupportedData: 1003,
  policy: 1008,
  revoked: 4403,
} as const;

export type ConnectionContext = {
  peer: HubPeer;
  access: Access;
  room: HubRoom;
  limits: HubLimits;
  checker: UpdateChecker;
  /** Throws UpdateRefused for anything but new, signed events (write-policy.ts). */
  checkWrite: (update: Uint8Array) => Promise<void>;
  /** Runs the acknowledgement once the stored update is on disk (durable-acks.ts). */
  whenDurable: (key: object, then: () => void) => void;
  metrics: HubMetrics;
  log: (line: string) => void;
  onClose: () => void;
};

export class HubConnection implements RoomMember {
  private readonly limiter: RateLimiter;
  private queue: ClientMessage[] = [];
  private draining = false;
  private closed = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly context: ConnectionContext,
  ) {
    this.limiter = new RateLimiter(context.limits.messagesPerSecond);
    socket.on('message', (data, isBinary) => this.receive(data, isBinary));
    socket.on('close', () => this.release());
    socket.on('error', (error) => this.close(CLOSE.policy, `socket error: ${error.message}`));
    // The hub speaks first, as y-websocket servers do: here is what I have, send me what I lack.
    this.send(syncStep1Message(context.room.room.stateVector()));
  }

  get peer(): HubPeer {
    return this.context.peer;
  }

  send(frame: Uint8Array): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > this.context.limits.maxBufferedBytes) {
      this.close(CLOSE.policy, 'client is not reading; it will resync when it reconnects');
      return;
    }
    this.socket.send(frame);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.context.metrics.add('muster_hub_connections_closed_total', { reason: closeReason(code) });
    this.context.log(`closed ${describePeer(this.peer)} room=${this.context.room.room.name}: ${reason}`);
    this.release();
    // Close reasons are limited to 123 bytes by the protocol.
    this.socket.close(code, reason.slice(0, 120));
  }

  private release(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    this.context.onClose();
  }

  private receive(data: unknown, isBinary: boolean): void {
    if (this.closed) return;
    const { metrics, limits } = this.context;
    if (!isBinary) return this.close(CLOSE.unsupportedData, 'text frames are not part of the protocol');
    const frame = toBytes(data);
    metrics.add('muster_hub_bytes_received_total', undefined, frame.byteLength);
    if (!this.limiter.take()) return this.close(CLOSE.policy, 'more messages per second than allowed');
    if (this.queue.length >= limits.maxQueuedMessages)
      return this.close(CLOSE.policy, 'too many messages waiting to be checked');
    let message: ClientMessage;
    try {
      message = readClientMessage(frame);
    } catch (error) {
      return this.close(CLOSE.policy, error instanceof MalformedFrame ? error.message : 'unreadable frame');
    }
    metrics.add('muster_hub_messages_total', { kind: message.kind });
    this.queue.push(message);
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (!this.closed && this.queue.length > 0) {
        const message = this.queue.shift()!;
        try {
          await this.handle(message);
        } catch (error) {
          const reason =
            error instanceof UpdateRefused || error instanceof MalformedFrame
              ? error.message
              : `could not handle a ${message.kind} message (${error instanceof Error ? error.message : String(error)})`;
          this.close(CLOSE.policy, reason);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private async handle(message: ClientMessage): Promise<void> {
    const { room, access, checker, metrics } = this.context;
    switch (message.kind) {
      case 'sync-step-1':
        // encodeStateAsUpdate decodes the state vector; bad bytes throw and close the connection.
        this.send(syncStep2Message(room.room.encodeStateAsUpdate(message.stateVector)));
        return;
      case 'sync-step-2':
      case 'update':
        if (access !== 'write')
          return void metrics.add('muster_hub_messages_dropped_total', { kind: message.kind });
        // y-websocket answers every state vector with an update, empty (two bytes) when it has
        // nothing the hub lacks; the state vector it answered was its acknowledgement already.
        if (isEmptyUpdate(message.update)) return;
        await checker.check(message.update);
        if (this.closed) return;
        await this.context.checkWrite(message.update);
        if (this.closed) return;
        // No await between the end of the check and storing: the check's last step looked at the room as it is.
        room.room.applyUpdate(message.update, this, 'checked');
        metrics.add('muster_hub_updates_applied_total');
        this.context.whenDurable(this, () => this.acknowledge());
        return;
      case 'awareness':
        if (access !== 'write')
          return void metrics.add('muster_hub_messages_dropped_total', { kind: message.kind });
        assertWellFormedAwareness(message.update);
        room.relay(awarenessMessage(message.update), this);
        return;
      case 'query-awareness':
        // The hub keeps no presence of its own; writers answer each other's queries by relaying.
        return;
    }
  }

  /**
   * The hub's state vector, sent once what this client wrote is on disk: the client compares it
   * with its own to know which of its changes the hub holds.
   */
  private acknowledge(): void {
    if (!this.closed) this.send(syncStep1Message(this.context.room.room.stateVector()));
  }
}

export const describePeer = (peer: HubPeer) =>
  `member=${peer.memberId} (${peer.user}, ${peer.department}, ${peer.role}) device=${peer.deviceId}`;

/** An update with no structs and an empty delete set: two zero bytes in the v1 encoding. */
const isEmptyUpdate = (update: Uint8Array) => update.byteLength === 2 && update[0] === 0 && update[1] === 0;

function toBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data as Buffer[]));
  return new Uint8Array(data as ArrayBuffer);
}

function closeReason(code: number): string {
  if (code === CLOSE.unsupportedData) return 'unsupported_data';
  if (code === CLOSE.revoked) return 'revoked';
  if (code === CLOSE.goingAway) return 'shutdown';
  return 'policy';
}
