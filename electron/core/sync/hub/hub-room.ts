/**
 * One room as the hub serves it: the stored document (docs/room-store, so every update is in
 * SQLite before it is passed on) and the connections reading it. Loaded on first connection and
 * released with the last one.
 */
import type { Room } from '../../docs/room-store';
import { updateMessage } from '../protocol';

export interface RoomMember {
  /** Sends a frame unless the connection has gone; never throws. */
  send(frame: Uint8Array): void;
}

export class HubRoom {
  readonly connections = new Set<RoomMember>();

  constructor(readonly room: Room) {
    // Every change, whoever made it, goes to everyone else; `origin` is the connection it came from.
    room.doc.on('update', (update: Uint8Array, origin: unknown) => {
      const frame = updateMessage(update);
      for (const connection of this.connections) if (connection !== origin) connection.send(frame);
    });
  }

  /** Sends an awareness frame to everyone but its sender. */
  relay(frame: Uint8Array, from: RoomMember): void {
    for (const connection of this.connections) if (connection !== from) connection.send(frame);
  }
}
