/**
 * The incident record as a deterministic fold of its events (DESIGN.md section 3).
 *
 * Determinism: the events are de-duplicated by id, sorted with `compareEvents` (hlc text, then id)
 * and folded in that order; every list in the result is built in fold order or sorted by plain code
 * unit comparison, so the same set of events gives byte-identical JSON in any arrival order.
 *
 * Conflict rule (causal, never by time):
 * - Every change of a single-valued field (title, description, category, severity, priority, tlp,
 *   lead department, location, status, an ICS role's holder, a task's title/description/due/RACI/state)
 *   carries `base`: the id of the event that last set that field as its author saw it (null if unset).
 * - Two changes of the same field from the same base are concurrent. If their values differ, the field
 *   is in conflict `<field>@<base>`; every change from that base is a candidate. The field keeps a
 *   provisional value — the latest change in fold order — and the conflict stays open.
 * - A later change whose base is a candidate (someone building on one side) is applied as usual but
 *   does not close the conflict. Only a `conflict.resolved` event by a commander or an administrator
 *   (role from the fold context) closes it; one by a lower role is refused and listed in `rejected`.
 *   A resolution is itself a change of the field (with its own base), so two commanders resolving
 *   differently at the same time make a new conflict instead of a silent overwrite. A resolution closes
 *   the conflict only if it saw every candidate (`candidateIds`): a candidate it did not see, whether
 *   it sorts before or after the resolution, keeps or puts the conflict back open, unless it sets the
 *   very value the resolution chose (then it contradicts nothing).
 * - Resolve vs escalate: a status change to resolved/closed from status base S and a severity raise
 *   whose `statusBase` is also S (the escalating author had not seen the resolution) are the conflict
 *   `resolve-vs-escalate@S`. Both changes stay applied meanwhile. A commander resolves it by choosing a
 *   candidate: choosing a resolve keeps the incident resolved/closed; choosing an escalation puts the
 *   status back to what it was at S (or `active` if that was resolved/closed). The severity stays.
 * - Status changes that the lifecycle does not allow (judged from the status the author saw: `from`,
 *   which must match the value set by `base` when that event is known) are refused, as are task-state
 *   changes the task state machine does not allow and acknowledgements by anyone but a responsible party.
 * - Viewers and actors missing from the context cannot change anything; their events are refused.
 * - Events of types this module does not know, but naming this incident, become timeline lines of
 *   kind `other`; every other event of the incident contributes exactly one timeline line (refused
 *   ones as kind `rejected`), which makes the timeline the ICS 214 activity log.
 */
import { compareEvents } from '../events';
import {
  fieldKey,
  INCIDENT_FIELDS,
  isIncidentEventType,
  parsePayload,
  type FieldKey,
  type IncidentEventType,
  type IncidentField,
  type Location,
  type Party,
  type Payload,
  type Raci,
  type TaskField,
  fieldValueSchema,
} from './payloads';
import { hlcWallTime } from './hlc-time';
import type {
  CommandChange,
  Conflict,
  ConflictCandidate,
  ConflictKind,
  ConflictNote,
  ConflictResolution,
  FieldValue,
  FoldableEvent,
  FoldContext,
  IncidentChange,
  IncidentRecord,
  LinkRecord,
  MemberInfo,
  NextAction,
  Rejection,
  RefusalReason,
  RoleAssignment,
  Stamp,
  TaskChange,
  TaskRecord,
  TimelineEntry,
  TimelineKind,
  TimelineMessage,
} from './record';
import { byCodeUnits, stableJson } from './stable-json';
import { line, refusalText, type Line } from './timeline-text';
import {
  canTaskTransition,
  DEFAULT_PRIORITY,
  DEFAULT_TLP,
  ICS_ROLES,
  isSeverityRaise,
  transitionError,
  type CapCategory,
  type IcsRole,
  type IncidentStatus,
  type Severity,
  type TaskState,
  type TlpLevel,
} from './vocabulary';

/** Id of the conflict between changes of `field` made from `base`. */
export function conflictIdFor(field: FieldKey, base: string | null): string {
  return `${field}@${base ?? 'none'}`;
}

/** Id of the conflict between a resolve and an escalation both made from status base `statusBase`. */
export function resolveVsEscalateId(statusBase: string | null): string {
  return `resolve-vs-escalate@${statusBase ?? 'none'}`;
}

