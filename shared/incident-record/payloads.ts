/**
 * Zod schemas for the payload of every incident-record event type. The fold parses each verified
 * event's payload with these before using it; a payload that fails is listed in `rejected`, never
 * half-applied. Unknown keys are stripped rather than refused so that a replica running an older
 * build still folds events written by a newer one the same way.
 */
import { z } from 'zod';
import { EVENT_TEXT_MAX } from '../events';
import { TITLE_MAX_LENGTH } from '../incident';
import { describeIssues } from '../validation';
import {
  CAP_CATEGORIES,
  DEFAULT_PRIORITY,
  DEFAULT_TLP,
  ICS_ROLES,
  INCIDENT_STATUSES,
  LINK_KINDS,
  NOTE_KINDS,
  PRIORITY_MAX,
  PRIORITY_MIN,
  SEVERITIES,
  TASK_STATES,
  TLP_LEVELS,
  type IcsRole,
} from './vocabulary';

export { TITLE_MAX_LENGTH };
export const DESCRIPTION_MAX_LENGTH = EVENT_TEXT_MAX;
export const NOTE_MAX_LENGTH = EVENT_TEXT_MAX;
export const REASON_MAX_LENGTH = 2_000;
export const ADDRESS_MAX_LENGTH = 500;
export const AREA_MAX_LENGTH = 200;
export const TAG_MAX_LENGTH = 64;
export const MAX_LIST_ITEMS = 50;

const CONTROL_CHARS = /^[^\p{Cc}]*$/u;
/** A lone surrogate cannot be signed (RFC 8785 canonical JSON refuses it). */
const LONE_SURROGATE = /\p{Cs}/u;

/** One-line text (titles, tags, names): trimmed, non-empty, bounded, no control characters. */
export const lineText = (name: string, max: number) =>
  z
    .string({ error: `${name} must be text` })
    .trim()
    .min(1, `${name} must not be empty`)
    .max(max, `${name} must be at most ${max} characters`)
    .regex(CONTROL_CHARS, `${name} must not contain control characters`)
    .refine((s) => !LONE_SURROGATE.test(s), `${name} must be valid Unicode text`);

/** Multi-line text (descriptions, notes): bounded; newlines allowed. */
export const longText = (name: string, max: number) =>
  z
    .string({ error: `${name} must be text` })
    .max(max, `${name} must be at most ${max} characters`)
    .refine((s) => !LONE_SURROGATE.test(s), `${name} must be valid Unicode text`);

/** Event ids as the envelope allows them (used for `base` and references to events). */
export const eventIdSchema = z.string({ error: 'event id must be text' }).min(1).max(64);
/** `base`: the id of the event that last set the field as the author saw it, or null if unset. */
export const baseSchema = eventIdSchema.nullable();

/** Ids this module mints (incidents, tasks): URL- and key-safe, e.g. a UUID. */
export const recordIdSchema = z
  .string({ error: 'id must be text' })
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'id must be 1-64 letters, digits, "-" or "_"');

export const departmentIdSchema = z
  .string({ error: 'department must be text' })
  .min(1, 'department must not be empty')
  .max(64, 'department must be at most 64 characters');

export const titleSchema = lineText('title', TITLE_MAX_LENGTH);
export const descriptionSchema = longText('description', DESCRIPTION_MAX_LENGTH);
export const noteTextSchema = longText('note', NOTE_MAX_LENGTH).refine((s) => s.trim().length > 0, {
  error: 'note must not be empty',
});
export const reasonSchema = longText('reason', REASON_MAX_LENGTH);
export const tagSchema = lineText('tag', TAG_MAX_LENGTH);

