/**
 * Convergence over random sync schedules (DESIGN.md section 6; tldraw's store fuzzing is the model):
 * 3 to 5 members of different departments edit incidents whether or not they can reach the hub (status
 * changes, updates, notes, tasks, role assignments, conflict resolutions; the planner may refuse some),
 * sync when they can (sometimes several at once, sometimes editing while their own sync runs), go offline
 * and come back, restart their app; the hub restarts (on a new port or the same one, or in the middle of
 * a sync), goes down, or loses its data folder (also in the middle of a sync) and must be re-seeded by the
 * members just syncing. After healing (hub up, everyone online, everyone syncing one by one, then all at
 * once) every copy must show the same board and the same folded records and hold every event any member's
 * edit returned, and a member enrolled afterwards must get all of it from the hub alone. Along the way
 * every sync must settle and leave the copy holding at least what it and the hub held before, and a
 * restarted copy what it held.
 *
 * The seed is pinned. A failure prints the seed, the path, the schedule (plain data) and its trace: paste
 * the schedule into FOUND in convergence-regressions.test.ts. Shrinking is off (every try replays a whole
 * schedule); MUSTER_FUZZ_SHRINK=1 turns it on. To explore more seeds:
 *   MUSTER_FUZZ_SEED=123 MUSTER_FUZZ_RUNS=50 npx vitest run test/unit/sync/convergence.property
 * (MUSTER_FUZZ_TRACE=1 prints every run's trace.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SyncWorld, WARM_UP, type EditKind, type Schedule, type ScheduleStep } from '../../support/sync';

const PINNED_SEED = 20_250_301;
const SEED = Number(process.env.MUSTER_FUZZ_SEED ?? PINNED_SEED);
const RUNS = Number(process.env.MUSTER_FUZZ_RUNS ?? 8);

const member = fc.nat(4);
// Status changes and updates on few incidents, so that concurrent changes from one base (conflicts) happen.
const EDITS: EditKind[] = ['note', 'status', 'status', 'update', 'update', 'update', 'task', 'task-state'];
const RARE_EDITS: EditKind[] = ['create', 'assign', 'resolve', 'resolve'];
const step: fc.Arbitrary<ScheduleStep> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      do: fc.constant('edit' as const),
      by: member,
      edit: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...EDITS) }, fc.constantFrom(...RARE_EDITS)),
      pick: fc.nat(1_000),
    }),
  },
  { weight: 5, arbitrary: fc.record({ do: fc.constant('sync' as const), by: member }) },
  {
    weight: 2,
    arbitrary: fc.record({
      do: fc.constant('edit-during-sync' as const),
      by: member,
      edit: fc.constantFrom(...EDITS, 'create'),
      pick: fc.nat(1_000),
      afterMs: fc.constantFrom(0, 10, 40, 100),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      do: fc.constant('sync-together' as const),
      members: fc.uniqueArray(member, { minLength: 2, maxLength: 5 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ do: fc.constantFrom('offline' as const, 'online' as const), by: member }),
  },
  { weight: 1, arbitrary: fc.record({ do: fc.constant('restart-member' as const), by: member }) },
  { weight: 1, arbitrary: fc.record({ do: fc.constant('hub-restart' as const), samePort: fc.boolean() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      do: fc.constant('hub-restart-mid-sync' as const),
      by: member,
      afterMs: fc.constantFrom(0, 30, 80, 150),
      wipe: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      do: fc.constantFrom('hub-wipe' as const, 'hub-down' as const, 'hub-up' as const),
    }),
  },
);

const schedule: fc.Arbitrary<Schedule> = fc.record({
  members: fc.integer({ min: 3, max: 5 }),
  steps: fc.array(step, { minLength: 8, maxLength: 24 }),
});

describe('sync convergence over random schedules (seeded property)', () => {
  it(
    'every copy ends with the same records and every acknowledged event',
    async () => {
      const seen = {
        runs: 0,
        edits: 0,
        offlineEdits: 0,
        conflicts: 0,
        wipes: 0,
        restarts: 0,
        ms: [] as number[],
      };
      await fc.assert(
        fc.asyncProperty(schedule, async ({ members, steps }) => {
          const started = Date.now();
          const world = await SyncWorld.start(members);
          try {
            const agreed = await world.play([...WARM_UP, ...steps]);
            seen.runs++;
            seen.edits += world.acknowledged.length;
            seen.offlineEdits += world.stats.offlineEdits;
            seen.wipes += world.stats.hubWipes;
            seen.restarts += world.stats.hubRestarts;
            if (process.env.MUSTER_FUZZ_TRACE) console.log(world.trace.join('\n'));
            seen.conflicts += Object.values(agreed.records).reduce((n, r) => n + r.conflicts.length, 0);
          } finally {
            await world.close();
            seen.ms.push(Date.now() - started);
          }
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: process.env.MUSTER_FUZZ_SHRINK !== '1' },
      );
      console.log(`convergence: seed ${SEED}, ${JSON.stringify(seen)}`);
      // Guards the generator (for the pinned runs): schedules without offline edits, hub trouble or
      // conflicts prove little.
      if (SEED === PINNED_SEED && RUNS >= 8) {
        expect(seen.offlineEdits).toBeGreaterThan(0);
        expect(seen.wipes).toBeGreaterThan(0);
        expect(seen.restarts).toBeGreaterThan(0);
        expect(seen.conflicts).toBeGreaterThan(0);
      }
    },
    Math.max(120_000, RUNS * 20_000),
  );
});
