/**
 * The English of every activity-log line, composed from the line's message: one function per key,
 * so the `text` the CLI, the ICS 214 export and the search index read can never say something the
 * message (which the UI translates) does not.
 */
import type { Location, Party } from './payloads';
import type {
  ConflictNote,
  ConflictNoteParams,
  FieldValue,
  IncidentChangeParams,
  IncidentMessage,
  IncidentMessageParams,
  Messages,
  RefusalParams,
  RefusalReason,
  TaskChangeParams,
  TimelineKind,
} from './record';
import { stableJson } from './stable-json';
import { ICS_ROLE_LABELS, transitionError, type TlpLevel } from './vocabulary';

/** For each key of `P`, its English from its parameters. */
export type EnglishTexts<P> = { [K in keyof P]: (params: P[K]) => string };

export function englishText<P>(texts: EnglishTexts<P>, message: Messages<P>): string {
  return (texts[message.key] as (params: unknown) => string)(message.params);
}

export function describeParty(party: Party | null): string {
  return party ? `${party.kind} ${party.id}` : 'nobody';
}

function describeParties(parties: readonly Party[]): string {
  return parties.length ? parties.map(describeParty).join(', ') : 'nobody';
}

function describeLocation(location: Location | null): string {
  if (!location) return 'cleared';
  const parts: string[] = [];
  if (location.lat !== undefined && location.lon !== undefined)
    parts.push(`${location.lat}, ${location.lon}`);
  if (location.address) parts.push(location.address);
  if (location.area) parts.push(location.area);
  return parts.join('; ') || 'cleared';
}

function show(value: FieldValue): string {
  if (value === null || typeof value !== 'object') return String(value);
  if ('kind' in value && 'id' in value) return describeParty(value);
  return stableJson(value);
}

const NOTES: EnglishTexts<ConflictNoteParams> = {
  joins: ({ conflict }) => ` (joins conflict ${conflict})`,
  reopens: ({ conflict }) => ` (reopens conflict ${conflict})`,
  agrees: ({ conflict }) => ` (agrees with the resolution of conflict ${conflict})`,
  conflicts: ({ conflict, events }) => ` (conflicts with ${events.join(', ')}: conflict ${conflict})`,
  resolvedWhileEscalated: ({ conflict, events }) =>
    ` (resolved while escalated by ${events.join(', ')}: conflict ${conflict})`,
  escalatedWhileResolved: ({ conflict, events }) =>
    ` (escalated while resolved by ${events.join(', ')}: conflict ${conflict})`,
};

function notesText(notes: readonly ConflictNote[]): string {
  return notes.length ? notes.map((note) => englishText(NOTES, note)).join('') : '';
}

const INCIDENT_CHANGES: EnglishTexts<IncidentChangeParams> = {
  title: (p) => `title "${p.title}"${notesText(p.notes)}`,
  description: (p) => `description changed${notesText(p.notes)}`,
  location: (p) => `location ${describeLocation(p.location)}${notesText(p.notes)}`,
  severity: (p) =>
    `severity ${String(p.from)} -> ${p.to}${p.escalation ? ' (escalation)' : ''}${notesText(p.notes)}`,
  category: (p) => `category ${String(p.from)} -> ${p.to}${notesText(p.notes)}`,
  priority: (p) => `priority ${String(p.from)} -> ${p.to}${notesText(p.notes)}`,
  tlp: (p) => `tlp ${String(p.from)} -> ${p.to}${notesText(p.notes)}`,
  leadDepartment: (p) => `lead department ${String(p.from)} -> ${p.to}${notesText(p.notes)}`,
  departmentsAdded: (p) => `departments + ${p.items.join(', ')}`,
  departmentsRemoved: (p) => `departments - ${p.items.join(', ')}`,
  tagsAdded: (p) => `tags + ${p.items.join(', ')}`,
  tagsRemoved: (p) => `tags - ${p.items.join(', ')}`,
};

const TASK_CHANGES: EnglishTexts<TaskChangeParams> = {
  title: (p) => `title ${p.title}${notesText(p.notes)}`,
  description: (p) => `description changed${notesText(p.notes)}`,
  due: (p) => `due ${p.due ?? 'none'}${notesText(p.notes)}`,
  raci: (p) =>
    `raci responsible ${describeParties(p.responsible)}, accountable ${describeParty(p.accountable)}${notesText(
      p.notes,
    )}`,
};

