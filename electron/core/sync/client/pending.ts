import * as Y from 'yjs';

/** Per Yjs client, the clock up to which a hub holds a room's items. */
export type HubState = Map<number, number>;

export const decodeHubState = (stateVector: Uint8Array | null | undefined): HubState =>
  stateVector ? Y.decodeStateVector(stateVector) : new Map();

/** Raises `state` to cover `more` (a hub never forgets what it held). */
export function mergeHubState(state: HubState, more: HubState): void {
  for (const [client, clock] of more) state.set(client, Math.max(clock, state.get(client) ?? 0));
}

/**
 * Local changes a hub does not hold: per Yjs client, how far our clock is ahead of the hub's
 * state (one event is one item). Events are only ever added, never deleted, so state vectors
 * alone tell what is missing.
 */
export function countPending(stateVector: Uint8Array, hub: HubState): number {
  let pending = 0;
  for (const [client, clock] of Y.decodeStateVector(stateVector))
    pending += Math.max(0, clock - (hub.get(client) ?? 0));
  return pending;
}