/** Fold `events` (verified, any order, any mix of incidents) into the record of `context.incidentId`. */
export function foldIncident(events: Iterable<FoldableEvent>, context: FoldContext): IncidentRecord {
  const { events: mine, duplicates } = selectEvents(events, context.incidentId);
  const folder = new Folder(context);
  for (const dup of duplicates) folder.rejectDuplicate(dup);
  mine.sort(compareEvents);
  for (const event of mine) folder.apply(event);
  return folder.result();
}

// ---------------------------------------------------------------------------------------------------

const NO_BASE = '\u0000';
const RESOLVED_STATES: readonly IncidentStatus[] = ['resolved', 'closed'];

function payloadIncidentId(event: FoldableEvent): string | undefined {
  const payload = event.payload;
  if (typeof payload !== 'object' || payload === null) return undefined;
  const id = (payload as { incidentId?: unknown }).incidentId;
  return typeof id === 'string' ? id : undefined;
}

function canonicalText(event: FoldableEvent): string {
  const { id, type, hlc, actor, device, department, payload } = event;
  return stableJson({ id, type, hlc, actor, device, department, payload });
}

/**
 * This incident's events, one per id. Two different events under one id (a bug or a forgery that
 * passed verification) must not make the result depend on arrival order: the copy whose canonical
 * JSON sorts first is kept and the others are reported.
 */
function selectEvents(
  events: Iterable<FoldableEvent>,
  incidentId: string,
): { events: FoldableEvent[]; duplicates: FoldableEvent[] } {
  const byId = new Map<
    string,
    { kept: FoldableEvent; keptText?: string; dropped: Map<string, FoldableEvent> }
  >();
  for (const event of events) {
    if (payloadIncidentId(event) !== incidentId) continue;
    const seen = byId.get(event.id);
    if (!seen) {
      byId.set(event.id, { kept: event, dropped: new Map() });
      continue;
    }
    seen.keptText ??= canonicalText(seen.kept);
    const text = canonicalText(event);
    if (text === seen.keptText) continue;
    if (text < seen.keptText) {
      seen.dropped.set(seen.keptText, seen.kept);
      seen.kept = event;
      seen.keptText = text;
    } else {
      seen.dropped.set(text, event);
    }
  }
  const duplicates: FoldableEvent[] = [];
  for (const { dropped } of byId.values()) {
    for (const text of [...dropped.keys()].sort(byCodeUnits)) duplicates.push(dropped.get(text)!);
  }
  duplicates.sort(compareEvents);
  return { events: [...byId.values()].map((v) => v.kept), duplicates };
}

function sameValue(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return stableJson(a) === stableJson(b);
}

/** Thrown inside a handler (before any change) to refuse the event. */
class Refusal extends Error {
  constructor(readonly reason: RefusalReason) {
    super(refusalText(reason));
  }
}

interface FieldState {
  value: FieldValue;
  head: string | null;
  /** Every event that set this field, with the value it set: what `base` refers to. */
  setters: Map<string, FieldValue>;
}

interface ConflictState {
  id: string;
  kind: ConflictKind;
  field: FieldKey;
  base: string | null;
  candidates: ConflictCandidate[];
  resolution: ConflictResolution | null;
  seen: Set<string>;
}

interface TaskState_ {
  id: string;
  created: Stamp;
  acknowledged: Stamp | null;
}

class Folder {
  private readonly members: (actor: string) => MemberInfo | undefined;
  private created: Stamp | null = null;
  private readonly fields = new Map<FieldKey, FieldState>();
  /** `field \x01 base` -> ids of the changes made from that base, in fold order. */
  private readonly siblings = new Map<string, string[]>();
  private readonly order = new Map<string, number>();
  private readonly stamps = new Map<string, Stamp>();
  private readonly conflicts = new Map<string, ConflictState>();
  private readonly resolves = new Map<string, ConflictCandidate[]>();
  private readonly raises = new Map<string, ConflictCandidate[]>();
  private readonly departments = new Set<string>();
  private readonly tags = new Set<string>();
  private readonly tasks = new Map<string, TaskState_>();
  private readonly links = new Map<string, LinkRecord>();
  private readonly commandHistory: CommandChange[] = [];
  private readonly timeline: TimelineEntry[] = [];
  private readonly rejected: Rejection[] = [];