const REFUSALS: EnglishTexts<RefusalParams> = {
  notMember: (p) => `${p.actor} is not a member of this workspace`,
  viewer: (p) => `${p.actor} is a viewer and cannot change incidents`,
  notCommander: (p) =>
    `only a commander or an administrator can resolve a conflict; ${p.actor} is a ${p.role}`,
  invalidPayload: (p) => `invalid payload: ${p.detail}`,
  alreadyCreated: (p) => `the incident was already created by ${p.event}`,
  staleStatus: (p) => `says the status was ${p.from}, but its base event set ${p.seen}`,
  transition: (p) => transitionError(p.from, p.to, p.reopen) ?? `status ${p.from} -> ${p.to}`,
  unknownTask: (p) => `unknown task ${p.task}`,
  taskExists: (p) => `task ${p.task} already exists`,
  taskTransition: (p) => `task "${p.title}" cannot go from ${p.from} to ${p.to}`,
  notResponsible: (p) => `only a responsible party can acknowledge task "${p.title}"`,
  noConflict: (p) => `there is no conflict ${p.conflict}`,
  notCandidate: (p) => `${p.event} is not a candidate of conflict ${p.conflict}`,
  valueMismatch: (p) => `the value does not fit ${p.field}`,
};

export function refusalText(reason: RefusalReason): string {
  return englishText(REFUSALS, reason);
}

const TASK_VERBS = { acknowledged: 'acknowledged', done: 'done', cancelled: 'cancelled', open: 'reopened' };
const reasonText = (reason: string | null) => (reason ? `: ${reason}` : '');

const LINES: EnglishTexts<IncidentMessageParams> = {
  created: (p) =>
    `reported "${p.title}": ${p.category}, ${p.severity}, priority ${p.priority}, TLP:${p.tlp}, lead ${p.lead}`,
  updated: (p) => p.changes.map((change) => englishText(INCIDENT_CHANGES, change)).join('; '),
  status: (p) =>
    `status ${p.from} -> ${p.to}${p.reopened ? ' (reopened)' : ''}${reasonText(p.reason)}${notesText(p.notes)}`,
  assignment: (p) =>
    `${ICS_ROLE_LABELS[p.role]}: ${p.holder ? describeParty(p.holder) : 'vacated'}${reasonText(
      p.reason,
    )}${notesText(p.notes)}`,
  handoff: (p) =>
    `incident command handed off from ${describeParty(p.from)} to ${describeParty(p.to)}${reasonText(
      p.reason,
    )}${notesText(p.notes)}`,
  taskCreated: (p) =>
    `task "${p.title}" created: responsible ${describeParties(p.responsible)}, ` +
    `accountable ${describeParty(p.accountable)}${p.due ? `, due ${p.due}` : ''}`,
  taskUpdated: (p) =>
    `task "${p.title}" updated: ${p.changes.map((change) => englishText(TASK_CHANGES, change)).join('; ')}`,
  taskState: (p) => `task "${p.title}" ${TASK_VERBS[p.to]}${reasonText(p.note)}${notesText(p.notes)}`,
  linked: (p) => `linked: ${p.kind} ${p.target}`,
  unlinked: (p) => `unlinked: ${p.kind} ${p.target}${p.wasLinked ? '' : ' (was not linked)'}`,
  conflictResolved: (p) => {
    const outcome = p.chosen
      ? `kept ${p.chosen} (${p.field} ${show(p.value)})`
      : `set ${p.field} ${show(p.value)}`;
    const again = p.wasOpen ? '' : ' (it was already resolved)';
    const still = p.unseen.length ? `; still open: ${p.unseen.join(', ')} not seen` : '';
    return `conflict ${p.conflict} resolved: ${outcome}${again}${still}${reasonText(p.note)}${notesText(p.notes)}`;
  },
  refused: (p) => `refused ${p.type}: ${refusalText(p.reason)}`,
};

/** A line of the incident's own events, as the fold adds it to the timeline. */
export interface Line {
  kind: TimelineKind;
  text: string;
  /** Absent for notes and decisions: their text is the person's own words. */
  message?: IncidentMessage;
  tlp?: TlpLevel;
}

export function line(kind: TimelineKind, message: IncidentMessage): Line {
  return { kind, text: englishText(LINES, message), message };
}
