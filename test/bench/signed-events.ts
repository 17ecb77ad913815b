/**
 * Events a member could really write, for the sync benchmarks: the hub only takes new events signed
 * by a device the workspace certified (electron/core/sync/hub/write-policy.ts), so the content of
 * event-data.ts's templates is re-signed here by a bench member's device, as that member.
 */
import type { EventEnvelope } from '../../shared/events';
import { format } from '../../shared/hlc';
import { signEvent } from '../../electron/core/identity/event-signing';
import type { DeviceCredentials } from '../../electron/core/sync/hub-auth';
import type { EventFactory } from './event-data';

/** Fixed, so every run signs the same content. */
const WALL_START = Date.parse('2026-11-25T03:00:00Z');

export type SignedEventMaker = (index: number, incidentId: string) => EventEnvelope;

/** Event number `index` of `factory`, written and signed by the member holding `credentials`. */
export function signedEvents(factory: EventFactory, credentials: DeviceCredentials): SignedEventMaker {
  const { member, device, deviceKey } = credentials;
  return (index, incidentId) => {
    const { id, type, payload } = factory.make(index, incidentId);
    return signEvent(
      {
        id,
        type,
        // 20 events per millisecond, stamps increasing with the index, as one device's would.
        hlc: format({
          wall: WALL_START + Math.floor(index / 20),
          counter: index % 20,
          node: device.deviceId,
        }),
        actor: member.memberId,
        department: member.department,
        payload,
      },
      device.deviceId,
      deviceKey,
    );
  };
}

/**
 * A short log note (about 390 bytes as a Yjs update: one event-sized Y.Map set), signed the same way.
 */
export function smallNotes(credentials: DeviceCredentials): SignedEventMaker {
  const { member, device, deviceKey } = credentials;
  return (index, incidentId) =>
    signEvent(
      {
        id: idOf(index),
        type: 'log.note',
        hlc: format({ wall: WALL_START + index, counter: 0, node: device.deviceId }),
        actor: member.memberId,
        department: member.department,
        payload: { incidentId, text: `Unit E-${index % 60} on scene at Harbour Street.`, kind: 'note' },
      },
      device.deviceId,
      deviceKey,
    );
}

/** Shaped like a UUID, unique per index. */
function idOf(index: number): string {
  const hex = index.toString(16).padStart(12, '0');
  return `${hex.slice(4)}-${hex.slice(0, 4)}-4000-9000-${hex}`;
}
