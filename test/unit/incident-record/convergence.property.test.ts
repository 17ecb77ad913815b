/**
 * Convergence: random histories written by several replicas against their own (partial) views, with
 * concurrent branches from the same base, refused events, resolutions by the wrong role and junk;
 * the fold of the same set of events must be byte-identical in every arrival order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canTransition,
  ICS_ROLES,
  INCIDENT_STATUSES,
  LIFECYCLE,
  PlanError,
  REOPEN_FROM,
  REOPEN_TO,
  SEVERITIES,
  type Command,
  type IncidentStatus,
} from '../../../shared/incident-record';
import { ACTORS, fold, INCIDENT, rng, shuffle, Sim, type ActorName } from './helpers';

const NAMES = Object.keys(ACTORS) as ActorName[];
const PARTIES = [
  { kind: 'member', id: 'alice' },
  { kind: 'member', id: 'bob' },
  { kind: 'member', id: 'carol' },
  { kind: 'department', id: 'energy' },
  { kind: 'department', id: 'traffic' },
] as const;

type Op = [actor: number, opcode: number, arg: number];

/** Run one op; returns quietly when the plan refuses (that is the point of planning). */
function step(sim: Sim, [actorIndex, opcode, arg]: Op): void {
  const actor = NAMES[actorIndex % NAMES.length]!;
  const pick = <T>(items: readonly T[]): T => items[arg % items.length]!;
  const tryAct = (command: Command, as: ActorName = actor) => {
    try {
      sim.act(as, command);
    } catch (error) {
      if (!(error instanceof PlanError)) throw error;
    }
  };
  const record = sim.record(actor);
  switch (opcode) {
    case 0:
    case 1:
    case 2:
    case 3:
      return sim.sync(pick(NAMES), actor);
    case 4:
    case 5:
    case 6:
      // Biased towards resolving, so that resolves meet escalations.
      return tryAct({
        kind: 'status',
        to: pick(['resolved', 'active', ...INCIDENT_STATUSES]),
        reopen: arg % 5 === 0,
      });
    case 7: {
      // Written without planning (an older build, a bug): may be any transition, on any base.
      const base =
        arg % 3 === 0 ? (sim.all[arg % sim.all.length]?.id ?? null) : (record.versions.status ?? null);
      sim.append(actor, {
        type: 'incident.status_changed',
        payload: {
          incidentId: INCIDENT,
          from: arg % 4 === 0 ? pick(INCIDENT_STATUSES) : record.status,
          to: INCIDENT_STATUSES[(arg >> 3) % 6],
          base,
          reopen: arg % 2 === 0,
        },
      });
      return;
    }
    case 8:
    case 9:
      return tryAct({ kind: 'update', severity: pick(['critical', 'major', ...SEVERITIES]) });
    case 10:
      return tryAct({ kind: 'update', title: pick(['Fire', 'Substation fire', 'Fire at Elm St']) });
    case 11:
      return tryAct({
        kind: 'update',
        priority: (arg % 5) + 1,
        tlp: pick(['GREEN', 'AMBER', 'RED'] as const),
      });
    case 12:
      return tryAct({ kind: 'assign-role', role: 'incident-commander', holder: pick(PARTIES) });
    case 13:
      return tryAct({
        kind: 'assign-role',
        role: pick(ICS_ROLES),
        holder: arg % 4 === 0 ? null : pick(PARTIES),
      });
    case 14:
      return tryAct({
        kind: 'create-task',
        title: `Task ${arg}`,
        responsible: [pick(PARTIES)],
        ...(arg % 3 ? { due: new Date(Date.UTC(2025, 2, 1, arg % 24)).toISOString() } : {}),
      });
    case 15:
    case 16: {
      const task = record.tasks.length ? pick(record.tasks) : undefined;
      if (!task) return;
      const kind = pick(['acknowledge-task', 'complete-task', 'cancel-task', 'reopen-task'] as const);
      return tryAct({ kind, taskId: task.id });
    }
    case 17:
      return tryAct({
        kind: 'update-task',
        taskId: record.tasks[0]?.id ?? 'none',
        title: `Renamed ${arg % 3}`,
      });
    case 18:
      return tryAct({
        kind: arg % 3 === 0 ? 'unlink' : 'link',
        targetIncidentId: pick(['inc-2', 'inc-3']),
        linkKind: pick(['causes', 'related'] as const),
      });
    case 19:
    case 20: {
      const conflict = record.conflicts.find((c) => c.status === 'open');
      if (!conflict) return;
      const chosen = pick(conflict.candidates);
      if (opcode === 20 && actor !== 'alice') {
        // A resolution signed by whoever, as if planning had been skipped: only commanders count.
        sim.append(actor, {
          type: 'conflict.resolved',
          payload: {
            incidentId: INCIDENT,
            conflictId: conflict.id,
            chosenEventId: chosen.eventId,
            base: record.versions[conflict.field] ?? null,
            candidateIds: conflict.candidates.map((c) => c.eventId),
          },
        });
        return;
      }
      const resolver = arg % 2 ? 'alice' : 'dave';
      sim.sync(actor, resolver);
      return tryAct(
        { kind: 'resolve-conflict', conflictId: conflict.id, chosenEventId: chosen.eventId },
        resolver,
      );
    }
    case 21:
      return tryAct({
        kind: 'update',
        location:
          arg % 4 === 0 ? null : { lat: (arg % 180) - 90, lon: (arg % 360) - 180, area: `Area ${arg % 3}` },
      });
    case 22:
      sim.append(actor, {
        type: pick(['log.note', 'incident.updated', 'task.done']),
        payload: { incidentId: INCIDENT, junk: arg },
      });
      return;
    case 23:
      return tryAct({
        kind: 'update',
        addTags: [`t${arg % 4}`],
        removeTags: [`t${(arg + 1) % 4}`],
        addDepartments: [pick(['energy', 'traffic', 'it'])],
      });
    default:
      return tryAct({ kind: 'note', text: `note ${arg}`, noteKind: arg % 2 ? 'note' : 'decision' });
  }
}