export const categorySchema = z.enum(CAP_CATEGORIES, {
  error: () => `category must be one of ${CAP_CATEGORIES.join(', ')} (CAP 1.2)`,
});
export const severitySchema = z.enum(SEVERITIES, {
  error: () => `severity must be one of ${SEVERITIES.join(', ')}`,
});
export const statusSchema = z.enum(INCIDENT_STATUSES, {
  error: () => `status must be one of ${INCIDENT_STATUSES.join(', ')}`,
});
export const tlpSchema = z.enum(TLP_LEVELS, {
  error: () => `TLP must be one of ${TLP_LEVELS.join(', ')} (TLP 2.0)`,
});
export const icsRoleSchema = z.enum(ICS_ROLES, {
  error: () => `unknown ICS role; the roles are ${ICS_ROLES.join(', ')}`,
});
export const linkKindSchema = z.enum(LINK_KINDS, {
  error: () => `link kind must be one of ${LINK_KINDS.join(', ')}`,
});
export const noteKindSchema = z.enum(NOTE_KINDS, {
  error: () => `note kind must be one of ${NOTE_KINDS.join(', ')}`,
});
export const taskStateSchema = z.enum(TASK_STATES);
export const prioritySchema = z
  .number({ error: 'priority must be a number' })
  .int('priority must be a whole number')
  .min(PRIORITY_MIN, `priority must be between ${PRIORITY_MIN} and ${PRIORITY_MAX}`)
  .max(PRIORITY_MAX, `priority must be between ${PRIORITY_MIN} and ${PRIORITY_MAX}`);
/** An instant with an explicit offset, e.g. 2025-03-01T14:00:00Z. */
export const dueSchema = z.iso.datetime({
  offset: true,
  error: 'due must be an ISO 8601 date-time with a time zone, e.g. 2025-03-01T14:00:00Z',
});

/** Who holds a role or a task: one member, or a whole department. */
export const partySchema = z.object({
  kind: z.enum(['member', 'department'], { error: 'party kind must be member or department' }),
  id: z.string().min(1, 'party id must not be empty').max(64, 'party id must be at most 64 characters'),
});
export type Party = z.infer<typeof partySchema>;

/** All parts optional; lat and lon come together and are range-checked (WGS 84 degrees). */
export const locationSchema = z
  .object({
    lat: z
      .number({ error: 'lat must be a number' })
      .min(-90, 'lat must be between -90 and 90')
      .max(90, 'lat must be between -90 and 90')
      .optional(),
    lon: z
      .number({ error: 'lon must be a number' })
      .min(-180, 'lon must be between -180 and 180')
      .max(180, 'lon must be between -180 and 180')
      .optional(),
    address: lineText('address', ADDRESS_MAX_LENGTH).optional(),
    area: lineText('area', AREA_MAX_LENGTH).optional(),
  })
  .refine((l) => (l.lat === undefined) === (l.lon === undefined), {
    error: 'lat and lon must be given together',
  });
export type Location = z.infer<typeof locationSchema>;

const partyList = (name: string, min = 0) =>
  z
    .array(partySchema)
    .min(min, `${name} needs at least ${min} party`)
    .max(MAX_LIST_ITEMS, `${name} may list at most ${MAX_LIST_ITEMS} parties`);

/** RACI: at least one Responsible, exactly one Accountable, any Consulted and Informed. */
export const raciSchema = z.object({
  responsible: partyList('responsible', 1),
  accountable: partySchema,
  consulted: partyList('consulted').default([]),
  informed: partyList('informed').default([]),
});
export type Raci = z.infer<typeof raciSchema>;

const departmentList = z
  .array(departmentIdSchema)
  .max(MAX_LIST_ITEMS, `at most ${MAX_LIST_ITEMS} departments`);
const tagList = z.array(tagSchema).max(MAX_LIST_ITEMS, `at most ${MAX_LIST_ITEMS} tags`);

/** A change to a single-valued field: the new value and the `base` it was made from. */
const change = <T extends z.ZodType>(value: T) => z.object({ value, base: baseSchema });

const incidentRef = { incidentId: recordIdSchema };
const taskRef = { incidentId: recordIdSchema, taskId: recordIdSchema };

export const incidentCreatedSchema = z.object({
  ...incidentRef,
  title: titleSchema,
  description: descriptionSchema.default(''),
  category: categorySchema,
  severity: severitySchema,
  priority: prioritySchema.default(DEFAULT_PRIORITY),
  tlp: tlpSchema.default(DEFAULT_TLP),
  location: locationSchema.nullable().default(null),
  /** Defaults to the author's department. */
  leadDepartment: departmentIdSchema.optional(),
  departments: departmentList.default([]),
  tags: tagList.default([]),
});

