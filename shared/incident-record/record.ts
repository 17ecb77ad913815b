/** The shape of a folded incident record and of the context the fold needs. */
import type { EventEnvelope } from '../events';
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
  describeOther?: (event: FoldableEvent) => { kind: TimelineKind; text: string } | null;
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

/** One ICS 214 activity-log line; every event of the incident contributes exactly one. */
export interface TimelineEntry extends Stamp {
  type: string;
  kind: TimelineKind;
  text: string;
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
