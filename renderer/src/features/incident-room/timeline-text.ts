/**
 * Activity-log lines in the reader's language. The core sends each line as English `text` and as a
 * `message` (a key and its parameters); this says the message with the room's translations, and
 * shows the text as it is when there is no message it knows (an older core, an event type nobody
 * describes). What people wrote (titles, notes, reasons) is shown as written.
 */
import { format } from 'date-fns';
import type { TFunction } from 'i18next';
import type { Location, Party } from '../../../../shared/incident-record/payloads';
import type {
  ConflictNote,
  ConflictNoteParams,
  FieldValue,
  IncidentChangeParams,
  IncidentMessageParams,
  Messages,
  RefusalParams,
  TaskChangeParams,
  TimelineEntry,
} from '../../../../shared/incident-record/record';
import type { RunMessageParams } from '../../../../shared/playbook/describe';
import { fieldLabel } from './field-label';

/** What a line needs besides its message: the room's translations and names for ids. */
export interface TimelineWords {
  /** Bound to the incident-room namespace. */
  t: TFunction;
  department: (id: string) => string;
  member: (id: string) => string;
  task: (id: string) => string;
}

type Sayings<P> = { [K in keyof P]: (params: P[K], words: TimelineWords) => string };

function say<P>(sayings: Sayings<P>, message: Messages<P>, words: TimelineWords): string {
  return (sayings[message.key] as (params: unknown, words: TimelineWords) => string)(message.params, words);
}

function party(p: Party | null, w: TimelineWords): string {
  if (!p) return w.t('common.nobody');
  return p.kind === 'department' ? w.department(p.id) : w.member(p.id);
}

function parties(list: readonly Party[], w: TimelineWords): string {
  return list.length
    ? list.map((p) => party(p, w)).join(w.t('timeline.listSeparator'))
    : w.t('common.nobody');
}

function instant(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : format(date, 'yyyy-MM-dd HH:mm');
}

function location(l: Location | null, w: TimelineWords): string {
  if (!l) return w.t('timeline.locationCleared');
  const parts = [l.address, l.area].filter(Boolean);
  if (l.lat !== undefined && l.lon !== undefined) {
    parts.push(w.t('fields.coordinates', { lat: l.lat, lon: l.lon }));
  }
  return parts.join(' · ') || w.t('timeline.locationCleared');
}

/** A field's value in the words the room uses for it. */
function value(field: string, v: FieldValue, w: TimelineWords): string {
  if (v === null) return w.t('common.none');
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') {
    if (field === 'status') return w.t(`status.${v}`);
    if (field === 'severity') return w.t(`severity.${v}`);
    if (field === 'category') return w.t(`board:categories.${v}`);
    if (field === 'leadDepartment') return w.department(v);
    if (field.endsWith(':state')) return w.t(`taskState.${v}`);
    if (field.endsWith(':due')) return instant(v);
    return v;
  }
  if ('kind' in v) return party(v as Party, w);
  if ('responsible' in v) {
    return w.t('timeline.raci', {
      responsible: parties(v.responsible, w),
      accountable: party(v.accountable, w),
    });
  }
  return location(v as Location, w);
}

const reason = (text: string | null, w: TimelineWords) =>
  text ? w.t('timeline.reason', { reason: text }) : '';
const list = (items: readonly string[], w: TimelineWords) => items.join(w.t('timeline.listSeparator'));

const NOTES: Sayings<ConflictNoteParams> = {
  joins: (p, w) => w.t('timeline.conflictNote.joins', p),
  reopens: (p, w) => w.t('timeline.conflictNote.reopens', p),
  agrees: (p, w) => w.t('timeline.conflictNote.agrees', p),
  conflicts: (p, w) =>
    w.t('timeline.conflictNote.conflicts', { conflict: p.conflict, events: list(p.events, w) }),
  resolvedWhileEscalated: (p, w) =>
    w.t('timeline.conflictNote.resolvedWhileEscalated', { conflict: p.conflict, events: list(p.events, w) }),
  escalatedWhileResolved: (p, w) =>
    w.t('timeline.conflictNote.escalatedWhileResolved', { conflict: p.conflict, events: list(p.events, w) }),
};

const notes = (items: readonly ConflictNote[], w: TimelineWords) =>
  items.map((note) => say(NOTES, note, w)).join('');

