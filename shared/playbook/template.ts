/**
 * The playbook template format (issue 5): what a city writes down as "who does what when", checked
 * field by field. Templates are authored in YAML or JSON (see parse.ts); this schema checks each
 * field on its own, and validate.ts checks what needs the whole template (ids, references, cycles,
 * departments).
 *
 * A step's owner is a department, an ICS role on the incident, or both. Steps run when every step in
 * `after` is finished; a step named in a decision option's `opens` also waits for that decision and
 * is skipped when another option is chosen.
 */
import { z } from 'zod';
import {
  CAP_CATEGORIES,
  ICS_ROLES,
  lineText,
  longText,
  SEVERITIES,
  TITLE_MAX_LENGTH,
} from '../incident-record';
import { parseDuration } from './duration';

export const MAX_STEPS = 500;
export const MAX_LIST = 50;
const INSTRUCTIONS_MAX = 10_000;

const slug = (what: string) =>
  z
    .string({ error: `${what} must be text` })
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, `${what} must be a lowercase slug (a-z, 0-9, -), at most 64`);

export const playbookIdSchema = slug('playbook id');
export const stepIdSchema = slug('step id');
const departmentRef = z
  .string({ error: 'department must be text' })
  .regex(/^[a-z][a-z0-9-]{0,31}$/, 'department must be a department id such as police or it');
const icsRole = z.enum(ICS_ROLES, {
  error: () => `unknown ICS role; the roles are ${ICS_ROLES.join(', ')}`,
});
export const durationSchema = z
  .string({ error: 'duration must be text' })
  .refine((text) => parseDuration(text) !== null, 'must be an ISO 8601 duration such as PT15M, PT2H or P1D');

const list = <T extends z.ZodType>(item: T, name: string) =>
  z.array(item).max(MAX_LIST, `${name} may list at most ${MAX_LIST} items`);

/** A department, an ICS role on the incident, or the holder of that role within a department. */
export const ownerSchema = z
  .strictObject({ department: departmentRef.optional(), role: icsRole.optional() })
  .refine((o) => o.department !== undefined || o.role !== undefined, 'name a department, a role or both');
export type Owner = z.infer<typeof ownerSchema>;

/** CAP 1.2 `<severity>` values, most severe first. */
export const CAP_SEVERITIES = ['Extreme', 'Severe', 'Moderate', 'Minor'] as const;
export type CapSeverity = (typeof CAP_SEVERITIES)[number];

const categories = list(
  z.enum(CAP_CATEGORIES, { error: () => `category must be one of ${CAP_CATEGORIES.join(', ')}` }),
  'categories',
);
const phrases = list(lineText('phrase', 200), 'phrases');

/** When an incident or an alert should bring this playbook up. Every listed condition must hold. */
export const triggerSchema = z.union(
  [
    z.strictObject({
      incident: z.strictObject({
        categories: categories.optional(),
        minSeverity: z
          .enum(SEVERITIES, { error: () => `minSeverity must be one of ${SEVERITIES.join(', ')}` })
          .optional(),
        /** Words of which at least one appears in the title, description or tags (any case). */
        keywords: phrases.optional(),
      }),
    }),
    z.strictObject({
      alert: z.strictObject({
        categories: categories.optional(),
        /** CAP `<event>` texts, matched as case-insensitive substrings. */
        events: phrases.optional(),
        minSeverity: z
          .enum(CAP_SEVERITIES, { error: () => `minSeverity must be one of ${CAP_SEVERITIES.join(', ')}` })
          .optional(),
        /** Area names (CAP `<areaDesc>`), matched as case-insensitive substrings. */
        areas: phrases.optional(),
      }),
    }),
  ],
  { error: 'a trigger is either { incident: ... } or { alert: ... }' },
);
export type Trigger = z.infer<typeof triggerSchema>;

