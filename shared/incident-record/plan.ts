/**
 * Command planning: what the core calls before appending an event. Given the current record, a
 * command (validated here, since it arrives over IPC/WebSocket/CLI) and the acting member, it returns
 * the event type and payload to sign, with every `base` filled in from the record, or a PlanError
 * saying why the command cannot be carried out. The fold applies the same rules to events that
 * arrive anyway (from older builds, or concurrent with what the author saw).
 */
import { z } from 'zod';
import { describeIssues } from '../validation';
import { stableJson } from './stable-json';
import { describeParty } from './timeline-text';
import {
  categorySchema,
  departmentIdSchema,
  descriptionSchema,
  dueSchema,
  fieldKey,
  fieldValueSchema,
  icsRoleSchema,
  lineText,
  linkKindSchema,
  locationSchema,
  longText,
  NOTE_MAX_LENGTH,
  noteKindSchema,
  noteTextSchema,
  partySchema,
  payloadSchemas,
  prioritySchema,
  reasonSchema,
  recordIdSchema,
  severitySchema,
  statusSchema,
  tagSchema,
  titleSchema,
  TITLE_MAX_LENGTH,
  tlpSchema,
  MAX_LIST_ITEMS,
  type FieldKey,
  type IncidentEventType,
  type Party,
  type Payload,
  type PlannedEvent,
} from './payloads';
import type { FieldValue, IncidentRecord, TaskRecord } from './record';
import {
  canTaskTransition,
  DEFAULT_PRIORITY,
  DEFAULT_TLP,
  ICS_ROLES,
  transitionError,
  type MemberRole,
  type TaskState,
} from './vocabulary';

export interface Actor {
  id: string;
  role: MemberRole;
  department: string;
}

export const PLAN_ERROR_CODES = [
  'invalid-input',
  'text-too-long',
  'forbidden',
  'not-commander',
  'not-created',
  'already-created',
  'invalid-transition',
  'unknown-task',
  'unknown-role',
  'nothing-to-change',
  'no-such-conflict',
] as const;
export type PlanErrorCode = (typeof PLAN_ERROR_CODES)[number];

