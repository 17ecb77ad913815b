/**
 * Playbook runs as a deterministic fold of their events (DESIGN.md section 3), evaluated at a
 * moment in time: the same events and the same `now` give the same record on every copy.
 *
 * Outcomes and conflicts. Every step event carries `base`, the latest event of that step its author
 * had seen. A step's outcome (done, skipped, approved, rejected, an option chosen) is final. Two
 * outcomes made without seeing each other:
 * - that agree (two departments both marked it done offline) are one outcome, reported twice;
 * - that contradict (one skipped it, the other did it; approve against reject; two different
 *   choices) put the step in conflict: it holds up the steps after it until a commander picks one
 *   candidate (`run.conflict_resolved`). A candidate the commander had not seen reopens it.
 * Starting or blocking a step without having seen its outcome changes nothing (kept in the log);
 * acting on a step after having seen its outcome is refused, as is any step event after the run was
 * stopped, an action by someone the step does not belong to (authority.ts), or an approval by a
 * member who already approved.
 *
 * Time. A step is ready when every step before it is finished (or not taken); its times count from
 * the run's start and from when it became ready, on the run's clock: real time, or for an exercise
 * a simulated clock running `speed` times faster from the real start.
 */
import { compareEvents } from '../events';
import {
  hlcWallTime,
  stableJson,
  type FoldableEvent,
  type MemberInfo,
  type RoleAssignment,
  type Stamp,
} from '../incident-record';
import { describeIssues } from '../validation';
import { actionRefusal, isCommand, type Acting } from './authority';
import { addDuration, parseDuration } from './duration';
import { isRunEventType, runPayloadSchemas, type RunEventType, type RunPayload } from './run-events';
import {
  FINISHED_STATES,
  type RunContext,
  type RunRecord,
  type RunRejection,
  type RunStep,
  type StepAction,
  type StepConflict,
  type StepState,
} from './run-record';
import type { PlaybookTemplate, Step } from './template';
import { prerequisites, structuralIssues } from './validate';

/** Every run of one incident in `events` (any order, any mix of rooms), oldest first. */
export function foldRuns(events: Iterable<FoldableEvent>, context: RunContext): RunRecord[] {
  const mine = uniqueRunEvents(events, context.incidentId).sort(compareEvents);
  const runs = new Map<string, RunFolder>();
  const orphans: FoldableEvent[] = [];
  for (const event of mine) {
    const runId = (event.payload as { runId?: unknown }).runId;
    if (typeof runId !== 'string') continue;
    const run = runs.get(runId);
    if (event.type === 'run.started') {
      if (run) run.reject(event, `run ${runId} was already started by ${run.startedBy}`);
      else {
        const started = RunFolder.start(event, context);
        if (started) runs.set(runId, started);
      }
    } else if (run) run.apply(event);
    else orphans.push(event);
  }
  return [...runs.values()].map((run) => run.result());
}

function uniqueRunEvents(events: Iterable<FoldableEvent>, incidentId: string): FoldableEvent[] {
  const byId = new Map<string, FoldableEvent>();
  let texts: Map<string, string> | undefined;
  for (const event of events) {
    if (!isRunEventType(event.type)) continue;
    const payload = event.payload;
    if (typeof payload !== 'object' || payload === null) continue;
    if ((payload as { incidentId?: unknown }).incidentId !== incidentId) continue;
    const seen = byId.get(event.id);
    if (seen === undefined) {
      byId.set(event.id, event);
      continue;
    }
    // Two different events under one id must not make the result depend on arrival order: the one
    // whose canonical JSON sorts first is kept (computed only when ids collide, which is rare).
    texts ??= new Map();
    const seenText = texts.get(event.id) ?? stableJson(seen);
    const text = stableJson(event);
    if (text < seenText) {
      byId.set(event.id, event);
      texts.set(event.id, text);
    } else texts.set(event.id, seenText);
  }
  return [...byId.values()];
}

// ---------------------------------------------------------------------------------------------------

class Refusal extends Error {}

type Outcome = { eventId: string; value: string; stamp: Stamp; reason: string | null };

