/**
 * A simulation of playbook runs in one incident room: replicas (one per member's laptop) each hold
 * their own view of the room, write events against that view through the planners, and sync with
 * each other, so concurrency comes from what each author had seen, exactly as in the app. Each
 * replica has its own wall clock (`at(minutes)`), and stamps events with a hybrid logical clock
 * (shared/hlc.ts), so due times and acknowledgement windows can be tested minute by minute.
 */
import { createClock, format, receive, tick, type Hlc } from '../../../shared/hlc';
import {
  foldIncident,
  planOrThrow,
  type Actor,
  type Command,
  type FoldableEvent,
  type IncidentRecord,
  type MemberInfo,
  type RoleAssignment,
} from '../../../shared/incident-record';
import {
  foldRuns,
  planRunResolve,
  planRunStart,
  planRunStep,
  planRunStop,
  templateSchema,
  type PlaybookTemplate,
  type PlaybookTemplateInput,
  type RunContext,
  type RunRecord,
  type StartOptions,
  type StepCommand,
} from '../../../shared/playbook';
import { seededRandom } from '../../support/seeded-random';

export const rng = seededRandom;

export const INCIDENT = 'inc-1';
export const RUN = 'run-1';
/** A Monday morning in winter (no daylight-saving change nearby). */
export const T0 = Date.parse('2026-02-02T08:00:00.000Z');
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

export const ACTORS = {
  alice: { id: 'alice', role: 'commander', department: 'police' },
  bob: { id: 'bob', role: 'responder', department: 'traffic' },
  carol: { id: 'carol', role: 'responder', department: 'energy' },
  erin: { id: 'erin', role: 'responder', department: 'energy' },
  paula: { id: 'paula', role: 'responder', department: 'police' },
  frank: { id: 'frank', role: 'commander', department: 'energy' },
  dave: { id: 'dave', role: 'admin', department: 'it' },
  vic: { id: 'vic', role: 'viewer', department: 'police' },
} as const satisfies Record<string, Actor>;
export type Name = keyof typeof ACTORS;
export const NAMES = Object.keys(ACTORS) as Name[];

export const MEMBERS: ReadonlyMap<string, MemberInfo> = new Map(
  Object.values(ACTORS).map((a) => [a.id, { role: a.role, department: a.department }]),
);
export const DEPARTMENTS = ['police', 'traffic', 'energy', 'it'] as const;

/** A checked template with defaults filled in; id, version and title default too. */
export function template(
  input: Omit<PlaybookTemplateInput, 'id' | 'version' | 'title'> & Partial<PlaybookTemplateInput>,
): PlaybookTemplate {
  return templateSchema.parse({ id: 'test-playbook', version: 1, title: 'Test playbook', ...input });
}

/** A RoleAssignment as the incident fold reports it (no stamp: these tests do not need one). */
export function role(roleName: RoleAssignment['role'], holder: RoleAssignment['holder']): RoleAssignment {
  return { role: roleName, holder, since: null };
}

export function context(roles: readonly RoleAssignment[], now: number, incidentId = INCIDENT): RunContext {
  return { incidentId, members: MEMBERS, roles, now };
}

export type SimOptions = {
  /** The real time at minute 0. */
  t0?: number;
  timeZone?: string;
};

export class RunSim {
  readonly t0: number;
  readonly timeZone: string;
  /** Every event any replica wrote, in writing order. */
  readonly all: FoldableEvent[] = [];
  private readonly views = new Map<Name, Map<string, FoldableEvent>>();
  private readonly clocks = new Map<Name, Hlc>();
  private readonly walls = new Map<Name, number>();
  private seq = 0;

  constructor(options: SimOptions = {}) {
    this.t0 = options.t0 ?? T0;
    this.timeZone = options.timeZone ?? 'UTC';
  }

  /** Sets the wall clock of `who` (everyone when nobody is named) to minute `minutes` after t0. */
  at(minutes: number, ...who: Name[]): this {
    for (const name of who.length ? who : NAMES) this.walls.set(name, this.t0 + minutes * MINUTE);
    return this;
  }

  /** The real time on the wall clock of `who`. */
  wall(who: Name): number {
    return this.walls.get(who) ?? this.t0;
  }