/** `label from -> to`; `from` is none when the field had no value yet. */
function fromTo(field: string, label: string, from: FieldValue, to: FieldValue, w: TimelineWords): string {
  return w.t('timeline.change.fromTo', {
    field: w.t(`fields.${label}`),
    from: value(field, from, w),
    to: value(field, to, w),
  });
}

const CHANGES: Sayings<IncidentChangeParams> = {
  title: (p, w) => w.t('timeline.change.title', { title: p.title }) + notes(p.notes, w),
  description: (p, w) => w.t('timeline.change.description') + notes(p.notes, w),
  location: (p, w) =>
    w.t('timeline.change.location', { location: location(p.location, w) }) + notes(p.notes, w),
  severity: (p, w) =>
    fromTo('severity', 'severity', p.from, p.to, w) +
    (p.escalation ? w.t('timeline.escalation') : '') +
    notes(p.notes, w),
  category: (p, w) => fromTo('category', 'category', p.from, p.to, w) + notes(p.notes, w),
  priority: (p, w) => fromTo('priority', 'priority', p.from, p.to, w) + notes(p.notes, w),
  tlp: (p, w) => fromTo('tlp', 'tlp', p.from, p.to, w) + notes(p.notes, w),
  leadDepartment: (p, w) => fromTo('leadDepartment', 'lead', p.from, p.to, w) + notes(p.notes, w),
  departmentsAdded: (p, w) =>
    w.t('timeline.change.departmentsAdded', { items: list(p.items.map(w.department), w) }),
  departmentsRemoved: (p, w) =>
    w.t('timeline.change.departmentsRemoved', { items: list(p.items.map(w.department), w) }),
  tagsAdded: (p, w) => w.t('timeline.change.tagsAdded', { items: list(p.items, w) }),
  tagsRemoved: (p, w) => w.t('timeline.change.tagsRemoved', { items: list(p.items, w) }),
};

const TASK_CHANGES: Sayings<TaskChangeParams> = {
  title: (p, w) => w.t('timeline.change.title', { title: p.title }) + notes(p.notes, w),
  description: (p, w) => w.t('timeline.change.description') + notes(p.notes, w),
  due: (p, w) =>
    w.t('timeline.change.due', { due: p.due ? instant(p.due) : w.t('common.none') }) + notes(p.notes, w),
  raci: (p, w) =>
    w.t('timeline.raci', { responsible: parties(p.responsible, w), accountable: party(p.accountable, w) }) +
    notes(p.notes, w),
};

const REFUSALS: Sayings<RefusalParams> = {
  notMember: (p, w) => w.t('timeline.refusal.notMember', { actor: w.member(p.actor) }),
  viewer: (p, w) => w.t('timeline.refusal.viewer', { actor: w.member(p.actor) }),
  notCommander: (p, w) =>
    w.t('timeline.refusal.notCommander', { actor: w.member(p.actor), role: w.t(`app:role.${p.role}`) }),
  invalidPayload: (p, w) => w.t('timeline.refusal.invalidPayload', p),
  alreadyCreated: (p, w) => w.t('timeline.refusal.alreadyCreated', p),
  staleStatus: (p, w) =>
    w.t('timeline.refusal.staleStatus', { from: w.t(`status.${p.from}`), seen: w.t(`status.${p.seen}`) }),
  transition: (p, w) =>
    w.t(p.reopen ? 'timeline.refusal.reopen' : 'timeline.refusal.transition', {
      from: w.t(`status.${p.from}`),
      to: w.t(`status.${p.to}`),
    }),
  unknownTask: (p, w) => w.t('timeline.refusal.unknownTask', p),
  taskExists: (p, w) => w.t('timeline.refusal.taskExists', p),
  taskTransition: (p, w) =>
    w.t('timeline.refusal.taskTransition', {
      title: p.title,
      from: w.t(`taskState.${p.from}`),
      to: w.t(`taskState.${p.to}`),
    }),
  notResponsible: (p, w) => w.t('timeline.refusal.notResponsible', p),
  noConflict: (p, w) => w.t('timeline.refusal.noConflict', p),
  notCandidate: (p, w) => w.t('timeline.refusal.notCandidate', p),
  valueMismatch: (p, w) => w.t('timeline.refusal.valueMismatch', { field: fieldLabel(p.field, w.t, w.task) }),
};

