import path from 'node:path';
import fc from 'fast-check';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../electron/core/db/open';
import { compactRoom } from '../../../electron/core/docs/compaction';
import { EVENTS_MAP } from '../../../electron/core/docs/room-events';
import { openRoom, type Room } from '../../../electron/core/docs/room-store';
import { ids, makeEvent } from '../../support/room-fixtures';
import { tempDir } from '../../support/temp-dir';

type Op =
  | { kind: 'append' | 'compact' | 'refresh' | 'reopen' | 'remote'; by: 0 | 1 }
  | { kind: 'remote-out-of-order'; by: 0 | 1 };

const op: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom(
    'append',
    'append',
    'append',
    'compact',
    'refresh',
    'reopen',
    'remote',
    'remote-out-of-order',
  ),
  by: fc.constantFrom(0 as const, 1 as const),
});

const ROOM = 'incident:prop';

// Two connections (standing in for two processes) work on one room in a random order, with
// compaction, reloads and remote updates (some arriving before what they depend on) mixed in.
// Whatever the schedule, every event written anywhere is in the store and both rooms converge.
describe('room store convergence (seeded property)', () => {
  it('loses no event and converges under any schedule of appends, compactions and reloads', () => {
    const dir = tempDir();
    let run = 0;
    fc.assert(
      fc.property(
        fc.array(op, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 2, max: 9 }),
        (ops, compactAfter) => {
          const file = path.join(dir, `run-${run++}.db`);
          const dbs = [openStore(file), openStore(file)] as const;
          const open = (i: 0 | 1) => openRoom(dbs[i], ROOM, { compactAfter });
          const rooms: [Room, Room] = [open(0), open(1)];
          const peer = new Y.Doc();
          const held: Uint8Array[] = [];
          const expected: string[] = [];
          try {
            ops.forEach((step, n) => {
              const room = rooms[step.by];
              if (step.kind === 'append') {
                room.appendEvent(makeEvent(`e${n}`));
                expected.push(`e${n}`);
              } else if (step.kind === 'compact') compactRoom(dbs[step.by], ROOM);
              else if (step.kind === 'refresh') room.refresh();
              else if (step.kind === 'reopen') {
                room.close();
                rooms[step.by] = open(step.by);
              } else {
                const before = Y.encodeStateVector(peer);
                peer.getMap(EVENTS_MAP).set(`p${n}`, makeEvent(`p${n}`));
                expected.push(`p${n}`);
                const update = Y.encodeStateAsUpdate(peer, before);
                if (step.kind === 'remote-out-of-order') held.push(update);
                else for (const u of [update, ...held.splice(0)].reverse()) room.applyUpdate(u);
              }
            });
            for (const u of held) rooms[0].applyUpdate(u);
            rooms.forEach((room) => room.refresh());
            expect(ids(rooms[0].events())).toEqual(expected.sort());
            expect(rooms[1].stateVector()).toEqual(rooms[0].stateVector());
            const fresh = openRoom(dbs[0], ROOM);
            expect(ids(fresh.events())).toEqual(expected);
          } finally {
            rooms.forEach((room) => room.close());
            dbs.forEach((db) => db.close());
          }
        },
      ),
      { seed: 20261125, numRuns: 60 },
    );
  });
});
