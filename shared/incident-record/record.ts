/** The shape of a folded incident record and of the context the fold needs. */
import type { EventEnvelope } from '../events';
import type { RunMessage } from '../playbook/describe';
import type { FieldKey, Location, Party, Raci } from './payloads';
import type {
  CapCategory,
  IcsRole,
  IncidentStatus,
  LinkKind,
  MemberRole,
  Severity,
  TaskState,
  TlpLevel,
} from './vocabulary';

/** A verified event as the fold receives it (the signature has already been checked by the core). */
export type FoldableEvent = Omit<EventEnvelope, 'sig'> & { sig?: string };

export interface MemberInfo {
  role: MemberRole;
  department: string;
}

export interface FoldContext {
  /** The incident to fold; events whose payload names another incident are skipped. */
  incidentId: string;
  /** Each actor's current role and department, from the directory room. */
  members: ReadonlyMap<string, MemberInfo> | Readonly<Record<string, MemberInfo>>;
  /**
   * The activity-log line for an event type another module owns (a playbook run's), so the log
   * reads in words; null, or no describer, logs the bare type.
   */
  describeOther?: (event: FoldableEvent) => DescribedLine | null;
}

/** A log line in English and as a message the UI translates (see TimelineEntry). */
export interface DescribedLine {
  kind: TimelineKind;
  text: string;
  message: TimelineMessage;
}

/** Who wrote an event, and when. */
export interface Stamp {
  eventId: string;
  hlc: string;
  /** ISO 8601 wall time of the HLC stamp, or null if the stamp's format is not recognised. */
  at: string | null;
  actor: string;
  department: string;
}

/** Any value a single-valued field can hold. */
export type FieldValue = string | number | null | Location | Party | Raci;

export interface RoleAssignment {
  role: IcsRole;
  holder: Party | null;
  /** The event that set the current holder (the `base` for the next assignment), or null. */
  since: Stamp | null;
}

/** One change of incident command (a hand-off when both sides are set). */
export interface CommandChange extends Stamp {
  from: Party | null;
  to: Party | null;
  reason: string | null;
}

export interface TaskRecord {
  id: string;
  title: string;
  description: string;
  raci: Raci;
  /** ISO 8601 due time, or null. */
  due: string | null;
  state: TaskState;
  created: Stamp;
  acknowledged: Stamp | null;
}

export interface LinkRecord {
  targetIncidentId: string;
  kind: LinkKind;
  linked: Stamp;
}

export type TimelineKind =
  | 'created'
  | 'updated'
  | 'status'
  | 'assignment'
  | 'handoff'
  | 'task'
  | 'note'
  | 'decision'
  | 'link'
  | 'resolution'
  | 'rejected'
  | 'playbook'
  | 'other';

/**
 * `{ key, params }` for each key of `P`: a line (or part of one) the UI says in the reader's language.
 * Parameters carry values, never words: enum values, ids, parties, and what people typed as typed.
 */
export type Messages<P> = { [K in keyof P & string]: { key: K; params: P[K] } }[keyof P & string];

/** How a change takes part in a conflict; appended to the change's line. */
export interface ConflictNoteParams {
  joins: { conflict: string };
  reopens: { conflict: string };
  agrees: { conflict: string };
  /** A new concurrent-change conflict with `events`, changed from the same base. */
  conflicts: { conflict: string; events: string[] };
  resolvedWhileEscalated: { conflict: string; events: string[] };
  escalatedWhileResolved: { conflict: string; events: string[] };
}
export type ConflictNote = Messages<ConflictNoteParams>;

/** The parts of an `incident.updated` line; `from` is null when the field had no value yet. */
export interface IncidentChangeParams {
  title: { title: string; notes: ConflictNote[] };
  description: { notes: ConflictNote[] };
  location: { location: Location | null; notes: ConflictNote[] };
  severity: { from: Severity | null; to: Severity; escalation: boolean; notes: ConflictNote[] };
  category: { from: CapCategory | null; to: CapCategory; notes: ConflictNote[] };
  priority: { from: number | null; to: number; notes: ConflictNote[] };
  tlp: { from: TlpLevel | null; to: TlpLevel; notes: ConflictNote[] };
  leadDepartment: { from: string | null; to: string; notes: ConflictNote[] };
  departmentsAdded: { items: string[] };
  departmentsRemoved: { items: string[] };
  tagsAdded: { items: string[] };
  tagsRemoved: { items: string[] };
}
export type IncidentChange = Messages<IncidentChangeParams>;

/** The parts of a `task.updated` line. */
export interface TaskChangeParams {
  title: { title: string; notes: ConflictNote[] };
  description: { notes: ConflictNote[] };
  due: { due: string | null; notes: ConflictNote[] };
  raci: { responsible: Party[]; accountable: Party; notes: ConflictNote[] };
}
export type TaskChange = Messages<TaskChangeParams>;

