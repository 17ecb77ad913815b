/**
 * The events a playbook run writes into its incident's room (an exercise's into its own room). A run
 * carries a full copy of the template it was started from, so publishing a new version of the
 * playbook never changes a run already under way.
 */
import { z } from 'zod';
import { eventIdSchema, longText, recordIdSchema, REASON_MAX_LENGTH } from '../incident-record';
import { isTimeZone } from './duration';
import { stepIdSchema, templateSchema } from './template';

export const MAX_EXERCISE_SPEED = 1000;

const runRef = { incidentId: recordIdSchema, runId: recordIdSchema };
const reason = longText('reason', REASON_MAX_LENGTH);

export const RUN_STEP_ACTIONS = ['start', 'done', 'skip', 'block', 'approve', 'reject', 'choose'] as const;
export type RunStepAction = (typeof RUN_STEP_ACTIONS)[number];

export const runStartedSchema = z.object({
  ...runRef,
  template: templateSchema,
  /** IANA zone in which calendar parts of due times count (the starting desk's zone). */
  timeZone: z.string().max(64).refine(isTimeZone, 'unknown time zone'),
  /** An exercise runs on a simulated clock, `speed` times faster than real time. */
  exercise: z
    .object({ speed: z.number().min(1).max(MAX_EXERCISE_SPEED) })
    .nullable()
    .default(null),
  /** Set when the run was started by a trigger rule rather than by a person. */
  automatic: z
    .object({ rule: z.string().min(1).max(500) })
    .nullable()
    .default(null),
});

export const runStepSchema = z.object({
  ...runRef,
  stepId: stepIdSchema,
  action: z.enum(RUN_STEP_ACTIONS),
  reason: reason.optional(),
  /** The chosen option of a decision. */
  option: stepIdSchema.optional(),
  /** The latest event of this step the author had seen, or null: how concurrency is told apart. */
  base: eventIdSchema.nullable(),
});

export const runEscalatedSchema = z.object({
  ...runRef,
  stepId: stepIdSchema,
  /** The department whose lead (its commanders) is notified. */
  department: z.string().min(1).max(64),
  reason,
});

export const runStoppedSchema = z.object({ ...runRef, reason });

export const runConflictResolvedSchema = z.object({
  ...runRef,
  stepId: stepIdSchema,
  chosenEventId: eventIdSchema,
  /** The outcomes the commander saw; one they did not see keeps the conflict open. */
  candidateIds: z.array(eventIdSchema).min(1).max(100),
  note: reason.optional(),
});

export const runPayloadSchemas = {
  'run.started': runStartedSchema,
  'run.step': runStepSchema,
  'run.escalated': runEscalatedSchema,
  'run.stopped': runStoppedSchema,
  'run.conflict_resolved': runConflictResolvedSchema,
} as const;

export type RunEventType = keyof typeof runPayloadSchemas;
export type RunPayload<T extends RunEventType> = z.output<(typeof runPayloadSchemas)[T]>;
export type PlannedRunEvent = { [T in RunEventType]: { type: T; payload: RunPayload<T> } }[RunEventType];

export function isRunEventType(type: string): type is RunEventType {
  return Object.hasOwn(runPayloadSchemas, type);
}
