import { describe, expect, it } from 'vitest';
import { listRooms, openRoom, type Room } from '../../../electron/core/docs/room-store';
import { makeEvent, openTempStore, tempStoreFile } from '../../support/room-fixtures';

const ROOMS = 40;
const EVENTS = 20_000;
const roomName = (r: number) => `incident:${String(r).padStart(2, '0')}`;

describe('many events', () => {
  // Scale, not speed: a quadratic path (one long Y.Array, DESIGN.md section 3) would take minutes here.
  it('loads 20k events spread over 40 rooms, from snapshots and logs alike', () => {
    const file = tempStoreFile();
    const db = openTempStore(file);
    // Below the 500 events per room, so every room ends with a snapshot and a log after it.
    const rooms: Room[] = Array.from({ length: ROOMS }, (_, r) =>
      openRoom(db, roomName(r), { compactAfter: 300 }),
    );
    // One outer transaction: this test is about the room store, not about 20k fsyncs.
    db.transaction(() => {
      for (let i = 0; i < EVENTS; i++) rooms[i % ROOMS]!.appendEvent(makeEvent(`e${i}`));
    })();
    rooms.forEach((room) => room.close());
    db.close();

    const reopened = openTempStore(file);
    expect(listRooms(reopened)).toHaveLength(ROOMS);
    const logged = reopened.prepare('SELECT count(*) AS n FROM room_updates').get() as { n: number };
    expect(logged.n).toBe(ROOMS * 200);
    let total = 0;
    for (let r = 0; r < ROOMS; r++) {
      const events = openRoom(reopened, roomName(r)).events();
      expect(events).toHaveLength(EVENTS / ROOMS);
      expect(events.every((e) => Number(e.id.slice(1)) % ROOMS === r)).toBe(true);
      total += events.length;
    }
    expect(total).toBe(EVENTS);
  });
});