export const STEP_KINDS = ['task', 'decision', 'approval', 'notify', 'wait'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

const optionSchema = z.strictObject({
  id: slug('option id'),
  label: lineText('option label', TITLE_MAX_LENGTH),
  /** The steps this choice opens; they are skipped when another option is chosen. */
  opens: list(stepIdSchema, 'opens').default([]),
});

const article = (word: string) => (/^[aeiou]/.test(word) ? 'an' : 'a');

export const stepSchema = z
  .strictObject({
    id: stepIdSchema,
    title: lineText('step title', TITLE_MAX_LENGTH),
    instructions: longText('instructions', INSTRUCTIONS_MAX).default(''),
    kind: z.enum(STEP_KINDS, { error: () => `kind must be one of ${STEP_KINDS.join(', ')}` }).default('task'),
    /** Responsible for the step. */
    owner: ownerSchema,
    raci: z
      .strictObject({
        /** Answers for the step and is escalated to; defaults to the owner. */
        accountable: ownerSchema.optional(),
        consulted: list(ownerSchema, 'consulted').default([]),
        informed: list(ownerSchema, 'informed').default([]),
      })
      .default({ consulted: [], informed: [] }),
    after: list(stepIdSchema, 'after').default([]),
    due: z
      .strictObject({
        within: durationSchema,
        /** Counted from the run's start, or from when the step became ready (the default). */
        from: z
          .enum(['activation', 'ready'], { error: () => 'from must be activation or ready' })
          .default('ready'),
      })
      .optional(),
    /** How long the owner has to acknowledge a ready step before it is escalated to their lead. */
    acknowledge: durationSchema.optional(),
    options: z.array(optionSchema).min(2, 'a decision needs at least two options').max(MAX_LIST).optional(),
    approval: z
      .strictObject({
        /** The ICS role whose holder approves (a commander may always approve). */
        role: icsRole,
        /** Two different members must approve, at least one of them a commander. */
        twoPerson: z.boolean().default(false),
      })
      .optional(),
    notify: z
      .strictObject({
        departments: list(departmentRef, 'departments').min(1, 'notify at least one department'),
        message: longText('message', INSTRUCTIONS_MAX),
      })
      .optional(),
    /** A timer: the step finishes by itself this long after it became ready. */
    wait: durationSchema.optional(),
  })
  .superRefine((step, ctx) => {
    const needs = { decision: 'options', approval: 'approval', notify: 'notify', wait: 'wait' } as const;
    for (const [kind, field] of Object.entries(needs)) {
      const present = step[field] !== undefined;
      if (step.kind === kind && !present) {
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: `${article(kind)} ${kind} step needs ${field}`,
        });
      } else if (step.kind !== kind && present) {
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: `only ${article(kind)} ${kind} step has ${field}`,
        });
      }
    }
  });
export type Step = z.infer<typeof stepSchema>;

/** Exercise injects: scripted reports that appear during an exercise run, at a time after its start. */
export const injectSchema = z.strictObject({
  at: durationSchema,
  title: lineText('inject title', TITLE_MAX_LENGTH),
  text: longText('inject text', INSTRUCTIONS_MAX).default(''),
  /** The department the report seems to come from. */
  from: departmentRef.optional(),
});
export type Inject = z.infer<typeof injectSchema>;

export const templateSchema = z.strictObject({
  id: playbookIdSchema,
  /** Whole numbers; a published version is never changed, a new one is published instead. */
  version: z
    .number({ error: 'version must be a number' })
    .int('version must be a whole number')
    .min(1, 'version must be at least 1'),
  title: lineText('title', TITLE_MAX_LENGTH),
  /** What the playbook is for and the sources of practice it follows. */
  description: longText('description', INSTRUCTIONS_MAX).default(''),
  /** The acknowledgement window of steps that do not set their own. */
  acknowledge: durationSchema.optional(),
  triggers: list(triggerSchema, 'triggers').default([]),
  /** ICS roles the playbook needs, and which department fills each one when nobody holds it yet. */
  roles: list(z.strictObject({ role: icsRole, department: departmentRef }), 'roles').default([]),
  steps: z
    .array(stepSchema)
    .min(1, 'a playbook needs at least one step')
    .max(MAX_STEPS, `a playbook may have at most ${MAX_STEPS} steps`),
  injects: list(injectSchema, 'injects').default([]),
});
export type PlaybookTemplate = z.infer<typeof templateSchema>;
export type PlaybookTemplateInput = z.input<typeof templateSchema>;
