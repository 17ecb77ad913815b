/**
 * Planning run commands: given the folded run (or incident) and the acting member, the event to
 * sign, or a PlanError saying why not. The checks here explain the refusal to a person; the fold
 * applies the same rules (authority.ts, run-fold.ts) to events that arrive anyway.
 */
import {
  PlanError,
  planOrThrow,
  REOPEN_FROM,
  type Actor,
  type IncidentRecord,
  type PlannedEvent,
  type RoleAssignment,
} from '../incident-record';
import { actionRefusal, isCommand } from './authority';
import { actionKindRefusal } from './run-fold';
import { runPayloadSchemas, type PlannedRunEvent, type RunPayload, type RunStepAction } from './run-events';
import { describeIssues } from '../validation';
import { FINISHED_STATES, type RunRecord, type RunStep } from './run-record';
import type { PlaybookTemplate } from './template';

export type StartOptions = {
  runId: string;
  timeZone: string;
  exercise: { speed: number } | null;
  automatic: { rule: string } | null;
};

/**
 * Starting `template` on the incident: the `run.started` event, and for a real run the ICS roles the
 * playbook needs that nobody holds yet, given to their default departments. An exercise changes
 * nothing on the incident.
 */
export function planRunStart(
  incident: IncidentRecord,
  template: PlaybookTemplate,
  actor: Actor,
  options: StartOptions,
): Array<PlannedRunEvent | PlannedEvent> {
  if (!incident.created)
    throw new PlanError('not-created', `incident ${incident.incidentId} has not been created`);
  if (actor.role === 'viewer') throw new PlanError('forbidden', 'a viewer cannot start a playbook');
  if (!options.exercise && REOPEN_FROM.includes(incident.status)) {
    throw new PlanError(
      'invalid-transition',
      `the incident is ${incident.status}; reopen it before starting a playbook`,
    );
  }
  const started: PlannedRunEvent = {
    type: 'run.started',
    payload: {
      incidentId: incident.incidentId,
      runId: options.runId,
      template,
      timeZone: options.timeZone,
      exercise: options.exercise,
      automatic: options.automatic,
    },
  };
  checked(started);
  if (options.exercise) return [started];
  const roles: PlannedEvent[] = template.roles
    .filter(({ role }) => !incident.roles.find((r) => r.role === role)?.holder)
    .map(({ role, department }) =>
      planOrThrow(
        incident,
        {
          kind: 'assign-role',
          role,
          holder: { kind: 'department', id: department },
          reason: `needed by playbook "${template.title}"`,
        },
        actor,
      ),
    );
  return [started, ...roles];
}

export type StepCommand = { stepId: string; action: RunStepAction; reason?: string; option?: string };

export function planRunStep(
  run: RunRecord,
  command: StepCommand,
  actor: Actor,
  roles: readonly RoleAssignment[],
): PlannedRunEvent {
  requireActive(run);
  const step = findStep(run, command.stepId);
  const def = run.template.steps.find((s) => s.id === step.id)!;
  const kind = actionKindRefusal(def, command.action, command.option, command.reason);
  if (kind) throw new PlanError('invalid-input', kind);
  const refusal = actionRefusal(actor, def, command.action, roles);
  if (refusal) throw new PlanError('forbidden', refusal);
  const state = stateRefusal(run, step, command, actor);
  if (state) throw state;
  const payload: RunPayload<'run.step'> = {
    incidentId: run.incidentId,
    runId: run.runId,
    stepId: step.id,
    action: command.action,
    base: step.head,
  };
  if (command.reason?.trim()) payload.reason = command.reason.trim();
  if (command.option !== undefined) payload.option = command.option;
  return checked({ type: 'run.step', payload });
}