  view(who: Name): Map<string, FoldableEvent> {
    let view = this.views.get(who);
    if (!view) {
      view = new Map();
      this.views.set(who, view);
    }
    return view;
  }

  events(who: Name): FoldableEvent[] {
    return [...this.view(who).values()];
  }

  incident(who: Name): IncidentRecord {
    return foldIncident(this.view(who).values(), { incidentId: INCIDENT, members: MEMBERS });
  }

  roles(who: Name): RoleAssignment[] {
    return this.incident(who).roles;
  }

  context(who: Name, now = this.wall(who)): RunContext {
    return context(this.roles(who), now);
  }

  runs(who: Name, now?: number): RunRecord[] {
    return foldRuns(this.view(who).values(), this.context(who, now));
  }

  /** The run as `who` sees it now (on their wall clock unless `now` is given). */
  run(who: Name, now?: number, runId = RUN): RunRecord {
    const run = this.runs(who, now).find((r) => r.runId === runId);
    if (!run) throw new Error(`${who} sees no run ${runId}`);
    return run;
  }

  step(who: Name, stepId: string, now?: number) {
    const step = this.run(who, now).steps.find((s) => s.id === stepId);
    if (!step) throw new Error(`no step ${stepId}`);
    return step;
  }

  // --- acting through the planners ----------------------------------------------------------------

  /** An incident command, planned against `who`'s view. */
  incidentAct(who: Name, command: Command): FoldableEvent {
    return this.append(who, planOrThrow(this.incident(who), command, ACTORS[who]));
  }

  /** Creates the incident (alice by default), everyone in sync. */
  createIncident(who: Name = 'alice'): this {
    this.incidentAct(who, { kind: 'create', title: 'Substation trip', category: 'Infra', severity: 'major' });
    this.syncAll();
    return this;
  }

  start(who: Name, tpl: PlaybookTemplate, options: Partial<StartOptions> = {}): FoldableEvent[] {
    const planned = planRunStart(this.incident(who), tpl, ACTORS[who], {
      runId: RUN,
      timeZone: this.timeZone,
      exercise: null,
      automatic: null,
      ...options,
    });
    return planned.map((p) => this.append(who, p));
  }

  act(who: Name, stepId: string, action: StepCommand['action'], extra: Partial<StepCommand> = {}) {
    const planned = planRunStep(this.run(who), { stepId, action, ...extra }, ACTORS[who], this.roles(who));
    return this.append(who, planned);
  }

  stop(who: Name, reason = 'exercise over'): FoldableEvent {
    return this.append(who, planRunStop(this.run(who), reason, ACTORS[who]));
  }

  resolve(who: Name, stepId: string, chosenEventId: string, note?: string): FoldableEvent {
    const command = note === undefined ? { stepId, chosenEventId } : { stepId, chosenEventId, note };
    return this.append(who, planRunResolve(this.run(who), command, ACTORS[who]));
  }

  /** A run.step event written as-is (an older build or a hostile copy), with `base` defaulting to the head `who` sees. */
  rawStep(
    who: Name,
    stepId: string,
    action: StepCommand['action'],
    extra: { reason?: string; option?: string; base?: string | null } = {},
  ): FoldableEvent {
    const base = 'base' in extra ? extra.base : this.step(who, stepId).head;
    const payload: Record<string, unknown> = { incidentId: INCIDENT, runId: RUN, stepId, action, base };
    if (extra.reason !== undefined) payload.reason = extra.reason;
    if (extra.option !== undefined) payload.option = extra.option;
    return this.append(who, { type: 'run.step', payload });
  }

  /** Appends an event as written, bypassing every planner; stamped on `who`'s clock. */
  append(who: Name, planned: { type: string; payload: unknown }): FoldableEvent {
    const a = ACTORS[who];
    const device = `${a.id}-laptop`;
    const clock = tick(this.clocks.get(who) ?? createClock(device), this.wall(who));
    this.clocks.set(who, clock);
    const event: FoldableEvent = {
      id: `ev-${String(++this.seq).padStart(5, '0')}-${who}`,
      type: planned.type,
      hlc: format(clock),
      actor: a.id,
      device,
      department: a.department,
      payload: structuredClone(planned.payload),
    };
    this.view(who).set(event.id, event);
    this.all.push(event);
    return event;
  }