/** Why the fold refused an event. */
export interface RefusalParams {
  notMember: { actor: string };
  viewer: { actor: string };
  notCommander: { actor: string; role: MemberRole };
  /** `detail` is the schema's own (English) account of what is wrong. */
  invalidPayload: { detail: string };
  alreadyCreated: { event: string };
  staleStatus: { from: IncidentStatus; seen: IncidentStatus };
  transition: { from: IncidentStatus; to: IncidentStatus; reopen: boolean };
  unknownTask: { task: string };
  taskExists: { task: string };
  taskTransition: { title: string; from: TaskState; to: TaskState };
  notResponsible: { title: string };
  noConflict: { conflict: string };
  notCandidate: { event: string; conflict: string };
  valueMismatch: { field: FieldKey };
}
export type RefusalReason = Messages<RefusalParams>;

/** Lines of the incident's own events, by key. */
export interface IncidentMessageParams {
  created: {
    title: string;
    category: CapCategory;
    severity: Severity;
    priority: number;
    tlp: TlpLevel;
    lead: string;
  };
  updated: { changes: IncidentChange[] };
  status: {
    from: IncidentStatus;
    to: IncidentStatus;
    reopened: boolean;
    reason: string | null;
    notes: ConflictNote[];
  };
  assignment: { role: IcsRole; holder: Party | null; reason: string | null; notes: ConflictNote[] };
  handoff: { from: Party; to: Party; reason: string | null; notes: ConflictNote[] };
  taskCreated: { title: string; responsible: Party[]; accountable: Party; due: string | null };
  taskUpdated: { title: string; changes: TaskChange[] };
  /** `to: open` is a reopen. */
  taskState: { title: string; to: TaskState; note: string | null; notes: ConflictNote[] };
  linked: { kind: LinkKind; target: string };
  unlinked: { kind: LinkKind; target: string; wasLinked: boolean };
  /** `chosen` is the kept candidate, or null when the commander set `value` directly. */
  conflictResolved: {
    conflict: string;
    field: FieldKey;
    value: FieldValue;
    chosen: string | null;
    wasOpen: boolean;
    unseen: string[];
    note: string | null;
    notes: ConflictNote[];
  };
  refused: { type: string; reason: RefusalReason };
}
export type IncidentMessage = Messages<IncidentMessageParams>;

export type TimelineMessage = IncidentMessage | RunMessage;

/** One ICS 214 activity-log line; every event of the incident contributes exactly one. */
export interface TimelineEntry extends Stamp {
  type: string;
  kind: TimelineKind;
  /** The line in English, as the CLI, the ICS 214 export and the search index show it. */
  text: string;
  /**
   * The same line as a key and parameters, for the UI to say in the reader's language. Absent for
   * notes and decisions (the text is what the person wrote, and is not repeated) and for event types
   * nobody describes (the text is then the bare type).
   */
  message?: TimelineMessage;
  /** The entry's own TLP marking when it has one (notes may be stricter than the incident). */
  tlp: TlpLevel | null;
}

export interface ConflictCandidate {
  eventId: string;
  field: FieldKey;
  value: FieldValue;
  actor: string;
  department: string;
  hlc: string;
}

export type ConflictKind = 'concurrent-change' | 'resolve-vs-escalate';

export interface ConflictResolution extends Stamp {
  chosenEventId: string | null;
  value: FieldValue;
}

export interface Conflict {
  /** `<field>@<base>` for concurrent changes, `resolve-vs-escalate@<status base>` otherwise. */
  id: string;
  kind: ConflictKind;
  /** The field a resolution sets (`status` for resolve-vs-escalate). */
  field: FieldKey;
  /** The event all candidates were made from (null if the field was unset). */
  base: string | null;
  status: 'open' | 'resolved';
  candidates: ConflictCandidate[];
  /** The latest accepted resolution; the conflict stays open if it did not see every candidate. */
  resolution: ConflictResolution | null;
}

export interface Rejection extends Stamp {
  type: string;
  reason: string;
}

export interface NextAction {
  taskId: string;
  title: string;
  state: 'open' | 'acknowledged';
  responsible: Party[];
  accountable: Party;
  due: string | null;
}

/** "Who owns this, and who must act next?" */
export interface OwnerSummary {
  leadDepartment: string | null;
  incidentCommander: Party | null;
  /** Open tasks: unacknowledged first, then by due time (none last), then by creation. */
  nextActions: NextAction[];
  /** Open conflicts, waiting for a commander. */
  openConflicts: string[];
}

export interface IncidentRecord {
  incidentId: string;
  /** The incident.created event, or null while it has not arrived. */
  created: Stamp | null;
  title: string;
  description: string;
  category: CapCategory;
  severity: Severity;
  priority: number;
  status: IncidentStatus;
  tlp: TlpLevel;
  location: Location | null;
  leadDepartment: string | null;
  departments: string[];
  tags: string[];
  /** Every ICS role, in ICS order, held or not. */
  roles: RoleAssignment[];
  commandHistory: CommandChange[];
  /** In creation order. */
  tasks: TaskRecord[];
  /** Sorted by target incident, then kind. */
  links: LinkRecord[];
  /** In event order (compareEvents). */
  timeline: TimelineEntry[];
  /** In order of detection. */
  conflicts: Conflict[];
  /** Events the fold ignored, with the reason. */
  rejected: Rejection[];
  /** Field key -> id of the event that set its current value: the `base` for the next change. */
  versions: Record<string, string>;
  owner: OwnerSummary;
}