export const incidentUpdatedSchema = z
  .object({
    ...incidentRef,
    changes: z
      .object({
        title: change(titleSchema).optional(),
        description: change(descriptionSchema).optional(),
        category: change(categorySchema).optional(),
        /** `statusBase`: the status event the author saw; a raise from it is an escalation. */
        severity: z.object({ value: severitySchema, base: baseSchema, statusBase: baseSchema }).optional(),
        priority: change(prioritySchema).optional(),
        tlp: change(tlpSchema).optional(),
        leadDepartment: change(departmentIdSchema).optional(),
        location: change(locationSchema.nullable()).optional(),
      })
      .default({}),
    departmentsAdded: departmentList.default([]),
    departmentsRemoved: departmentList.default([]),
    tagsAdded: tagList.default([]),
    tagsRemoved: tagList.default([]),
  })
  .refine(
    (p) =>
      Object.values(p.changes).some((c) => c !== undefined) ||
      p.departmentsAdded.length + p.departmentsRemoved.length + p.tagsAdded.length + p.tagsRemoved.length > 0,
    { error: 'an update must change something' },
  );

export const statusChangedSchema = z.object({
  ...incidentRef,
  /** The status the author saw (the value set by `base`). */
  from: statusSchema,
  to: statusSchema,
  base: baseSchema,
  reopen: z.boolean().default(false),
  reason: reasonSchema.optional(),
});

export const roleAssignedSchema = z.object({
  ...incidentRef,
  role: icsRoleSchema,
  /** null vacates the role. */
  holder: partySchema.nullable(),
  base: baseSchema,
  reason: reasonSchema.optional(),
});

export const taskCreatedSchema = z.object({
  ...taskRef,
  title: lineText('task title', TITLE_MAX_LENGTH),
  description: descriptionSchema.default(''),
  raci: raciSchema,
  due: dueSchema.nullable().default(null),
});

export const taskUpdatedSchema = z
  .object({
    ...taskRef,
    changes: z.object({
      title: change(lineText('task title', TITLE_MAX_LENGTH)).optional(),
      description: change(descriptionSchema).optional(),
      due: change(dueSchema.nullable()).optional(),
      raci: change(raciSchema).optional(),
    }),
  })
  .refine((p) => Object.values(p.changes).some((c) => c !== undefined), {
    error: 'a task update must change something',
  });

/** task.acknowledged / task.done / task.cancelled / task.reopened: a change of the task's state. */
export const taskStateEventSchema = z.object({
  ...taskRef,
  base: baseSchema,
  note: longText('note', NOTE_MAX_LENGTH).optional(),
});

export const logNoteSchema = z.object({
  ...incidentRef,
  text: noteTextSchema,
  kind: noteKindSchema.default('note'),
  /** Entries may carry a stricter marking than the incident (DESIGN.md section 5). */
  tlp: tlpSchema.optional(),
});

export const linkSchema = z
  .object({ ...incidentRef, targetIncidentId: recordIdSchema, kind: linkKindSchema })
  .refine((p) => p.targetIncidentId !== p.incidentId, { error: 'an incident cannot be linked to itself' });

export const conflictResolvedSchema = z
  .object({
    ...incidentRef,
    conflictId: z.string().min(1).max(200),
    /** Keep this candidate's outcome... */
    chosenEventId: eventIdSchema.optional(),
    /** ...or set this value instead (checked against the conflicted field). */
    value: z.unknown().optional(),
    /** The head of the conflicted field as the resolver saw it; the resolution is itself a change. */
    base: baseSchema,
    /** The candidates the resolver saw; one they did not see keeps the conflict open. */
    candidateIds: z.array(eventIdSchema).min(1).max(100),
    note: longText('note', NOTE_MAX_LENGTH).optional(),
  })
  .refine((p) => (p.chosenEventId === undefined) !== (p.value === undefined), {
    error: 'a resolution names exactly one of chosenEventId or value',
  });