  /** `to` receives everything `from` has, and its clock moves past what it received. */
  sync(from: Name, to: Name): this {
    const target = this.view(to);
    let clock = this.clocks.get(to) ?? createClock(`${ACTORS[to].id}-laptop`);
    for (const [id, e] of this.view(from)) {
      if (target.has(id)) continue;
      target.set(id, e);
      clock = receive(clock, e.hlc, this.wall(to));
    }
    this.clocks.set(to, clock);
    return this;
  }

  /** Everyone receives everything. */
  syncAll(): this {
    for (const a of NAMES) for (const b of NAMES) this.sync(a, b);
    return this;
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

/** The ISO instant `minutes` after `t0`. */
export const iso = (minutes: number, t0 = T0) => new Date(t0 + minutes * MINUTE).toISOString();

/** Runs `fn` and returns the PlanError (or other error) it throws. */
export function thrown(fn: () => unknown): { code?: string; message: string; name: string } {
  try {
    fn();
  } catch (error) {
    const e = error as Error & { code?: string };
    return { name: e.name, code: e.code, message: e.message };
  }
  throw new Error('expected a throw, but nothing was thrown');
}

// --- templates --------------------------------------------------------------------------------------

/**
 * A substation outage in 8 steps: an assessment, a notification, a decision with two branches (one
 * of one step, one of two steps and a follow-up), and a join after both branches.
 */
export const signals = () =>
  template({
    acknowledge: 'PT10M',
    steps: [
      {
        id: 'assess',
        title: 'Assess the outage',
        owner: { department: 'energy' },
        due: { within: 'PT30M', from: 'activation' },
      },
      {
        id: 'tell-traffic',
        title: 'Tell traffic and police',
        kind: 'notify',
        after: ['assess'],
        owner: { department: 'energy' },
        notify: { departments: ['traffic', 'police'], message: 'Signals are dark on feeder 12' },
      },
      {
        id: 'restore',
        title: 'Choose the restoration path',
        kind: 'decision',
        after: ['assess'],
        owner: { department: 'energy' },
        options: [
          { id: 'quick', label: 'Switch to neighbouring feeders', opens: ['switch-feeders'] },
          { id: 'long', label: 'Repair the transformer', opens: ['generators', 'detour'] },
        ],
      },
      { id: 'switch-feeders', title: 'Switch load to neighbouring feeders', owner: { department: 'energy' } },
      { id: 'generators', title: 'Put generators at key junctions', owner: { department: 'energy' } },
      { id: 'detour', title: 'Sign detours', owner: { department: 'traffic' } },
      { id: 'barricades', title: 'Place barricades', after: ['detour'], owner: { department: 'traffic' } },
      {
        id: 'reenergize',
        title: 'Re-energize in stages',
        after: ['switch-feeders', 'generators'],
        owner: { department: 'energy' },
      },
    ],
  });

/** Two steps in a row; the road closure is traffic's, and police answer for it. */
export const closure = () =>
  template({
    steps: [
      {
        id: 'close-road',
        title: 'Close Elm St',
        owner: { department: 'traffic' },
        raci: { accountable: { department: 'police' } },
      },
      { id: 'reopen-road', title: 'Reopen Elm St', after: ['close-road'], owner: { department: 'traffic' } },
    ],
  });

/** An approval by the safety officer (two-person when asked), then a task held up by it. */
export const approval = (twoPerson: boolean) =>
  template({
    steps: [
      {
        id: 'sign-off',
        title: 'Approve re-energizing',
        kind: 'approval',
        owner: { role: 'safety' },
        approval: { role: 'safety', twoPerson },
      },
      { id: 'energize', title: 'Energize the feeder', after: ['sign-off'], owner: { department: 'energy' } },
    ],
  });

/** The step a planned or written run event is about (run.step, run.escalated, ...). */
export const stepIdOf = (event: { payload: unknown }) => (event.payload as { stepId?: string }).stepId;