interface StepFacts {
  def: Step;
  /** Event id -> the event(s) it had seen: its base, or a resolution's candidates. */
  parents: Map<string, string | readonly string[]>;
  progress: 'none' | 'in-progress' | 'blocked';
  reason: string | null;
  approvals: Stamp[];
  /** Outcome events, in event order; more than one only when they were made concurrently. */
  outcomes: Outcome[];
  conflict: {
    open: boolean;
    resolution: (Stamp & { chosenEventId: string; seen: Set<string> }) | null;
  } | null;
  acknowledged: Stamp | null;
  escalated: (Stamp & { department: string }) | null;
  history: StepAction[];
  /** The latest accepted event of the step: the `base` of the next one written here. */
  head: string | null;
}

class RunFolder {
  private readonly steps = new Map<string, StepFacts>();
  private readonly rejected: RunRejection[] = [];
  private stopped: (Stamp & { reason: string }) | null = null;
  private readonly startMs: number;
  private readonly speed: number;

  private constructor(
    private readonly started: Stamp,
    private readonly payload: RunPayload<'run.started'>,
    private readonly context: RunContext,
  ) {
    const wall = Date.parse(started.at ?? '');
    this.startMs = Number.isFinite(wall) ? wall : 0;
    this.speed = payload.exercise?.speed ?? 1;
    for (const def of payload.template.steps) {
      this.steps.set(def.id, {
        def,
        parents: new Map(),
        progress: 'none',
        reason: null,
        approvals: [],
        outcomes: [],
        conflict: null,
        acknowledged: null,
        escalated: null,
        history: [],
        head: null,
      });
    }
  }

  /** A run from its `run.started` event, or null when that event cannot start one. */
  static start(event: FoldableEvent, context: RunContext): RunFolder | null {
    const parsed = runPayloadSchemas['run.started'].safeParse(event.payload);
    const member = context.members.get(event.actor);
    if (!parsed.success || !member || member.role === 'viewer') return null;
    if (structuralIssues(parsed.data.template).length > 0) return null;
    if (hlcWallTime(event.hlc) === null) return null;
    return new RunFolder(stampOf(event), parsed.data, context);
  }

  get startedBy(): string {
    return this.started.eventId;
  }

  reject(event: FoldableEvent, reason: string): void {
    this.rejected.push({ ...stampOf(event), type: event.type, reason });
  }

  apply(event: FoldableEvent): void {
    try {
      const member = this.context.members.get(event.actor);
      if (!member) throw new Refusal(`${event.actor} is not a member of this workspace`);
      if (member.role === 'viewer') throw new Refusal(`${event.actor} is a viewer and cannot change runs`);
      const type = event.type as RunEventType;
      if (type === 'run.step') {
        const p = this.parse(type, event);
        this.onStep(p, actionOf(event, p), member);
      } else if (type === 'run.escalated') this.onEscalated(this.parse(type, event), stampOf(event));
      else if (type === 'run.stopped') this.onStopped(this.parse(type, event), stampOf(event), member);
      else if (type === 'run.conflict_resolved') {
        this.onResolved(this.parse(type, event), stampOf(event), member);
      }
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      this.reject(event, error.message);
    }
  }

  private readonly actors = new Map<string, Acting>();

  private acting(id: string, member: MemberInfo): Acting {
    let acting = this.actors.get(id);
    if (!acting) {
      acting = { id, role: member.role, department: member.department };
      this.actors.set(id, acting);
    }
    return acting;
  }

  private parse<T extends RunEventType>(type: T, event: FoldableEvent): RunPayload<T> {
    const parsed = runPayloadSchemas[type].safeParse(event.payload);
    if (!parsed.success) throw new Refusal(`invalid payload: ${describeIssues(parsed.error)}`);
    return parsed.data as RunPayload<T>;
  }

  private step(stepId: string): StepFacts {
    const step = this.steps.get(stepId);
    if (!step) throw new Refusal(`the playbook has no step ${stepId}`);
    return step;
  }

  // --- events ------------------------------------------------------------------------------------

