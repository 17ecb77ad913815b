/**
 * What a member may write to a room through the hub (DESIGN.md sections 3 and 5): new events,
 * each signed by a device the workspace certified, and nothing else. Yjs itself would accept any
 * well-formed update, which would let any writer delete or overwrite others' events, or write
 * under another device's Yjs client id so that device's next real change is dropped as a
 * duplicate. So, on top of the worker's check that the bytes decode in time:
 *
 * - no delete set: events are never removed;
 * - every struct the room does not hold yet is one new key of the events map (no left or right
 *   neighbour: that would replace a value), whose value is an event with that id which verifies
 *   against the workspace's certificates;
 * - a Yjs client id belongs to the device whose event first used it; later events under it must be
 *   signed by that same device.
 */
import * as Y from 'yjs';
import type { EventEnvelope } from '../../../../shared/events';
import type { DeviceCertificate, MemberCertificate } from '../../../../shared/identity';
import type { Room } from '../../docs/room-store';
import { EVENTS_MAP } from '../../docs/room-events';
import type { EventVerdict } from '../../identity/event-signing';
import { UpdateRefused } from './update-checker';

export type WriteContext = {
  room: Room;
  /** A verifier trusting the workspace's certificates, the sender's and those in `extra`. */
  verifierFor: (extra: readonly EventEnvelope[]) => (event: unknown) => EventVerdict;
  /** Directory-room events carry certificates that other events in the same update may need. */
  isDirectory: boolean;
};

type NewEvent = { client: number; clock: number; key: string; value: unknown };

/** A member's certificates, as its hub token presents them. */
export type Certificates = { member: MemberCertificate; device: DeviceCertificate };

/** Signature checks between two turns of the event loop, so one huge update cannot stall the hub. */
const VERIFY_BATCH = 250;

/**
 * Rejects (UpdateRefused) saying what the update tried to do that members may not. Signatures are
 * checked in batches with other connections' work in between; what others wrote meanwhile is
 * checked again at the end, so the caller must apply the update right after, without awaiting.
 */
export async function checkWrite(
  update: Uint8Array,
  { room, verifierFor, isDirectory }: WriteContext,
): Promise<void> {
  const fresh = newEvents(update, room);
  if (fresh.length === 0) return;
  const verify = verifierFor(isDirectory ? fresh.map((e) => e.value as EventEnvelope) : []);
  for (let i = 0; i < fresh.length; i++) {
    if (i > 0 && i % VERIFY_BATCH === 0) await new Promise((resolve) => setImmediate(resolve));
    const { key, value } = fresh[i]!;
    const verdict = verify(value);
    if (!verdict.ok) refuse(`event ${key} is not trusted: ${verdict.message}`);
    if ((value as EventEnvelope).id !== key)
      refuse(`event ${(value as EventEnvelope).id} is stored under another key (${key})`);
  }
  assertStillNew(fresh, room);
}

/** The update's items the room does not hold yet, each required to be one new event. */
function newEvents(update: Uint8Array, room: Room): NewEvent[] {
  const { structs, ds } = Y.decodeUpdate(update);
  assertDeletesNothingNew(ds, room.doc.store);
  const fresh: NewEvent[] = [];
  const keys = new Set<string>();
  const events = room.doc.getMap<unknown>(EVENTS_MAP);
  for (const struct of structs) {
    if (struct instanceof Y.Skip) continue;
    if (struct.id.clock + struct.length <= Y.getState(room.doc.store, struct.id.client)) continue;
    if (!(struct instanceof Y.Item)) refuse('only new events may be written (found deleted content)');
    const item = struct as Y.Item;
    // Decoded (not integrated) items name a root type by its key.
    if (item.origin !== null || item.rightOrigin !== null || (item.parent as unknown) !== EVENTS_MAP)
      refuse('only new keys of the events map may be written');
    const key = item.parentSub;
    if (typeof key !== 'string') refuse('only new keys of the events map may be written');
    if (events.has(key!) || keys.has(key!)) refuse(`event ${key} exists already and may not be replaced`);
    if (!(item.content instanceof Y.ContentAny) || item.content.arr.length !== 1)
      refuse(`the value of ${key} is not one event`);
    keys.add(key!);
    fresh.push({
      client: item.id.client,
      clock: item.id.clock,
      key: key!,
      value: (item.content as Y.ContentAny).arr[0],
    });
  }
  return fresh;
}

/**
 * Against the room as it is now: items another writer has delivered meanwhile are skipped (Yjs
 * will too), no key is replaced, and each Yjs client id stays with the device that first used it.
 */
function assertStillNew(fresh: readonly NewEvent[], room: Room): void {
  const events = room.doc.getMap<unknown>(EVENTS_MAP);
  const owners = new Map<number, string>();
  for (const { client, clock, key, value } of fresh) {
    if (clock < Y.getState(room.doc.store, client)) continue;
    if (events.has(key)) refuse(`event ${key} exists already and may not be replaced`);
    const device = (value as EventEnvelope).device;
    const owner = owners.get(client) ?? ownerOf(room, client) ?? device;
    owners.set(client, owner);
    if (device !== owner)
      refuse(`event ${key} by device ${device} uses the Yjs client id of device ${owner}`);
  }
}

/**
 * Yjs sends a document's whole delete set with every update, so a deletion the hub already holds
 * (from before this policy, say) comes back each time and is harmless. Anything else, including
 * deleting what the hub has not seen yet (a relayed event, or another device's next one), is not.
 */
function assertDeletesNothingNew(ds: ReturnType<typeof Y.decodeUpdate>['ds'], store: Y.Doc['store']): void {
  for (const [client, ranges] of ds.clients) {
    const structs = store.clients.get(client) ?? [];
    for (const { clock, len } of ranges) {
      if (len === 0) continue;
      if (clock + len > Y.getState(store, client))
        refuse('updates may not delete anything: events are never removed');
      for (let i = Y.findIndexSS(structs, clock); i < structs.length; i++) {
        const struct = structs[i]!;
        if (struct.id.clock >= clock + len) break;
        if (struct instanceof Y.Item && !struct.deleted)
          refuse('updates may not delete anything: events are never removed');
      }
    }
  }
}

/** The device that signed the first event the room holds under this Yjs client id. */
function ownerOf(room: Room, client: number): string | undefined {
  const first = room.doc.store.clients.get(client)?.[0];
  if (!(first instanceof Y.Item) || !(first.content instanceof Y.ContentAny)) return undefined;
  const value = first.content.arr[0] as { device?: unknown } | undefined;
  return typeof value?.device === 'string' ? value.device : undefined;
}

function refuse(reason: string): never {
  throw new UpdateRefused(reason);
}