function stateRefusal(run: RunRecord, step: RunStep, command: StepCommand, actor: Actor): PlanError | null {
  const title = `"${step.title}"`;
  if (step.state === 'conflict') {
    return new PlanError(
      'invalid-transition',
      `${title} is in conflict; a commander resolves it (run resolve)`,
    );
  }
  if (FINISHED_STATES.includes(step.state) || step.state === 'rejected') {
    const why = step.reason ? ` (${step.reason})` : step.choice ? ` (${step.choice})` : '';
    return new PlanError('invalid-transition', `${title} is already ${step.state}${why}`);
  }
  if (step.state === 'pending') {
    const waiting = run.template.steps
      .find((s) => s.id === step.id)!
      .after.concat(decisionsOpening(run, step.id))
      .map((id) => run.steps.find((s) => s.id === id)!)
      .filter((s) => !FINISHED_STATES.includes(s.state))
      .map((s) => `"${s.title}" (${s.state})`);
    return new PlanError('invalid-transition', `${title} waits for ${waiting.join(', ')}`);
  }
  if (command.action === 'start' && step.state === 'in-progress') {
    return new PlanError('nothing-to-change', `${title} is already in progress`);
  }
  if (command.action === 'approve' && step.approvals.some((a) => a.actor === actor.id)) {
    return new PlanError(
      'forbidden',
      `you have already approved ${title}; the two-person rule needs a different member${
        isCommand(actor) ? '' : ', and one of the two must be a commander'
      }`,
    );
  }
  return null;
}

function decisionsOpening(run: RunRecord, stepId: string): string[] {
  return run.template.steps.filter((s) => s.options?.some((o) => o.opens.includes(stepId))).map((s) => s.id);
}

export function planRunStop(run: RunRecord, reason: string, actor: Actor): PlannedRunEvent {
  if (!isCommand(actor))
    throw new PlanError('not-commander', 'only a commander or an administrator can stop a run');
  requireActive(run);
  return checked({ type: 'run.stopped', payload: { incidentId: run.incidentId, runId: run.runId, reason } });
}

export function planRunResolve(
  run: RunRecord,
  command: { stepId: string; chosenEventId: string; note?: string },
  actor: Actor,
): PlannedRunEvent {
  if (!isCommand(actor)) {
    throw new PlanError('not-commander', 'only a commander or an administrator can resolve a conflict');
  }
  const step = findStep(run, command.stepId);
  if (step.conflict?.status !== 'open') {
    throw new PlanError('no-such-conflict', `"${step.title}" has no open conflict`);
  }
  const candidates = step.conflict.candidates.map((c) => c.eventId);
  if (!candidates.includes(command.chosenEventId)) {
    throw new PlanError(
      'invalid-input',
      `${command.chosenEventId} is not one of the outcomes in conflict; they are ${candidates.join(', ')}`,
    );
  }
  const payload: RunPayload<'run.conflict_resolved'> = {
    incidentId: run.incidentId,
    runId: run.runId,
    stepId: step.id,
    chosenEventId: command.chosenEventId,
    candidateIds: candidates,
  };
  if (command.note) payload.note = command.note;
  return checked({ type: 'run.conflict_resolved', payload });
}

/** The escalations this copy should log now: steps whose acknowledgement window passed unnoticed. */
export function planEscalations(run: RunRecord): PlannedRunEvent[] {
  return run.steps
    .filter((step) => step.escalationDue && step.escalateTo !== null)
    .map((step) => ({
      type: 'run.escalated',
      payload: {
        incidentId: run.incidentId,
        runId: run.runId,
        stepId: step.id,
        department: step.escalateTo!,
        reason: `"${step.title}" was ready at ${step.readyAt} and nobody acknowledged it by ${step.acknowledgeBy}`,
      },
    }));
}

/** The event exactly as every fold will parse it; a bad time zone or an overlong reason stops here. */
function checked(planned: PlannedRunEvent): PlannedRunEvent {
  const result = runPayloadSchemas[planned.type].safeParse(planned.payload);
  if (!result.success) throw new PlanError('invalid-input', describeIssues(result.error));
  return planned;
}

function requireActive(run: RunRecord): void {
  if (run.status === 'stopped') {
    throw new PlanError('invalid-transition', `the run was stopped: ${run.stopped?.reason ?? ''}`.trim());
  }
}

function findStep(run: RunRecord, stepId: string): RunStep {
  const step = run.steps.find((s) => s.id === stepId);
  if (!step) {
    throw new PlanError(
      'invalid-input',
      `playbook "${run.playbook.title}" has no step ${stepId}; its steps are ${run.steps.map((s) => s.id).join(', ')}`,
    );
  }
  return step;
}