  /** `stamp` is the history entry this event becomes, if accepted; its effect is set when it is. */
  private onStep(p: RunPayload<'run.step'>, stamp: StepAction, member: MemberInfo): void {
    if (this.stopped) throw new Refusal(`the run was stopped by ${this.stopped.eventId}`);
    const step = this.step(p.stepId);
    const def = step.def;
    const kindRefusal = actionKindRefusal(def, p.action, p.option, p.reason);
    if (kindRefusal) throw new Refusal(kindRefusal);
    const refusal = actionRefusal(this.acting(stamp.actor, member), def, p.action, this.context.roles);
    if (refusal) throw new Refusal(refusal);
    if (p.action === 'approve' && step.approvals.some((a) => a.actor === stamp.actor)) {
      throw new Refusal(
        `${stamp.actor} has already approved "${def.title}"; a second approval must come from someone else`,
      );
    }
    if (p.base !== null) step.parents.set(stamp.eventId, p.base);

    const settled = this.settledBy(step);
    if (settled !== null) {
      // Seeing any report of an outcome is seeing it: the first, one that agreed, or a candidate.
      const reports = [
        settled,
        ...step.outcomes.map((o) => o.eventId),
        ...step.history.filter((h) => h.effect === 'agreed').map((h) => h.eventId),
      ];
      if (reports.some((id) => this.saw(step, stamp.eventId, id))) {
        step.parents.delete(stamp.eventId);
        throw new Refusal(
          step.conflict?.open
            ? `"${def.title}" is in conflict; only a commander's resolution settles it`
            : `"${def.title}" is already ${describeOutcome(this.outcomeOf(step)!)}`,
        );
      }
    }

    const outcome = this.outcomeValue(step, p, stamp);
    if (settled === null) {
      if (outcome !== null) {
        step.outcomes.push({ eventId: stamp.eventId, value: outcome, stamp, reason: p.reason ?? null });
      } else if (p.action === 'start') {
        step.progress = 'in-progress';
        step.reason = null;
      } else if (p.action === 'block') {
        step.progress = 'blocked';
        step.reason = p.reason ?? null;
      }
      if (p.action === 'approve') step.approvals.push(stamp);
      return this.record(step, stamp, 'applied');
    }
    // Made without seeing the step's outcome.
    let value = outcome;
    if (p.action === 'approve') {
      step.approvals.push(stamp);
      // Half of a two-person approval contradicts nothing.
      value = approvalMet(def, step.approvals, this.context.members) ? 'approved' : null;
    }
    if (value === null) return this.record(step, stamp, 'superseded');
    if (!step.conflict && value === this.outcomeOf(step)!.value) return this.record(step, stamp, 'agreed');
    step.outcomes.push({ eventId: stamp.eventId, value, stamp, reason: p.reason ?? null });
    step.conflict ??= { open: true, resolution: null };
    step.conflict.open = this.conflictOpen(step);
    return this.record(step, stamp, 'conflicting');
  }

  private record(step: StepFacts, entry: StepAction, effect: StepAction['effect']): void {
    entry.effect = effect;
    step.history.push(entry);
    step.acknowledged ??= entry;
    step.head = entry.eventId;
  }

  /** The outcome this event gives the step, or null if it is not one (an approval may complete one). */
  private outcomeValue(step: StepFacts, p: RunPayload<'run.step'>, stamp: Stamp): string | null {
    switch (p.action) {
      case 'done':
        return 'done';
      case 'skip':
        return 'skipped';
      case 'reject':
        return 'rejected';
      case 'choose':
        return `chose:${p.option}`;
      case 'approve': {
        const approvers = [...step.approvals, stamp];
        return approvalMet(step.def, approvers, this.context.members) ? 'approved' : null;
      }
      default:
        return null;
    }
  }

  private onEscalated(p: RunPayload<'run.escalated'>, stamp: Stamp): void {
    const step = this.step(p.stepId);
    const { roles, members } = this.context;
    const answering = [step.def.raci.accountable, step.def.owner].map(
      (o) => o && departmentOf(o, roles, members),
    );
    if (!answering.includes(p.department)) {
      throw new Refusal(
        `"${step.def.title}" is escalated to the department that answers for it, not ${p.department}`,
      );
    }
    // Several copies may notice the same missed acknowledgement; the first report counts.
    step.escalated ??= { ...stamp, department: p.department };
  }

  private onStopped(p: RunPayload<'run.stopped'>, stamp: Stamp, member: MemberInfo): void {
    if (!isCommand(this.acting(stamp.actor, member))) {
      throw new Refusal(`only a commander can stop a run; ${stamp.actor} is a ${member.role}`);
    }
    this.stopped ??= { ...stamp, reason: p.reason };
  }