/** Why a command cannot become an event; `code` is stable for callers, `message` is for people. */
export class PlanError extends Error {
  override readonly name = 'PlanError';
  constructor(
    readonly code: PlanErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const partyList = z.array(partySchema).max(MAX_LIST_ITEMS, `at most ${MAX_LIST_ITEMS} parties`);
const departmentList = z
  .array(departmentIdSchema)
  .max(MAX_LIST_ITEMS, `at most ${MAX_LIST_ITEMS} departments`);
const tagList = z.array(tagSchema).max(MAX_LIST_ITEMS, `at most ${MAX_LIST_ITEMS} tags`);
const taskTitle = lineText('task title', TITLE_MAX_LENGTH);
const taskNote = { taskId: recordIdSchema, note: longText('note', NOTE_MAX_LENGTH).optional() };
const linkTarget = { targetIncidentId: recordIdSchema, linkKind: linkKindSchema };

/** Every command the core can plan, by kind, as it arrives from a client (unknown keys are refused). */
export const commandSchemas = {
  create: z.strictObject({
    kind: z.literal('create'),
    title: titleSchema,
    description: descriptionSchema.optional(),
    category: categorySchema,
    severity: severitySchema,
    priority: prioritySchema.optional(),
    tlp: tlpSchema.optional(),
    location: locationSchema.nullable().optional(),
    leadDepartment: departmentIdSchema.optional(),
    departments: departmentList.optional(),
    tags: tagList.optional(),
  }),
  update: z.strictObject({
    kind: z.literal('update'),
    title: titleSchema.optional(),
    description: descriptionSchema.optional(),
    category: categorySchema.optional(),
    severity: severitySchema.optional(),
    priority: prioritySchema.optional(),
    tlp: tlpSchema.optional(),
    leadDepartment: departmentIdSchema.optional(),
    /** null clears the location. */
    location: locationSchema.nullable().optional(),
    addDepartments: departmentList.optional(),
    removeDepartments: departmentList.optional(),
    addTags: tagList.optional(),
    removeTags: tagList.optional(),
  }),
  status: z.strictObject({
    kind: z.literal('status'),
    to: statusSchema,
    reopen: z.boolean().optional(),
    reason: reasonSchema.optional(),
  }),
  'assign-role': z.strictObject({
    kind: z.literal('assign-role'),
    /** Checked separately so that an unknown role gets its own error code. */
    role: z.string(),
    holder: partySchema.nullable(),
    reason: reasonSchema.optional(),
  }),
  'create-task': z.strictObject({
    kind: z.literal('create-task'),
    taskId: recordIdSchema.optional(),
    title: taskTitle,
    description: descriptionSchema.optional(),
    responsible: partyList.min(1, 'a task needs at least one responsible party'),
    /** Defaults to the member creating the task. */
    accountable: partySchema.optional(),
    consulted: partyList.optional(),
    informed: partyList.optional(),
    due: dueSchema.nullable().optional(),
  }),
  'update-task': z.strictObject({
    kind: z.literal('update-task'),
    taskId: recordIdSchema,
    title: taskTitle.optional(),
    description: descriptionSchema.optional(),
    due: dueSchema.nullable().optional(),
    responsible: partyList.min(1, 'a task needs at least one responsible party').optional(),
    accountable: partySchema.optional(),
    consulted: partyList.optional(),
    informed: partyList.optional(),
  }),
  'acknowledge-task': z.strictObject({ kind: z.literal('acknowledge-task'), ...taskNote }),
  'complete-task': z.strictObject({ kind: z.literal('complete-task'), ...taskNote }),
  'cancel-task': z.strictObject({ kind: z.literal('cancel-task'), ...taskNote }),
  'reopen-task': z.strictObject({ kind: z.literal('reopen-task'), ...taskNote }),
  note: z.strictObject({
    kind: z.literal('note'),
    text: noteTextSchema,
    noteKind: noteKindSchema.optional(),
    tlp: tlpSchema.optional(),
  }),
  link: z.strictObject({ kind: z.literal('link'), ...linkTarget }),
  unlink: z.strictObject({ kind: z.literal('unlink'), ...linkTarget }),
  'resolve-conflict': z.strictObject({
    kind: z.literal('resolve-conflict'),
    conflictId: z.string().min(1).max(200),
    chosenEventId: z.string().min(1).max(64).optional(),
    value: z.unknown().optional(),
    note: longText('note', NOTE_MAX_LENGTH).optional(),
  }),
};

export const commandSchema = z.discriminatedUnion(
  'kind',
  Object.values(commandSchemas) as [
    (typeof commandSchemas)[keyof typeof commandSchemas],
    ...(typeof commandSchemas)[keyof typeof commandSchemas][],
  ],
  { error: (issue) => (issue.code === 'invalid_union' ? 'unknown command kind' : undefined) },
);
export type Command = z.input<typeof commandSchema>;
type ParsedCommand = z.output<typeof commandSchema>;

export interface PlanOptions {
  /** Mints ids for new tasks; defaults to `crypto.randomUUID()`. */
  newId?: () => string;
}

/**
 * Plans `command` by `actor` against `record`: the event to sign, or a PlanError saying why not.
 */
export function planOrThrow(
  record: IncidentRecord,
  command: unknown,
  actor: Actor,
  options: PlanOptions = {},
): PlannedEvent {
  const parsed = commandSchema.safeParse(command);
  if (!parsed.success) throw fromZod(parsed.error);
  const cmd = parsed.data;
  if (actor.role === 'viewer') throw new PlanError('forbidden', 'a viewer cannot change incidents');
  if (cmd.kind === 'create') {
    if (record.created)
      throw new PlanError('already-created', `incident ${record.incidentId} already exists`);
  } else if (!record.created) {
    throw new PlanError('not-created', `incident ${record.incidentId} has not been created`);
  }
  const planned = plan(record, cmd, actor, options);
  // The payload must be exactly what the fold will accept; a failure here is a bug in this module.
  const check = payloadSchemas[planned.type].safeParse(planned.payload);
  if (!check.success) throw new PlanError('invalid-input', describeIssues(check.error));
  return planned;
}

function fromZod(error: z.ZodError): PlanError {
  const tooLong = error.issues.some((i) => i.code === 'too_big' && i.origin === 'string');
  return new PlanError(tooLong ? 'text-too-long' : 'invalid-input', describeIssues(error));
}

function event<T extends IncidentEventType>(type: T, payload: Payload<T>): PlannedEvent {
  return { type, payload } as PlannedEvent;
}

/** Drop keys whose value is undefined: a signed payload is JSON. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const same = (a: FieldValue | undefined, b: FieldValue | undefined) => stableJson(a) === stableJson(b);

function plan(record: IncidentRecord, cmd: ParsedCommand, actor: Actor, options: PlanOptions): PlannedEvent {
  const incidentId = record.incidentId;
  const base = (key: FieldKey): string | null => record.versions[key] ?? null;
  switch (cmd.kind) {
    case 'create': {
      const lead = cmd.leadDepartment ?? actor.department;
      return event(
        'incident.created',
        compact({
          incidentId,
          title: cmd.title,
          description: cmd.description ?? '',
          category: cmd.category,
          severity: cmd.severity,
          priority: cmd.priority ?? DEFAULT_PRIORITY,
          tlp: cmd.tlp ?? DEFAULT_TLP,
          location: cmd.location ?? null,
          leadDepartment: lead,
          departments: unique([lead, ...(cmd.departments ?? [])]),
          tags: unique(cmd.tags ?? []),
        }),
      );
    }

    case 'update': {
      const changes: Payload<'incident.updated'>['changes'] = {};
      const single = [
        'title',
        'description',
        'category',
        'priority',
        'tlp',
        'leadDepartment',
        'location',
      ] as const;
      for (const key of single) {
        const value = cmd[key];
        if (value === undefined || same(record[key], value)) continue;
        (changes as Record<string, unknown>)[key] = { value, base: base(key) };
      }
      if (cmd.severity !== undefined && cmd.severity !== record.severity) {
        changes.severity = { value: cmd.severity, base: base('severity'), statusBase: base('status') };
      }
      const lead = changes.leadDepartment?.value ?? record.leadDepartment;
      const removing = unique(cmd.removeDepartments ?? []).filter((d) => record.departments.includes(d));
      if (lead !== null && removing.includes(lead)) {
        throw new PlanError(
          'invalid-input',
          `${lead} leads the incident; hand the lead to another department first`,
        );
      }
      const payload = {
        incidentId,
        changes,
        departmentsAdded: unique(cmd.addDepartments ?? []).filter((d) => !record.departments.includes(d)),
        departmentsRemoved: removing,
        tagsAdded: unique(cmd.addTags ?? []).filter((t) => !record.tags.includes(t)),
        tagsRemoved: unique(cmd.removeTags ?? []).filter((t) => record.tags.includes(t)),
      };
      if (
        Object.keys(changes).length === 0 &&
        payload.departmentsAdded.length + payload.departmentsRemoved.length === 0 &&
        payload.tagsAdded.length + payload.tagsRemoved.length === 0
      ) {
        throw new PlanError('nothing-to-change', 'the update changes nothing');
      }
      return event('incident.updated', payload);
    }

    case 'status': {
      const reopen = cmd.reopen ?? false;
      if (cmd.to === record.status && !reopen) {
        throw new PlanError('nothing-to-change', `the incident is already ${cmd.to}`);
      }
      const error = transitionError(record.status, cmd.to, reopen);
      if (error) throw new PlanError('invalid-transition', error);
      return event(
        'incident.status_changed',
        compact({
          incidentId,
          from: record.status,
          to: cmd.to,
          base: base('status'),
          reopen,
          reason: cmd.reason,
        }),
      );
    }

    case 'assign-role': {
      const role = icsRoleSchema.safeParse(cmd.role);
      if (!role.success) {
        throw new PlanError(
          'unknown-role',
          `unknown ICS role "${cmd.role}"; the roles are ${ICS_ROLES.join(', ')}`,
        );
      }
      const key = fieldKey.role(role.data);
      const current = record.roles.find((r) => r.role === role.data)?.holder ?? null;
      if (same(current, cmd.holder)) {
        throw new PlanError('nothing-to-change', `${role.data} is already held by ${describeParty(current)}`);
      }
      return event(
        'role.assigned',
        compact({ incidentId, role: role.data, holder: cmd.holder, base: base(key), reason: cmd.reason }),
      );
    }

    case 'create-task': {
      const taskId = cmd.taskId ?? (options.newId ?? (() => globalThis.crypto.randomUUID()))();
      if (record.tasks.some((t) => t.id === taskId)) {
        throw new PlanError('invalid-input', `task ${taskId} already exists`);
      }
      return event('task.created', {
        incidentId,
        taskId,
        title: cmd.title,
        description: cmd.description ?? '',
        raci: {
          responsible: cmd.responsible,
          accountable: cmd.accountable ?? { kind: 'member', id: actor.id },
          consulted: cmd.consulted ?? [],
          informed: cmd.informed ?? [],
        },
        due: cmd.due ?? null,
      });
    }

    case 'update-task': {
      const task = findTask(record, cmd.taskId);
      const changes: Payload<'task.updated'>['changes'] = {};
      const at = (field: 'title' | 'description' | 'due' | 'raci') => base(fieldKey.task(task.id, field));
      if (cmd.title !== undefined && cmd.title !== task.title)
        changes.title = { value: cmd.title, base: at('title') };
      if (cmd.description !== undefined && cmd.description !== task.description) {
        changes.description = { value: cmd.description, base: at('description') };
      }
      if (cmd.due !== undefined && cmd.due !== task.due) changes.due = { value: cmd.due, base: at('due') };
      const raci = {
        responsible: cmd.responsible ?? task.raci.responsible,
        accountable: cmd.accountable ?? task.raci.accountable,
        consulted: cmd.consulted ?? task.raci.consulted,
        informed: cmd.informed ?? task.raci.informed,
      };
      if (!same(raci, task.raci)) changes.raci = { value: raci, base: at('raci') };
      if (Object.keys(changes).length === 0)
        throw new PlanError('nothing-to-change', 'the task update changes nothing');
      return event('task.updated', { incidentId, taskId: task.id, changes });
    }

    case 'acknowledge-task':
    case 'complete-task':
    case 'cancel-task':
    case 'reopen-task': {
      const task = findTask(record, cmd.taskId);
      const [type, to] = TASK_COMMANDS[cmd.kind];
      if (!canTaskTransition(task.state, to)) {
        throw new PlanError(
          'invalid-transition',
          `task "${task.title}" is ${task.state} and cannot become ${to}`,
        );
      }
      if (to === 'acknowledged' && !isResponsible(task, actor)) {
        throw new PlanError(
          'forbidden',
          `only a responsible party (${task.raci.responsible.map(describeParty).join(', ')}) can acknowledge task "${task.title}"`,
        );
      }
      return event(
        type,
        compact({ incidentId, taskId: task.id, base: base(fieldKey.task(task.id, 'state')), note: cmd.note }),
      );
    }

    case 'note':
      return event(
        'log.note',
        compact({ incidentId, text: cmd.text, kind: cmd.noteKind ?? 'note', tlp: cmd.tlp }),
      );

    case 'link':
    case 'unlink': {
      if (cmd.targetIncidentId === incidentId)
        throw new PlanError('invalid-input', 'an incident cannot be linked to itself');
      const linked = record.links.some(
        (l) => l.targetIncidentId === cmd.targetIncidentId && l.kind === cmd.linkKind,
      );
      if (cmd.kind === 'link' && linked) {
        throw new PlanError('nothing-to-change', `already linked: ${cmd.linkKind} ${cmd.targetIncidentId}`);
      }
      if (cmd.kind === 'unlink' && !linked) {
        throw new PlanError('nothing-to-change', `not linked: ${cmd.linkKind} ${cmd.targetIncidentId}`);
      }
      return event(cmd.kind === 'link' ? 'incident.linked' : 'incident.unlinked', {
        incidentId,
        targetIncidentId: cmd.targetIncidentId,
        kind: cmd.linkKind,
      });
    }

    case 'resolve-conflict': {
      if (actor.role !== 'commander' && actor.role !== 'admin') {
        throw new PlanError('not-commander', 'only a commander or an administrator can resolve a conflict');
      }
      const conflict = record.conflicts.find((c) => c.id === cmd.conflictId && c.status === 'open');
      if (!conflict) throw new PlanError('no-such-conflict', `there is no open conflict ${cmd.conflictId}`);
      if ((cmd.chosenEventId === undefined) === (cmd.value === undefined)) {
        throw new PlanError('invalid-input', 'name exactly one of chosenEventId or value');
      }
      if (
        cmd.chosenEventId !== undefined &&
        !conflict.candidates.some((c) => c.eventId === cmd.chosenEventId)
      ) {
        throw new PlanError(
          'invalid-input',
          `${cmd.chosenEventId} is not a candidate of ${conflict.id}; the candidates are ${conflict.candidates
            .map((c) => c.eventId)
            .join(', ')}`,
        );
      }
      if (cmd.value !== undefined) {
        const checked = fieldValueSchema(conflict.field)?.safeParse(cmd.value);
        if (!checked?.success) {
          throw new PlanError(
            'invalid-input',
            checked
              ? `value for ${conflict.field}: ${describeIssues(checked.error)}`
              : `cannot set ${conflict.field}`,
          );
        }
      }
      return event(
        'conflict.resolved',
        compact({
          incidentId,
          conflictId: conflict.id,
          chosenEventId: cmd.chosenEventId,
          value: cmd.value,
          base: base(conflict.field),
          candidateIds: conflict.candidates.map((c) => c.eventId),
          note: cmd.note,
        }),
      );
    }
  }
}

const TASK_COMMANDS = {
  'acknowledge-task': ['task.acknowledged', 'acknowledged'],
  'complete-task': ['task.done', 'done'],
  'cancel-task': ['task.cancelled', 'cancelled'],
  'reopen-task': ['task.reopened', 'open'],
} as const satisfies Record<string, readonly [IncidentEventType, TaskState]>;

function findTask(record: IncidentRecord, taskId: string): TaskRecord {
  const task = record.tasks.find((t) => t.id === taskId);
  if (!task) throw new PlanError('unknown-task', `incident ${record.incidentId} has no task ${taskId}`);
  return task;
}

function isResponsible(task: TaskRecord, actor: Actor): boolean {
  return task.raci.responsible.some(
    (p: Party) =>
      (p.kind === 'member' && p.id === actor.id) || (p.kind === 'department' && p.id === actor.department),
  );
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
