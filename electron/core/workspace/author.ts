import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '../../../shared/events';
import { createClock, format, parse, receive, tick, type Hlc } from '../../../shared/hlc';
import type { Store } from '../db/open';
import type { Room } from '../docs/room-store';
import { signEvent } from '../identity/event-signing';
import type { LocalIdentity } from './local-identity';

/** Writes events as this installation's member and device: stamped, signed, appended. */
export type Author = {
  write(room: Room, type: string, payload: unknown): EventEnvelope;
  /** Several events stored in one commit: all of them or none (a playbook start and its role assignments). */
  writeAll(room: Room, events: ReadonlyArray<{ type: string; payload: unknown }>): EventEnvelope[];
  /** Moves the clock past stamps seen from others, so our next event sorts after them. */
  observe(events: readonly EventEnvelope[]): void;
};

/**
 * The clock is kept in the store so that stamps stay monotonic across restarts even when the wall
 * clock steps back.
 */
export function createAuthor(db: Store, identity: LocalIdentity, now: () => number = Date.now): Author {
  const stored = db.prepare("SELECT value FROM local_identity WHERE name = 'clock'").pluck().get() as
    string | undefined;
  let clock: Hlc = stored ? parse(stored) : createClock(identity.device.deviceId);
  const saveClock = db.prepare(
    "INSERT INTO local_identity (name, value) VALUES ('clock', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
  );

  const sign = (type: string, payload: unknown): EventEnvelope => {
    clock = tick(clock, now());
    return signEvent(
      {
        id: randomUUID(),
        type,
        hlc: format(clock),
        actor: identity.member.memberId,
        department: identity.member.department,
        payload,
      },
      identity.device.deviceId,
      identity.deviceKey,
    );
  };

  return {
    write(room, type, payload) {
      const event = sign(type, payload);
      room.appendEvent(event);
      saveClock.run(format(clock));
      return event;
    },
    writeAll(room, planned) {
      const events = planned.map(({ type, payload }) => sign(type, payload));
      room.appendEvents(events);
      saveClock.run(format(clock));
      return events;
    },
    observe(events) {
      for (const event of events) clock = receive(clock, event.hlc, now());
      saveClock.run(format(clock));
    },
  };
}