  private onResolved(p: RunPayload<'run.conflict_resolved'>, stamp: Stamp, member: MemberInfo): void {
    if (!isCommand(this.acting(stamp.actor, member))) {
      throw new Refusal(`only a commander can resolve a conflict; ${stamp.actor} is a ${member.role}`);
    }
    const step = this.step(p.stepId);
    if (!step.conflict) throw new Refusal(`"${step.def.title}" has no conflict`);
    if (!step.outcomes.some((o) => o.eventId === p.chosenEventId)) {
      throw new Refusal(`${p.chosenEventId} is not one of the outcomes in conflict`);
    }
    step.parents.set(stamp.eventId, p.candidateIds);
    step.conflict.resolution = { ...stamp, chosenEventId: p.chosenEventId, seen: new Set(p.candidateIds) };
    step.conflict.open = this.conflictOpen(step);
    step.head = stamp.eventId;
  }

  // --- outcome bookkeeping -------------------------------------------------------------------------

  /** The event whose sight makes a step final for its author, or null while it has no outcome. */
  private settledBy(step: StepFacts): string | null {
    if (step.conflict?.resolution) return step.conflict.resolution.eventId;
    return step.outcomes[0]?.eventId ?? null;
  }

  private outcomeOf(step: StepFacts): Outcome | null {
    const resolution = step.conflict?.resolution;
    if (resolution) return step.outcomes.find((o) => o.eventId === resolution.chosenEventId) ?? null;
    return step.outcomes[0] ?? null;
  }

  private conflictOpen(step: StepFacts): boolean {
    const resolution = step.conflict?.resolution;
    if (!resolution) return true;
    const chosen = step.outcomes.find((o) => o.eventId === resolution.chosenEventId)!;
    // An outcome the resolver did not see reopens the conflict, unless it says the same thing.
    return step.outcomes.some((o) => !resolution.seen.has(o.eventId) && o.value !== chosen.value);
  }

  /** Whether event `from` had seen event `target` (through bases, and resolutions' candidates). */
  private saw(step: StepFacts, from: string, target: string): boolean {
    const stack = parentsOf(step, from);
    const visited = new Set<string>();
    while (stack.length) {
      const id = stack.pop()!;
      if (id === target) return true;
      if (visited.has(id)) continue;
      visited.add(id);
      stack.push(...parentsOf(step, id));
    }
    return false;
  }

  // --- evaluation ----------------------------------------------------------------------------------

  /** The run's clock: real time, or an exercise's simulated time, in ms. */
  private clock(realMs: number): number {
    return this.startMs + (realMs - this.startMs) * this.speed;
  }

  private stampMs(stamp: Stamp): number {
    return this.clock(Date.parse(stamp.at ?? '') || this.startMs);
  }

  private after(ms: number, duration: string | undefined): number | null {
    const parsed = duration === undefined ? null : parseDuration(duration);
    return parsed ? addDuration(ms, parsed, this.payload.timeZone) : null;
  }