  constructor(private readonly context: FoldContext) {
    const members = context.members;
    this.members =
      members instanceof Map
        ? (actor) => members.get(actor)
        : (actor) =>
            Object.hasOwn(members, actor)
              ? (members as Readonly<Record<string, MemberInfo>>)[actor]
              : undefined;
  }

  private stampOf(event: FoldableEvent): Stamp {
    return {
      eventId: event.id,
      hlc: event.hlc,
      at: hlcWallTime(event.hlc),
      actor: event.actor,
      department: event.department,
    };
  }

  rejectDuplicate(event: FoldableEvent): void {
    this.rejected.push({
      ...this.stampOf(event),
      type: event.type,
      reason: 'another event has the same id; this copy is ignored',
    });
  }

  apply(event: FoldableEvent): void {
    const stamp = this.stampOf(event);
    this.order.set(event.id, this.order.size);
    this.stamps.set(event.id, stamp);
    if (!isIncidentEventType(event.type)) {
      this.log(stamp, event.type, this.context.describeOther?.(event) ?? { kind: 'other', text: event.type });
      return;
    }
    let result: Line;
    try {
      this.authorize(event, event.type);
      result = this.handle(event.type, event, stamp);
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      this.rejected.push({ ...stamp, type: event.type, reason: error.message });
      result = line('rejected', { key: 'refused', params: { type: event.type, reason: error.reason } });
    }
    this.log(stamp, event.type, result);
  }

  /** Lines without a message (notes, types nobody describes) carry no `message` key at all. */
  private log(
    stamp: Stamp,
    type: string,
    {
      kind,
      text,
      message,
      tlp,
    }: { kind: TimelineKind; text: string; message?: TimelineMessage; tlp?: TlpLevel },
  ): void {
    const entry: TimelineEntry = { ...stamp, type, kind, text, tlp: tlp ?? null };
    if (message) entry.message = message;
    this.timeline.push(entry);
  }

  private authorize(event: FoldableEvent, type: IncidentEventType): void {
    const member = this.members(event.actor);
    if (!member) throw new Refusal({ key: 'notMember', params: { actor: event.actor } });
    if (member.role === 'viewer') throw new Refusal({ key: 'viewer', params: { actor: event.actor } });
    if (type === 'conflict.resolved' && member.role !== 'commander' && member.role !== 'admin') {
      throw new Refusal({ key: 'notCommander', params: { actor: event.actor, role: member.role } });
    }
  }

  private parse<T extends IncidentEventType>(type: T, payload: unknown): Payload<T> {
    const parsed = parsePayload(type, payload);
    if (!parsed.ok) throw new Refusal({ key: 'invalidPayload', params: { detail: parsed.error } });
    return parsed.value;
  }

  private handle(type: IncidentEventType, event: FoldableEvent, stamp: Stamp): Line {
    switch (type) {
      case 'incident.created':
        return this.onCreated(this.parse(type, event.payload), stamp);
      case 'incident.updated':
        return this.onUpdated(this.parse(type, event.payload), stamp);
      case 'incident.status_changed':
        return this.onStatus(this.parse(type, event.payload), stamp);
      case 'role.assigned':
        return this.onRole(this.parse(type, event.payload), stamp);
      case 'task.created':
        return this.onTaskCreated(this.parse(type, event.payload), stamp);
      case 'task.updated':
        return this.onTaskUpdated(this.parse(type, event.payload), stamp);
      case 'task.acknowledged':
      case 'task.done':
      case 'task.cancelled':
      case 'task.reopened':
        return this.onTaskState(type, this.parse(type, event.payload), stamp);
      case 'log.note':
        return this.onNote(this.parse(type, event.payload));
      case 'incident.linked':
      case 'incident.unlinked':
        return this.onLink(type, this.parse(type, event.payload), stamp);
      case 'conflict.resolved':
        return this.onResolved(this.parse(type, event.payload), stamp);
    }
  }

  // --- fields ------------------------------------------------------------------------------------

  private field(key: FieldKey): FieldState {
    let state = this.fields.get(key);
    if (!state) {
      state = { value: null, head: null, setters: new Map() };
      this.fields.set(key, state);
    }
    return state;
  }

  private value(key: FieldKey): FieldValue | undefined {
    return this.fields.get(key)?.value;
  }