export const payloadSchemas = {
  'incident.created': incidentCreatedSchema,
  'incident.updated': incidentUpdatedSchema,
  'incident.status_changed': statusChangedSchema,
  'role.assigned': roleAssignedSchema,
  'task.created': taskCreatedSchema,
  'task.updated': taskUpdatedSchema,
  'task.acknowledged': taskStateEventSchema,
  'task.done': taskStateEventSchema,
  'task.cancelled': taskStateEventSchema,
  'task.reopened': taskStateEventSchema,
  'log.note': logNoteSchema,
  'incident.linked': linkSchema,
  'incident.unlinked': linkSchema,
  'conflict.resolved': conflictResolvedSchema,
} as const;

export type IncidentEventType = keyof typeof payloadSchemas;
export const INCIDENT_EVENT_TYPES = Object.keys(payloadSchemas) as IncidentEventType[];
/** The payload as signed (defaults may be omitted). */
export type PayloadInput<T extends IncidentEventType> = z.input<(typeof payloadSchemas)[T]>;
/** The payload as the fold sees it, defaults filled in. */
export type Payload<T extends IncidentEventType> = z.output<(typeof payloadSchemas)[T]>;
/** What `plan` hands the core to wrap in an envelope and sign. */
export type PlannedEvent = { [T in IncidentEventType]: { type: T; payload: Payload<T> } }[IncidentEventType];

export function isIncidentEventType(type: string): type is IncidentEventType {
  return Object.hasOwn(payloadSchemas, type);
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** Parse a payload for `type`, with one readable line naming each failing field. */
export function parsePayload<T extends IncidentEventType>(
  type: T,
  payload: unknown,
): ParseResult<Payload<T>> {
  const result = payloadSchemas[type].safeParse(payload);
  if (result.success) return { ok: true, value: result.data as Payload<T> };
  return { ok: false, error: describeIssues(result.error) };
}

/** The state machine of single-valued fields: their keys and the schema their values follow. */
export const INCIDENT_FIELDS = [
  'title',
  'description',
  'category',
  'severity',
  'priority',
  'tlp',
  'leadDepartment',
  'location',
] as const;
export type IncidentField = (typeof INCIDENT_FIELDS)[number];
export const TASK_FIELDS = ['title', 'description', 'due', 'raci', 'state'] as const;
export type TaskField = (typeof TASK_FIELDS)[number];
export type FieldKey = IncidentField | 'status' | `role:${IcsRole}` | `task:${string}:${TaskField}`;

export const fieldKey = {
  role: (role: IcsRole): FieldKey => `role:${role}`,
  task: (taskId: string, field: TaskField): FieldKey => `task:${taskId}:${field}`,
};

const incidentFieldSchemas: Record<IncidentField | 'status', z.ZodType> = {
  title: titleSchema,
  description: descriptionSchema,
  category: categorySchema,
  severity: severitySchema,
  priority: prioritySchema,
  tlp: tlpSchema,
  leadDepartment: departmentIdSchema,
  location: locationSchema.nullable(),
  status: statusSchema,
};
const taskFieldSchemas: Record<TaskField, z.ZodType> = {
  title: lineText('task title', TITLE_MAX_LENGTH),
  description: descriptionSchema,
  due: dueSchema.nullable(),
  raci: raciSchema,
  state: taskStateSchema,
};

/** The schema a value of `key` must satisfy (used for a resolution that sets an explicit value). */
export function fieldValueSchema(key: string): z.ZodType | null {
  if (Object.hasOwn(incidentFieldSchemas, key)) return incidentFieldSchemas[key as IncidentField];
  const role = /^role:(.+)$/.exec(key);
  if (role) return (ICS_ROLES as readonly string[]).includes(role[1] ?? '') ? partySchema.nullable() : null;
  const task = /^task:[A-Za-z0-9_-]{1,64}:(.+)$/.exec(key);
  if (task && Object.hasOwn(taskFieldSchemas, task[1] ?? '')) return taskFieldSchemas[task[1] as TaskField];
  return null;
}