  result(): RunRecord {
    const template = this.payload.template;
    const now = this.clock(this.context.now);
    const active = this.stopped === null;
    const waits = prerequisites(template.steps);
    const openers = openersOf(template);
    const evaluated = new Map<string, Evaluated>();

    for (const id of topologicalOrder(template.steps, waits)) {
      const facts = this.steps.get(id)!;
      const def = facts.def;
      const outcome = this.outcomeOf(facts);
      const openedBy = openers.get(id) ?? [];
      const notTaken = branchNotTaken(def, openedBy, evaluated);
      // Ready once everything before it finished, at the moment the last of them did.
      let readyMs: number | null = this.startMs;
      for (const dep of waits.get(id) ?? []) {
        const before = evaluated.get(dep)!;
        if (!FINISHED_STATES.includes(before.state)) {
          readyMs = null;
          break;
        }
        readyMs = Math.max(readyMs, before.finishedMs ?? this.startMs);
      }

      let state: StepState;
      let reason = facts.reason;
      let finishedMs: number | null = null;
      let waitUntil: number | null = null;
      if (notTaken !== null) {
        state = 'skipped';
        reason = notTaken.reason;
        finishedMs = notTaken.atMs;
      } else if (facts.conflict?.open) {
        state = 'conflict';
      } else if (outcome) {
        state = outcomeState(outcome.value);
        reason = outcome.reason;
        finishedMs = facts.conflict?.resolution
          ? this.stampMs(facts.conflict.resolution)
          : this.stampMs(outcome.stamp);
      } else if (def.kind === 'notify' && readyMs !== null) {
        state = 'done';
        finishedMs = readyMs;
      } else if (def.kind === 'wait' && readyMs !== null && facts.progress !== 'blocked') {
        waitUntil = this.after(readyMs, def.wait);
        if (waitUntil !== null && waitUntil <= now) {
          state = 'done';
          finishedMs = waitUntil;
        } else state = 'in-progress';
      } else if (facts.progress !== 'none') {
        state = facts.progress;
      } else if (facts.approvals.length > 0) {
        state = 'in-progress';
      } else state = readyMs !== null ? 'ready' : 'pending';

      const finished = FINISHED_STATES.includes(state);
      const dueMs =
        def.due === undefined
          ? null
          : def.due.from === 'activation'
            ? this.after(this.startMs, def.due.within)
            : readyMs === null
              ? null
              : this.after(readyMs, def.due.within);
      const automatic = def.kind === 'notify' || def.kind === 'wait';
      const acknowledgeBy =
        readyMs === null || automatic || notTaken
          ? null
          : this.after(readyMs, def.acknowledge ?? template.acknowledge);
      const accountable = def.raci.accountable ?? def.owner;
      const escalateTo =
        departmentOf(accountable, this.context.roles, this.context.members) ??
        departmentOf(def.owner, this.context.roles, this.context.members);

      evaluated.set(id, {
        id,
        title: def.title,
        kind: def.kind,
        owner: def.owner,
        accountable,
        state,
        reason,
        choice:
          outcome?.value.startsWith('chose:') && notTaken === null && state !== 'conflict'
            ? outcome.value.slice('chose:'.length)
            : null,
        approvals: facts.approvals.map(plainStamp),
        readyAt: iso(readyMs),
        dueAt: iso(dueMs),
        finishedAt: iso(finishedMs),
        overdue: active && !finished && dueMs !== null && now > dueMs,
        acknowledged: facts.acknowledged && plainStamp(facts.acknowledged),
        acknowledgeBy: iso(acknowledgeBy),
        escalationDue:
          active &&
          !finished &&
          state !== 'conflict' &&
          facts.acknowledged === null &&
          facts.escalated === null &&
          acknowledgeBy !== null &&
          now > acknowledgeBy &&
          escalateTo !== null,
        escalated: facts.escalated,
        escalateTo,
        waitUntil: iso(waitUntil),
        history: facts.history,
        head: facts.head,
        conflict: this.conflictOf(facts),
        finishedMs,
        leftOut: notTaken !== null,
      });
    }

    const steps = template.steps.map((def) => {
      const { finishedMs: _ms, leftOut: _out, ...step } = evaluated.get(def.id)!;
      return step;
    });
    const conflicts = steps.flatMap((s) => (s.conflict ? [s.conflict] : []));
    const finishedCount = steps.filter((s) => FINISHED_STATES.includes(s.state)).length;
    return {
      runId: this.payload.runId,
      incidentId: this.payload.incidentId,
      playbook: { id: template.id, version: template.version, title: template.title },
      template,
      timeZone: this.payload.timeZone,
      exercise: this.payload.exercise,
      automatic: this.payload.automatic,
      started: this.started,
      startedAt: iso(this.startMs)!,
      now: iso(now)!,
      status: this.stopped ? 'stopped' : finishedCount === steps.length ? 'completed' : 'active',
      stopped: this.stopped,
      steps,
      conflicts,
      notifications: this.notifications(steps),
      injects: this.payload.exercise ? this.injects(template, now) : [],
      rejected: this.rejected,
      counts: {
        steps: steps.length,
        finished: finishedCount,
        overdue: steps.filter((s) => s.overdue).length,
        openConflicts: conflicts.filter((c) => c.status === 'open').length,
      },
    };
  }

