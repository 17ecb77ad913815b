import { format, parse } from '../../../shared/hlc';
import {
  foldIncident,
  planOrThrow,
  type Actor,
  type Command,
  type FoldableEvent,
  type FoldContext,
  type IncidentRecord,
  type MemberInfo,
  type PlannedEvent,
} from '../../../shared/incident-record';
import { seededRandom } from '../../support/seeded-random';

/** Deterministic PRNG for shuffles. */
export const rng = seededRandom;

export const INCIDENT = 'inc-1';
export const T0 = Date.parse('2025-03-01T14:00:00.000Z');

export const ACTORS = {
  alice: { id: 'alice', role: 'commander', department: 'police' },
  bob: { id: 'bob', role: 'responder', department: 'traffic' },
  carol: { id: 'carol', role: 'responder', department: 'energy' },
  dave: { id: 'dave', role: 'admin', department: 'it' },
  vic: { id: 'vic', role: 'viewer', department: 'police' },
} as const satisfies Record<string, Actor>;
export type ActorName = keyof typeof ACTORS;

export const MEMBERS: Record<string, MemberInfo> = Object.fromEntries(
  Object.values(ACTORS).map((a) => [a.id, { role: a.role, department: a.department }]),
);
export const CONTEXT: FoldContext = { incidentId: INCIDENT, members: MEMBERS };

export const fold = (events: Iterable<FoldableEvent>): IncidentRecord => foldIncident(events, CONTEXT);

/** An incident whose creation has not arrived: what a create command is planned against. */
export const notCreated = (incidentId: string): IncidentRecord =>
  foldIncident([], { ...CONTEXT, incidentId });

/** An HLC stamp in shared/hlc.ts's text form. */
export function hlc(ms: number, counter = 0, node = 'node-1'): string {
  return format({ wall: ms, counter, node });
}

/**
 * Replicas that write events against their own view and sync with each other, so concurrency comes
 * from what each author had seen, exactly as in the app. Clocks are Lamport-style in milliseconds,
 * so replicas that have not synced write equal wall times (ordered by node, then id).
 */
export class Sim {
  private readonly views = new Map<string, Map<string, FoldableEvent>>();
  private readonly clocks = new Map<string, number>();
  private seq = 0;
  private tasks = 0;
  readonly all: FoldableEvent[] = [];
  private readonly newTaskId = () => `task-${++this.tasks}`;

  view(actor: ActorName): Map<string, FoldableEvent> {
    let view = this.views.get(actor);
    if (!view) {
      view = new Map();
      this.views.set(actor, view);
    }
    return view;
  }

  record(actor: ActorName): IncidentRecord {
    const view = this.view(actor);
    return view.size ? fold(view.values()) : notCreated(INCIDENT);
  }

  /** Plan `command` as `actor` against their view and append it there; throws PlanError. */
  act(actor: ActorName, command: Command): FoldableEvent {
    const planned = planOrThrow(this.record(actor), command, ACTORS[actor], { newId: this.newTaskId });
    return this.append(actor, planned);
  }

  /** Append an event as written (bypassing planning, like an event from an older build). */
  append(actor: ActorName, planned: { type: string; payload: unknown } | PlannedEvent): FoldableEvent {
    const view = this.view(actor);
    let clock = this.clocks.get(actor) ?? 0;
    for (const e of view.values()) clock = Math.max(clock, parse(e.hlc).wall - T0);
    clock += 1;
    this.clocks.set(actor, clock);
    const a = ACTORS[actor];
    const event: FoldableEvent = {
      id: `ev-${String(++this.seq).padStart(5, '0')}-${actor}`,
      type: planned.type,
      hlc: hlc(T0 + clock, 0, `${a.id}-laptop`),
      actor: a.id,
      device: `${a.id}-laptop`,
      department: a.department,
      payload: planned.payload,
    };
    view.set(event.id, event);
    this.all.push(event);
    return event;
  }

  /** `to` receives everything `from` has. */
  sync(from: ActorName, to: ActorName): void {
    const target = this.view(to);
    for (const [id, e] of this.view(from)) target.set(id, e);
  }

  syncAll(): void {
    const names = Object.keys(ACTORS) as ActorName[];
    for (const a of names) for (const b of names) this.sync(a, b);
  }
}

export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** alice (commander, police) reports an incident, acknowledges it and makes it active; all in sync. */
export function activeIncident(): Sim {
  const sim = new Sim();
  sim.act('alice', { kind: 'create', title: 'Substation fire', category: 'Fire', severity: 'major' });
  sim.act('alice', { kind: 'status', to: 'acknowledged' });
  sim.act('alice', { kind: 'status', to: 'active' });
  sim.syncAll();
  return sim;
}