  /** The value event `eventId` set on `key`, or undefined if it set none (or is not known here). */
  private valueAt(key: FieldKey, eventId: string | null): FieldValue | undefined {
    return eventId === null ? undefined : this.fields.get(key)?.setters.get(eventId);
  }

  /** First value of a field, set by a creating event (no base, no conflict detection). */
  private init(key: FieldKey, value: FieldValue, stamp: Stamp): void {
    const state = this.field(key);
    const previous = state.value;
    state.setters.set(stamp.eventId, value);
    state.head = stamp.eventId;
    state.value = value;
    this.afterSet(key, previous, value, stamp, null);
  }

  /**
   * Set a single-valued field from `base`, detecting concurrent changes. Returns the notes for the
   * timeline: one when the change is (or joins) a conflict.
   */
  private set(
    key: FieldKey,
    value: FieldValue,
    stamp: Stamp,
    base: string | null,
    reason: string | null = null,
  ): ConflictNote[] {
    const state = this.field(key);
    const previous = state.value;
    const siblingKey = `${key}\u0001${base ?? NO_BASE}`;
    const siblings = this.siblings.get(siblingKey) ?? [];
    const id = conflictIdFor(key, base);
    let conflict = this.conflicts.get(id);
    let note: ConflictNote | null = null;
    if (conflict) {
      const wasOpen = isOpen(conflict);
      conflict.candidates.push(this.candidate(stamp, key, value));
      note = joinNote(id, wasOpen, isOpen(conflict));
    } else if (siblings.some((sibling) => !sameValue(state.setters.get(sibling), value))) {
      conflict = {
        id,
        kind: 'concurrent-change',
        field: key,
        base,
        candidates: [
          ...siblings.map((sibling) =>
            this.candidate(this.stamps.get(sibling)!, key, state.setters.get(sibling)!),
          ),
          this.candidate(stamp, key, value),
        ],
        resolution: null,
        seen: new Set(),
      };
      this.conflicts.set(id, conflict);
      note = { key: 'conflicts', params: { conflict: id, events: [...siblings] } };
    }
    siblings.push(stamp.eventId);
    this.siblings.set(siblingKey, siblings);
    state.setters.set(stamp.eventId, value);
    state.head = stamp.eventId;
    state.value = value;
    this.afterSet(key, previous, value, stamp, reason);
    return note ? [note] : [];
  }

  private candidate(stamp: Stamp, field: FieldKey, value: FieldValue): ConflictCandidate {
    return {
      eventId: stamp.eventId,
      field,
      value,
      actor: stamp.actor,
      department: stamp.department,
      hlc: stamp.hlc,
    };
  }

  /** Consequences of a field changing, whichever event changed it. */
  private afterSet(
    key: FieldKey,
    previous: FieldValue,
    next: FieldValue,
    stamp: Stamp,
    reason: string | null,
  ): void {
    if (key === 'leadDepartment' && typeof next === 'string') this.departments.add(next);
    if (key === fieldKey.role('incident-commander') && !sameValue(previous, next)) {
      this.commandHistory.push({
        ...stamp,
        from: previous as Party | null,
        to: next as Party | null,
        reason,
      });
    }
    const task = /^task:(.+):state$/.exec(key);
    if (task && next === 'open') {
      const record = this.tasks.get(task[1] ?? '');
      if (record) record.acknowledged = null;
    }
  }

  /** Record a resolve or an escalation made from status base `statusBase`; pair them into a conflict. */
  private noteResolveOrRaise(
    which: 'resolve' | 'raise',
    statusBase: string | null,
    candidate: ConflictCandidate,
  ): ConflictNote | null {
    const key = statusBase ?? NO_BASE;
    const mine = which === 'resolve' ? this.resolves : this.raises;
    const theirs = which === 'resolve' ? this.raises : this.resolves;
    const list = mine.get(key) ?? [];
    list.push(candidate);
    mine.set(key, list);
    const id = resolveVsEscalateId(statusBase);
    const existing = this.conflicts.get(id);
    if (existing) {
      const wasOpen = isOpen(existing);
      existing.candidates.push(candidate);
      return joinNote(id, wasOpen, isOpen(existing));
    }
    const others = theirs.get(key);
    if (!others?.length) return null;
    const candidates = [...list, ...others].sort(
      (a, b) => (this.order.get(a.eventId) ?? 0) - (this.order.get(b.eventId) ?? 0),
    );
    this.conflicts.set(id, {
      id,
      kind: 'resolve-vs-escalate',
      field: 'status',
      base: statusBase,
      candidates,
      resolution: null,
      seen: new Set(),
    });
    return {
      key: which === 'resolve' ? 'resolvedWhileEscalated' : 'escalatedWhileResolved',
      params: { conflict: id, events: others.map((c) => c.eventId) },
    };
  }