  private conflictOf(facts: StepFacts): StepConflict | null {
    if (!facts.conflict) return null;
    const resolution = facts.conflict.resolution;
    return {
      stepId: facts.def.id,
      status: facts.conflict.open ? 'open' : 'resolved',
      candidates: facts.outcomes.map((o) => ({ ...plainStamp(o.stamp), outcome: o.value })),
      resolution: resolution
        ? {
            eventId: resolution.eventId,
            hlc: resolution.hlc,
            at: resolution.at,
            actor: resolution.actor,
            department: resolution.department,
            chosenEventId: resolution.chosenEventId,
          }
        : null,
    };
  }

  private notifications(steps: readonly RunStep[]): RunRecord['notifications'] {
    const list: RunRecord['notifications'] = [];
    for (const step of steps) {
      const def = this.steps.get(step.id)!.def;
      if (def.notify && step.state === 'done' && step.finishedAt) {
        list.push({
          stepId: step.id,
          kind: 'notify',
          departments: def.notify.departments,
          message: def.notify.message,
          at: step.finishedAt,
        });
      }
      if (step.escalated) {
        list.push({
          stepId: step.id,
          kind: 'escalation',
          departments: [step.escalated.department],
          message: `"${step.title}" was not acknowledged by ${step.acknowledgeBy ?? 'its deadline'}`,
          at: iso(this.stampMs(step.escalated))!,
        });
      }
    }
    return list.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  }

  private injects(template: PlaybookTemplate, now: number): RunRecord['injects'] {
    return template.injects.map((inject) => {
      const at = this.after(this.startMs, inject.at) ?? this.startMs;
      return {
        title: inject.title,
        text: inject.text,
        from: inject.from ?? null,
        at: iso(at)!,
        delivered: at <= now,
      };
    });
  }
}

// ---------------------------------------------------------------------------------------------------

function parentsOf(step: StepFacts, id: string): string[] {
  const parents = step.parents.get(id);
  return parents === undefined ? [] : typeof parents === 'string' ? [parents] : [...parents];
}

/**
 * A step event as its history entry. Made once per event: the fold keeps it as the event's stamp
 * too (in outcomes and approvals), and copies out the plain stamp only for what it returns.
 */
function actionOf(event: FoldableEvent, p: RunPayload<'run.step'>): StepAction {
  return {
    eventId: event.id,
    hlc: event.hlc,
    at: hlcWallTime(event.hlc),
    actor: event.actor,
    department: event.department,
    action: p.action,
    reason: p.reason ?? null,
    option: p.option ?? null,
    effect: 'applied',
  };
}

/** Only the stamp's own fields (a history entry passed as a stamp carries more). */
function plainStamp({ eventId, hlc, at, actor, department }: Stamp): Stamp {
  return { eventId, hlc, at, actor, department };
}

function stampOf(event: FoldableEvent): Stamp {
  return {
    eventId: event.id,
    hlc: event.hlc,
    at: hlcWallTime(event.hlc),
    actor: event.actor,
    department: event.department,
  };
}

function iso(ms: number | null): string | null {
  return ms === null || !Number.isFinite(ms) ? null : new Date(ms).toISOString();
}

/** Why `action` does not suit this kind of step (or lacks what it needs), or null. */
export function actionKindRefusal(
  step: Step,
  action: string,
  option: string | undefined,
  reason: string | undefined,
): string | null {
  if ((action === 'approve' || action === 'reject') && step.kind !== 'approval') {
    return `"${step.title}" is a ${step.kind} step, not an approval`;
  }
  if (action === 'choose') {
    if (step.kind !== 'decision') return `"${step.title}" is a ${step.kind} step, not a decision`;
    if (!step.options?.some((o) => o.id === option)) {
      return `"${step.title}" has no option ${option ?? '(none given)'}; the options are ${step.options
        ?.map((o) => o.id)
        .join(', ')}`;
    }
  }
  if (action === 'done' && (step.kind === 'decision' || step.kind === 'approval')) {
    return `"${step.title}" is a ${step.kind}: ${step.kind === 'decision' ? 'choose an option' : 'approve or reject it'}`;
  }
  if ((action === 'skip' || action === 'block') && !reason?.trim()) return `${action} needs a reason`;
  return null;
}

