import type * as Y from 'yjs';
import { eventEnvelopeSchema, type EventEnvelope } from '../../../shared/events';

/** The root Y.Map of every room: event id -> event envelope. Keys are written once, never overwritten. */
export const EVENTS_MAP = 'events';

export type RoomEvents = {
  events: EventEnvelope[];
  /** Keys whose value is not a valid envelope carrying that same id (written by a broken or hostile peer). */
  malformedKeys: string[];
};

/**
 * Reads the events of a room's map. Values arrive from other replicas, so each is checked against
 * the envelope schema and its key; the rest are reported, not returned, so callers can raise them.
 */
export function readRoomEvents(map: Y.Map<unknown>): RoomEvents {
  const events: EventEnvelope[] = [];
  const malformedKeys: string[] = [];
  for (const [key, value] of map.entries()) {
    const parsed = eventEnvelopeSchema.safeParse(value);
    if (parsed.success && parsed.data.id === key) events.push(parsed.data);
    else malformedKeys.push(key);
  }
  return { events, malformedKeys };
}