  // --- handlers ----------------------------------------------------------------------------------

  private onCreated(p: Payload<'incident.created'>, stamp: Stamp): Line {
    if (this.created) {
      throw new Refusal({ key: 'alreadyCreated', params: { event: this.created.eventId } });
    }
    this.created = stamp;
    const lead = p.leadDepartment ?? stamp.department;
    const values: Record<IncidentField | 'status', FieldValue> = {
      title: p.title,
      description: p.description,
      category: p.category,
      severity: p.severity,
      priority: p.priority,
      tlp: p.tlp,
      leadDepartment: lead,
      location: p.location,
      status: 'reported',
    };
    for (const [key, value] of Object.entries(values)) this.init(key as FieldKey, value, stamp);
    for (const department of p.departments) this.departments.add(department);
    for (const tag of p.tags) this.tags.add(tag);
    const { title, category, severity, priority, tlp } = p;
    return line('created', {
      key: 'created',
      params: { title, category, severity, priority, tlp, lead },
    });
  }

  private onUpdated(p: Payload<'incident.updated'>, stamp: Stamp): Line {
    const changes: IncidentChange[] = [];
    for (const key of INCIDENT_FIELDS) {
      const change = p.changes[key];
      if (!change) continue;
      const previous = this.value(key) ?? null;
      const next = change.value as FieldValue;
      const notes = this.set(key, next, stamp, change.base);
      if (key === 'severity' && 'statusBase' in change) {
        const from = (this.valueAt(key, change.base) ?? previous) as Severity | null;
        if (from !== null && isSeverityRaise(from, next as Severity)) {
          const raise = this.noteResolveOrRaise(
            'raise',
            change.statusBase,
            this.candidate(stamp, 'severity', next),
          );
          if (raise) notes.push(raise);
        }
      }
      changes.push(describeChange(key, previous, next, notes));
    }
    for (const d of p.departmentsAdded) this.departments.add(d);
    for (const d of p.departmentsRemoved) {
      if (d !== this.value('leadDepartment')) this.departments.delete(d);
    }
    for (const t of p.tagsAdded) this.tags.add(t);
    for (const t of p.tagsRemoved) this.tags.delete(t);
    if (p.departmentsAdded.length)
      changes.push({ key: 'departmentsAdded', params: { items: p.departmentsAdded } });
    if (p.departmentsRemoved.length)
      changes.push({ key: 'departmentsRemoved', params: { items: p.departmentsRemoved } });
    if (p.tagsAdded.length) changes.push({ key: 'tagsAdded', params: { items: p.tagsAdded } });
    if (p.tagsRemoved.length) changes.push({ key: 'tagsRemoved', params: { items: p.tagsRemoved } });
    return line('updated', { key: 'updated', params: { changes } });
  }

  private onStatus(p: Payload<'incident.status_changed'>, stamp: Stamp): Line {
    const seen = this.valueAt('status', p.base);
    if (seen !== undefined && seen !== p.from) {
      throw new Refusal({ key: 'staleStatus', params: { from: p.from, seen: seen as IncidentStatus } });
    }
    if (transitionError(p.from, p.to, p.reopen)) {
      throw new Refusal({ key: 'transition', params: { from: p.from, to: p.to, reopen: p.reopen } });
    }
    const reason = p.reason ?? null;
    const notes = this.set('status', p.to, stamp, p.base, reason);
    if (RESOLVED_STATES.includes(p.to)) {
      const resolve = this.noteResolveOrRaise('resolve', p.base, this.candidate(stamp, 'status', p.to));
      if (resolve) notes.push(resolve);
    }
    return line('status', {
      key: 'status',
      params: { from: p.from, to: p.to, reopened: p.reopen, reason, notes },
    });
  }