/** Whether these approvals satisfy the step: one, or two members with at least one commander. */
export function approvalMet(
  step: Step,
  approvals: readonly Stamp[],
  members: ReadonlyMap<string, MemberInfo>,
): boolean {
  if (!step.approval?.twoPerson) return approvals.length >= 1;
  const approvers = new Set(approvals.map((a) => a.actor));
  const commander = [...approvers].some((id) => {
    const role = members.get(id)?.role;
    return role === 'commander' || role === 'admin';
  });
  return approvers.size >= 2 && commander;
}

function outcomeState(value: string): StepState {
  if (value === 'done' || value.startsWith('chose:')) return 'done';
  return value as StepState;
}

function describeOutcome(outcome: Outcome): string {
  return outcome.value.startsWith('chose:')
    ? `decided (${outcome.value.slice('chose:'.length)})`
    : outcome.value;
}

/** Decision step ids that open each step, with the option ids that do. */
function openersOf(template: PlaybookTemplate): Map<string, Array<{ decision: string; options: string[] }>> {
  const map = new Map<string, Array<{ decision: string; options: string[] }>>();
  for (const step of template.steps) {
    for (const option of step.options ?? []) {
      for (const opened of option.opens) {
        const list = map.get(opened) ?? [];
        const entry = list.find((e) => e.decision === step.id);
        if (entry) entry.options.push(option.id);
        else list.push({ decision: step.id, options: [option.id] });
        map.set(opened, list);
      }
    }
  }
  return map;
}

/** A step as evaluated, with what evaluating the steps after it needs. */
type Evaluated = RunStep & { finishedMs: number | null; leftOut: boolean };

/**
 * Whether a decision left this step out: every decision that could open it chose something else,
 * or (for a step no decision opens) every step it comes after was left out.
 */
function branchNotTaken(
  def: Step,
  openedBy: ReadonlyArray<{ decision: string; options: string[] }>,
  evaluated: ReadonlyMap<string, Evaluated>,
): { reason: string; atMs: number | null } | null {
  if (openedBy.length > 0) {
    const decisions = openedBy.map((o) => ({ ...o, step: evaluated.get(o.decision)! }));
    if (decisions.some((d) => d.step.choice !== null && d.options.includes(d.step.choice))) return null;
    if (!decisions.every((d) => d.step.choice !== null || d.step.state === 'skipped')) return null;
    const first = decisions[0]!.step;
    return {
      reason: first.choice
        ? `not taken: "${first.title}" chose ${first.choice}`
        : `not taken: "${first.title}" was skipped`,
      atMs: Math.max(...decisions.map((d) => d.step.finishedMs ?? 0)),
    };
  }
  if (def.after.length === 0) return null;
  const before = def.after.map((id) => evaluated.get(id)!);
  if (!before.every((s) => s.leftOut)) return null;
  return {
    reason: 'not taken: every step before it was left out by a decision',
    atMs: Math.max(...before.map((s) => s.finishedMs ?? 0)),
  };
}

/** Prerequisites first; the template was checked to have no cycle. */
function topologicalOrder(steps: readonly Step[], waits: ReadonlyMap<string, string[]>): string[] {
  const order: string[] = [];
  const placed = new Set<string>();
  const visit = (id: string) => {
    // Iterative depth-first walk, so a long chain of steps cannot overflow the stack.
    const stack: Array<{ id: string; next: number }> = [{ id, next: 0 }];
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const deps = waits.get(top.id) ?? [];
      if (top.next < deps.length) {
        const dep = deps[top.next++]!;
        if (!placed.has(dep) && !stack.some((s) => s.id === dep)) stack.push({ id: dep, next: 0 });
      } else {
        stack.pop();
        if (!placed.has(top.id)) {
          placed.add(top.id);
          order.push(top.id);
        }
      }
    }
  };
  for (const step of steps) visit(step.id);
  return order;
}

/** The department that answers for an owner: its own, or that of whoever holds its role. */
function departmentOf(
  owner: { department?: string; role?: string },
  roles: readonly RoleAssignment[],
  members: ReadonlyMap<string, MemberInfo>,
): string | null {
  if (owner.department) return owner.department;
  const holder = roles.find((r) => r.role === owner.role)?.holder;
  if (!holder) return null;
  return holder.kind === 'department' ? holder.id : (members.get(holder.id)?.department ?? null);
}