const LINES: Sayings<IncidentMessageParams & RunMessageParams> = {
  created: (p, w) =>
    w.t('timeline.created', {
      title: p.title,
      category: w.t(`board:categories.${p.category}`),
      severity: w.t(`severity.${p.severity}`),
      priority: p.priority,
      tlp: p.tlp,
      lead: w.department(p.lead),
    }),
  updated: (p, w) => p.changes.map((change) => say(CHANGES, change, w)).join(w.t('timeline.partSeparator')),
  status: (p, w) =>
    w.t('timeline.status', { from: w.t(`status.${p.from}`), to: w.t(`status.${p.to}`) }) +
    (p.reopened ? w.t('timeline.reopened') : '') +
    reason(p.reason, w) +
    notes(p.notes, w),
  assignment: (p, w) =>
    w.t('timeline.assignment', {
      role: w.t(`icsRole.${p.role}`),
      holder: p.holder ? party(p.holder, w) : w.t('timeline.vacated'),
    }) +
    reason(p.reason, w) +
    notes(p.notes, w),
  handoff: (p, w) =>
    w.t('timeline.handoff', { from: party(p.from, w), to: party(p.to, w) }) +
    reason(p.reason, w) +
    notes(p.notes, w),
  taskCreated: (p, w) =>
    w.t('timeline.taskCreated', {
      title: p.title,
      responsible: parties(p.responsible, w),
      accountable: party(p.accountable, w),
    }) + (p.due ? w.t('timeline.due', { due: instant(p.due) }) : ''),
  taskUpdated: (p, w) =>
    w.t('timeline.taskUpdated', {
      title: p.title,
      changes: p.changes.map((change) => say(TASK_CHANGES, change, w)).join(w.t('timeline.partSeparator')),
    }),
  taskState: (p, w) =>
    w.t(`timeline.taskState.${p.to}`, { title: p.title }) + reason(p.note, w) + notes(p.notes, w),
  linked: (p, w) => w.t('timeline.linked', { kind: w.t(`linkKind.${p.kind}`), target: p.target }),
  unlinked: (p, w) =>
    w.t('timeline.unlinked', { kind: w.t(`linkKind.${p.kind}`), target: p.target }) +
    (p.wasLinked ? '' : w.t('timeline.wasNotLinked')),
  conflictResolved: (p, w) => {
    const field = fieldLabel(p.field, w.t, w.task);
    const shown = value(p.field, p.value, w);
    const outcome = p.chosen
      ? w.t('timeline.resolvedKept', { conflict: p.conflict, chosen: p.chosen, field, value: shown })
      : w.t('timeline.resolvedSet', { conflict: p.conflict, field, value: shown });
    return (
      outcome +
      (p.wasOpen ? '' : w.t('timeline.alreadyResolved')) +
      (p.unseen.length ? w.t('timeline.stillOpen', { events: list(p.unseen, w) }) : '') +
      reason(p.note, w) +
      notes(p.notes, w)
    );
  },
  refused: (p, w) => w.t('timeline.refused', { type: p.type, reason: say(REFUSALS, p.reason, w) }),
  runStarted: (p, w) =>
    w.t('timeline.run.started', { title: p.title, version: p.version }) +
    (p.rule !== null ? w.t('timeline.run.byItself', { rule: p.rule }) : ''),
  runStep: (p, w) =>
    w.t('timeline.run.step', { step: p.step, verb: w.t(`timeline.run.verb.${p.action}`) }) +
    reason(p.option ?? p.reason, w),
  runEscalated: (p, w) =>
    w.t('timeline.run.escalated', { step: p.step, department: w.department(p.department) }) +
    reason(p.reason, w),
  runStopped: (p, w) => w.t('timeline.run.stopped') + reason(p.reason, w),
  runConflictResolved: (p, w) => w.t('timeline.run.conflictResolved', p),
};

/** The entry's line in the reader's language, or its English text when its message is not known. */
export function timelineText(entry: TimelineEntry, words: TimelineWords): string {
  const message = entry.message;
  if (!message || !Object.hasOwn(LINES, message.key)) return entry.text;
  return say(LINES, message, words);
}