  private onRole(p: Payload<'role.assigned'>, stamp: Stamp): Line {
    const key = fieldKey.role(p.role);
    const previous = (this.value(key) ?? null) as Party | null;
    const reason = p.reason ?? null;
    const notes = this.set(key, p.holder, stamp, p.base, reason);
    if (p.role === 'incident-commander' && previous && p.holder && !sameValue(previous, p.holder)) {
      return line('handoff', { key: 'handoff', params: { from: previous, to: p.holder, reason, notes } });
    }
    return line('assignment', {
      key: 'assignment',
      params: { role: p.role, holder: p.holder, reason, notes },
    });
  }

  private task(taskId: string): TaskState_ {
    const task = this.tasks.get(taskId);
    if (!task) throw new Refusal({ key: 'unknownTask', params: { task: taskId } });
    return task;
  }

  private taskTitle(taskId: string): string {
    return String(this.value(fieldKey.task(taskId, 'title')) ?? taskId);
  }

  private onTaskCreated(p: Payload<'task.created'>, stamp: Stamp): Line {
    if (this.tasks.has(p.taskId)) throw new Refusal({ key: 'taskExists', params: { task: p.taskId } });
    this.tasks.set(p.taskId, { id: p.taskId, created: stamp, acknowledged: null });
    const values: Record<TaskField, FieldValue> = {
      title: p.title,
      description: p.description,
      due: p.due,
      raci: p.raci,
      state: 'open',
    };
    for (const [field, value] of Object.entries(values)) {
      this.init(fieldKey.task(p.taskId, field as TaskField), value, stamp);
    }
    return line('task', {
      key: 'taskCreated',
      params: {
        title: p.title,
        responsible: p.raci.responsible,
        accountable: p.raci.accountable,
        due: p.due,
      },
    });
  }

  private onTaskUpdated(p: Payload<'task.updated'>, stamp: Stamp): Line {
    this.task(p.taskId);
    const changes: TaskChange[] = [];
    for (const field of ['title', 'description', 'due', 'raci'] as const) {
      const change = p.changes[field];
      if (!change) continue;
      const notes = this.set(fieldKey.task(p.taskId, field), change.value as FieldValue, stamp, change.base);
      changes.push(describeTaskChange(field, change.value as FieldValue, notes));
    }
    return line('task', { key: 'taskUpdated', params: { title: this.taskTitle(p.taskId), changes } });
  }

  private onTaskState(
    type: 'task.acknowledged' | 'task.done' | 'task.cancelled' | 'task.reopened',
    p: Payload<'task.done'>,
    stamp: Stamp,
  ): Line {
    const task = this.task(p.taskId);
    const key = fieldKey.task(p.taskId, 'state');
    const to: TaskState =
      type === 'task.acknowledged'
        ? 'acknowledged'
        : type === 'task.done'
          ? 'done'
          : type === 'task.cancelled'
            ? 'cancelled'
            : 'open';
    const from = (this.valueAt(key, p.base) ?? this.value(key)) as TaskState;
    const title = this.taskTitle(p.taskId);
    if (!canTaskTransition(from, to)) {
      throw new Refusal({ key: 'taskTransition', params: { title, from, to } });
    }
    if (to === 'acknowledged') {
      const raci = this.value(fieldKey.task(p.taskId, 'raci')) as Raci;
      const responsible = raci.responsible.some(
        (party) =>
          (party.kind === 'member' && party.id === stamp.actor) ||
          (party.kind === 'department' && party.id === stamp.department),
      );
      if (!responsible) throw new Refusal({ key: 'notResponsible', params: { title } });
    }
    const notes = this.set(key, to, stamp, p.base);
    if (to === 'acknowledged') task.acknowledged = stamp;
    return line('task', { key: 'taskState', params: { title, to, note: p.note ?? null, notes } });
  }

  private onNote(p: Payload<'log.note'>): Line {
    return { kind: p.kind, text: p.text, ...(p.tlp ? { tlp: p.tlp } : {}) };
  }

  private onLink(
    type: 'incident.linked' | 'incident.unlinked',
    p: Payload<'incident.linked'>,
    stamp: Stamp,
  ): Line {
    const key = `${p.targetIncidentId}\u0001${p.kind}`;
    if (type === 'incident.linked') {
      if (!this.links.has(key))
        this.links.set(key, { targetIncidentId: p.targetIncidentId, kind: p.kind, linked: stamp });
      return line('link', { key: 'linked', params: { kind: p.kind, target: p.targetIncidentId } });
    }
    const wasLinked = this.links.delete(key);
    return line('link', {
      key: 'unlinked',
      params: { kind: p.kind, target: p.targetIncidentId, wasLinked },
    });
  }