function history(ops: readonly Op[]): Sim {
  const sim = new Sim();
  sim.act('alice', { kind: 'create', title: 'Substation fire', category: 'Fire', severity: 'moderate' });
  sim.act('alice', { kind: 'status', to: 'acknowledged' });
  sim.act('alice', { kind: 'status', to: 'active' });
  sim.syncAll();
  for (const op of ops) step(sim, op);
  return sim;
}

const opArb = fc.tuple(fc.nat(NAMES.length - 1), fc.nat(26), fc.nat(10_000));

describe('convergence', () => {
  it('the same set of events gives byte-identical records in any arrival order', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 80 }), fc.nat(), (ops, seed) => {
        const sim = history(ops);
        const events = sim.all;
        const expected = JSON.stringify(fold(events));
        const random = rng(seed);
        const orders = [
          [...events].reverse(),
          shuffle(events, random),
          shuffle(events, random),
          // Redelivery: duplicates of the same events change nothing.
          shuffle([...events, ...events.filter(() => random() < 0.3)], random),
        ];
        for (const order of orders) expect(JSON.stringify(fold(order))).toBe(expected);

        const record = JSON.parse(expected) as ReturnType<typeof fold>;
        expect(record.timeline).toHaveLength(events.length);
        for (const conflict of record.conflicts) expect(conflict.candidates.length).toBeGreaterThanOrEqual(2);
        for (const rejection of record.rejected) expect(rejection.reason).not.toBe('');
      }),
      { numRuns: 150 },
    );
  });

  it('histories actually contain conflicts, resolutions and refusals', () => {
    // Guards the generator: a convergence test over histories without concurrency proves little.
    let conflicts = 0;
    let resolved = 0;
    let refused = 0;
    let escalations = 0;
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 40, maxLength: 80 }), (ops) => {
        const r = fold(history(ops).all);
        conflicts += r.conflicts.length;
        resolved += r.conflicts.filter((c) => c.status === 'resolved').length;
        refused += r.rejected.length;
        escalations += r.conflicts.filter((c) => c.kind === 'resolve-vs-escalate').length;
      }),
      { numRuns: 60, seed: 42 },
    );
    expect(conflicts).toBeGreaterThan(20);
    expect(resolved).toBeGreaterThan(3);
    expect(refused).toBeGreaterThan(20);
    expect(escalations).toBeGreaterThan(3);
  });
});

