import * as Y from 'yjs';
import type { Room } from '../../docs/room-store';

/**
 * Local changes a hub does not hold: per Yjs client, how far our clock is ahead of the hub's
 * acknowledged state vector (one event is one item). Events are only ever added, never deleted, so
 * state vectors alone tell what is missing.
 */
export function countPending(room: Room, hubStateVector: Uint8Array | null | undefined): number {
  const hub = hubStateVector ? Y.decodeStateVector(hubStateVector) : new Map<number, number>();
  let pending = 0;
  for (const [client, clock] of Y.decodeStateVector(room.stateVector()))
    pending += Math.max(0, clock - (hub.get(client) ?? 0));
  return pending;
}