  private onResolved(p: Payload<'conflict.resolved'>, stamp: Stamp): Line {
    const conflict = this.conflicts.get(p.conflictId);
    if (!conflict) throw new Refusal({ key: 'noConflict', params: { conflict: p.conflictId } });
    let value: FieldValue;
    let chosen: ConflictCandidate | undefined;
    if (p.chosenEventId !== undefined) {
      chosen = conflict.candidates.find((c) => c.eventId === p.chosenEventId);
      if (!chosen) {
        throw new Refusal({
          key: 'notCandidate',
          params: { event: p.chosenEventId, conflict: conflict.id },
        });
      }
      if (conflict.kind === 'concurrent-change') {
        value = chosen.value;
      } else if (chosen.field === 'status') {
        // Keep the incident resolved/closed (as the resolver saw it, if it has moved on since).
        const current = (this.valueAt('status', p.base) ?? this.value('status')) as IncidentStatus;
        value = RESOLVED_STATES.includes(current) ? current : chosen.value;
      } else {
        const before = this.valueAt('status', conflict.base) as IncidentStatus | undefined;
        value = before !== undefined && !RESOLVED_STATES.includes(before) ? before : 'active';
      }
    } else {
      const schema = fieldValueSchema(conflict.field);
      const parsed = schema?.safeParse(p.value);
      if (!parsed?.success) throw new Refusal({ key: 'valueMismatch', params: { field: conflict.field } });
      value = parsed.data as FieldValue;
    }
    const wasOpen = isOpen(conflict);
    const notes = this.set(conflict.field, value, stamp, p.base, p.note ?? null);
    conflict.resolution = { ...stamp, chosenEventId: p.chosenEventId ?? null, value };
    conflict.seen = new Set(p.candidateIds);
    const unseen = isOpen(conflict)
      ? conflict.candidates.filter((c) => !conflict.seen.has(c.eventId)).map((c) => c.eventId)
      : [];
    return line('resolution', {
      key: 'conflictResolved',
      params: {
        conflict: conflict.id,
        field: conflict.field,
        value,
        chosen: chosen?.eventId ?? null,
        wasOpen,
        unseen,
        note: p.note ?? null,
        notes,
      },
    });
  }

  // --- result ------------------------------------------------------------------------------------

  result(): IncidentRecord {
    const v = <T extends FieldValue>(key: FieldKey, fallback: T): T => (this.value(key) ?? fallback) as T;
    const roles: RoleAssignment[] = ICS_ROLES.map((role: IcsRole) => {
      const state = this.fields.get(fieldKey.role(role));
      return {
        role,
        holder: (state?.value ?? null) as Party | null,
        since: state?.head ? (this.stamps.get(state.head) ?? null) : null,
      };
    });
    const tasks: TaskRecord[] = [...this.tasks.values()].map((task) => ({
      id: task.id,
      title: v(fieldKey.task(task.id, 'title'), ''),
      description: v(fieldKey.task(task.id, 'description'), ''),
      raci: this.value(fieldKey.task(task.id, 'raci')) as Raci,
      due: v<string | null>(fieldKey.task(task.id, 'due'), null),
      state: v(fieldKey.task(task.id, 'state'), 'open') as TaskState,
      created: task.created,
      acknowledged: task.acknowledged,
    }));
    const conflicts: Conflict[] = [...this.conflicts.values()].map((c) => ({
      id: c.id,
      kind: c.kind,
      field: c.field,
      base: c.base,
      status: isOpen(c) ? 'open' : 'resolved',
      candidates: c.candidates,
      resolution: c.resolution,
    }));
    const versions: [string, string][] = [];
    for (const [key, state] of this.fields) if (state.head !== null) versions.push([key, state.head]);
    versions.sort((a, b) => byCodeUnits(a[0], b[0]));
    const leadDepartment = v<string | null>('leadDepartment', null);
    return {
      incidentId: this.context.incidentId,
      created: this.created,
      title: v('title', ''),
      description: v('description', ''),
      category: v('category', 'Other') as CapCategory,
      severity: v('severity', 'moderate') as Severity,
      priority: v('priority', DEFAULT_PRIORITY),
      status: v('status', 'reported') as IncidentStatus,
      tlp: v('tlp', DEFAULT_TLP),
      location: v<Location | null>('location', null),
      leadDepartment,
      departments: [...this.departments].sort(byCodeUnits),
      tags: [...this.tags].sort(byCodeUnits),
      roles,
      commandHistory: this.commandHistory,
      tasks,
      links: [...this.links.values()].sort(
        (a, b) => byCodeUnits(a.targetIncidentId, b.targetIncidentId) || byCodeUnits(a.kind, b.kind),
      ),
      timeline: this.timeline,
      conflicts,
      rejected: this.rejected,
      versions: Object.fromEntries(versions),
      owner: {
        leadDepartment,
        incidentCommander: roles.find((r) => r.role === 'incident-commander')?.holder ?? null,
        nextActions: nextActions(tasks),
        openConflicts: conflicts.filter((c) => c.status === 'open').map((c) => c.id),
      },
    };
  }
}