/** Valid steps from `reported` to `status`. */
function pathTo(status: IncidentStatus): { to: IncidentStatus }[] {
  const path: Record<IncidentStatus, IncidentStatus[]> = {
    reported: [],
    acknowledged: ['acknowledged'],
    active: ['acknowledged', 'active'],
    contained: ['acknowledged', 'active', 'contained'],
    resolved: ['acknowledged', 'active', 'resolved'],
    closed: ['acknowledged', 'active', 'resolved', 'closed'],
  };
  return path[status].map((to) => ({ to }));
}

function incidentAt(status: IncidentStatus): Sim {
  const sim = new Sim();
  sim.act('alice', { kind: 'create', title: 'Leak', category: 'Env', severity: 'minor' });
  for (const { to } of pathTo(status)) sim.act('alice', { kind: 'status', to });
  sim.syncAll();
  return sim;
}

describe('status lifecycle properties', () => {
  const status = fc.constantFrom(...INCIDENT_STATUSES);

  it('two different concurrent status changes from one base always conflict, listing both', () => {
    const moves = (from: IncidentStatus) => [
      ...LIFECYCLE[from].map((to) => ({ to, reopen: false })),
      ...(REOPEN_FROM.includes(from) ? REOPEN_TO.map((to) => ({ to, reopen: true })) : []),
    ];
    fc.assert(
      fc.property(
        status.filter((s) => moves(s).length >= 2),
        fc.nat(),
        fc.nat(),
        fc.constantFrom<[ActorName, ActorName]>(['alice', 'bob'], ['bob', 'carol'], ['carol', 'dave']),
        (from, i, j, [first, second]) => {
          const options = moves(from);
          const a = options[i % options.length]!;
          const b = options[(i + 1 + (j % (options.length - 1))) % options.length]!;
          const sim = incidentAt(from);
          const ea = sim.act(first, { kind: 'status', ...a });
          const eb = sim.act(second, { kind: 'status', ...b });
          const r = fold(sim.all);
          expect(r.conflicts).toHaveLength(1);
          expect(r.conflicts[0]).toMatchObject({ field: 'status', status: 'open', base: sim.all.at(-3)!.id });
          expect(r.conflicts[0]!.candidates.map((c) => [c.eventId, c.value])).toEqual(
            [
              [ea.id, a.to],
              [eb.id, b.to],
            ].sort(([x], [y]) => (x! < y! ? -1 : 1)),
          );
        },
      ),
    );
  });

  it('plan refuses every transition the lifecycle forbids, and the fold ignores it if it arrives', () => {
    fc.assert(
      fc.property(status, status, fc.boolean(), (from, to, reopen) => {
        fc.pre(!canTransition(from, to, reopen));
        const sim = incidentAt(from);
        let record = fold(sim.all);
        const planned = (() => {
          try {
            sim.act('alice', { kind: 'status', to, reopen });
            return null;
          } catch (error) {
            return error;
          }
        })();
        expect(planned).toBeInstanceOf(PlanError);
        expect(['invalid-transition', 'nothing-to-change']).toContain((planned as PlanError).code);
        const raw = sim.append('alice', {
          type: 'incident.status_changed',
          payload: { incidentId: INCIDENT, from, to, base: record.versions.status, reopen },
        });
        record = fold(sim.all);
        expect(record.status).toBe(from);
        expect(record.rejected.map((x) => x.eventId)).toEqual([raw.id]);
      }),
    );
  });
});