/**
 * Open until resolved, and again whenever a candidate exists that the latest resolution did not see
 * and that disagrees with it (a late change setting the chosen value contradicts nothing).
 */
function isOpen(conflict: ConflictState): boolean {
  const resolution = conflict.resolution;
  if (!resolution) return true;
  return conflict.candidates.some(
    (c) =>
      !conflict.seen.has(c.eventId) && !(c.field === conflict.field && sameValue(c.value, resolution.value)),
  );
}

function joinNote(id: string, wasOpen: boolean, open: boolean): ConflictNote {
  return { key: wasOpen ? 'joins' : open ? 'reopens' : 'agrees', params: { conflict: id } };
}

/** An incident field's change, as a part of its `updated` line. */
function describeChange(
  key: IncidentField,
  previous: FieldValue,
  next: FieldValue,
  notes: ConflictNote[],
): IncidentChange {
  switch (key) {
    case 'title':
      return { key, params: { title: next as string, notes } };
    case 'description':
      return { key, params: { notes } };
    case 'location':
      return { key, params: { location: next as Location | null, notes } };
    case 'severity': {
      const from = previous as Severity | null;
      const to = next as Severity;
      return { key, params: { from, to, escalation: from !== null && isSeverityRaise(from, to), notes } };
    }
    case 'category':
      return { key, params: { from: previous as CapCategory | null, to: next as CapCategory, notes } };
    case 'priority':
      return { key, params: { from: previous as number | null, to: next as number, notes } };
    case 'tlp':
      return { key, params: { from: previous as TlpLevel | null, to: next as TlpLevel, notes } };
    case 'leadDepartment':
      return { key, params: { from: previous as string | null, to: next as string, notes } };
  }
}

/** A task field's change, as a part of its `taskUpdated` line. */
function describeTaskChange(
  field: 'title' | 'description' | 'due' | 'raci',
  value: FieldValue,
  notes: ConflictNote[],
): TaskChange {
  switch (field) {
    case 'title':
      return { key: field, params: { title: value as string, notes } };
    case 'description':
      return { key: field, params: { notes } };
    case 'due':
      return { key: field, params: { due: value as string | null, notes } };
    case 'raci': {
      const { responsible, accountable } = value as Raci;
      return { key: field, params: { responsible, accountable, notes } };
    }
  }
}

/** Open tasks, unacknowledged first, then by due time (none last), then in creation order. */
export function nextActions(tasks: readonly TaskRecord[]): NextAction[] {
  const open = tasks
    .map((task, index) => ({ task, index, due: task.due === null ? Infinity : Date.parse(task.due) }))
    .filter(({ task }) => task.state === 'open' || task.state === 'acknowledged');
  open.sort(
    (a, b) =>
      (a.task.state === 'open' ? 0 : 1) - (b.task.state === 'open' ? 0 : 1) ||
      (a.due === b.due ? 0 : a.due < b.due ? -1 : 1) ||
      a.index - b.index,
  );
  return open.map(({ task }) => ({
    taskId: task.id,
    title: task.title,
    state: task.state as 'open' | 'acknowledged',
    responsible: task.raci.responsible,
    accountable: task.raci.accountable,
    due: task.due,
  }));
}
