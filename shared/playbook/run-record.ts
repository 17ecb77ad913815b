/** The shape of a folded playbook run, as the CLI prints it and the UI shows it. */
import type { MemberInfo, RoleAssignment, Stamp } from '../incident-record';

import type { RunStepAction } from './run-events';
import type { Owner, PlaybookTemplate, StepKind } from './template';

export type StepState =
  'pending' | 'ready' | 'in-progress' | 'blocked' | 'done' | 'skipped' | 'approved' | 'rejected' | 'conflict';

/** States in which a step no longer holds up the steps after it. */
export const FINISHED_STATES: readonly StepState[] = ['done', 'skipped', 'approved'];

/** What an accepted step event did. */
export type ActionEffect =
  /** Changed the step. */
  | 'applied'
  /** A second, concurrent report of the same outcome (two copies both marked it done). */
  | 'agreed'
  /** Made without seeing the step's outcome, and not itself an outcome: kept in the log only. */
  | 'superseded'
  /** Contradicts another outcome made at the same time: the step is in conflict. */
  | 'conflicting';

export interface StepAction extends Stamp {
  action: RunStepAction;
  reason: string | null;
  option: string | null;
  effect: ActionEffect;
}

export interface StepConflict {
  stepId: string;
  status: 'open' | 'resolved';
  /** The contradicting outcome events, in event order. */
  candidates: Array<Stamp & { outcome: string }>;
  resolution: (Stamp & { chosenEventId: string }) | null;
}

export interface RunStep {
  id: string;
  title: string;
  kind: StepKind;
  owner: Owner;
  accountable: Owner;
  state: StepState;
  /** Why it is skipped, blocked or rejected (a branch not taken says which choice skipped it). */
  reason: string | null;
  /** The chosen option of a decision. */
  choice: string | null;
  /** Members who approved an approval step, in event order. */
  approvals: Stamp[];
  /** ISO 8601 instants, on the run's clock (simulated in an exercise); null while unknown. */
  readyAt: string | null;
  dueAt: string | null;
  finishedAt: string | null;
  overdue: boolean;
  /** The first action on the step once it was ready: the owner has taken it on. */
  acknowledged: Stamp | null;
  /** When the step is escalated if nobody has acknowledged it. */
  acknowledgeBy: string | null;
  /** Escalation is due now and nobody has logged it yet. */
  escalationDue: boolean;
  escalated: (Stamp & { department: string }) | null;
  /** The department whose lead an escalation notifies. */
  escalateTo: string | null;
  /** A wait step's timer. */
  waitUntil: string | null;
  history: StepAction[];
  /** The step's latest accepted event: the `base` of the next action on it. */
  head: string | null;
  conflict: StepConflict | null;
}

export interface RunNotification {
  stepId: string;
  kind: 'notify' | 'escalation';
  departments: string[];
  message: string;
  at: string;
}

export interface RunInject {
  title: string;
  text: string;
  from: string | null;
  at: string;
  delivered: boolean;
}

export interface RunRejection extends Stamp {
  type: string;
  reason: string;
}

export interface RunRecord {
  runId: string;
  incidentId: string;
  playbook: { id: string; version: number; title: string };
  template: PlaybookTemplate;
  timeZone: string;
  exercise: { speed: number } | null;
  /** The trigger rule that started the run by itself, or null when a person started it. */
  automatic: { rule: string } | null;
  started: Stamp;
  /** On the run's clock; for an exercise, the simulated clock starts at the real start. */
  startedAt: string;
  /** The moment this record describes, on the run's clock. */
  now: string;
  status: 'active' | 'completed' | 'stopped';
  stopped: (Stamp & { reason: string }) | null;
  /** In template order. */
  steps: RunStep[];
  conflicts: StepConflict[];
  notifications: RunNotification[];
  injects: RunInject[];
  rejected: RunRejection[];
  counts: { steps: number; finished: number; overdue: number; openConflicts: number };
}

export interface RunContext {
  incidentId: string;
  members: ReadonlyMap<string, MemberInfo>;
  /** The incident's ICS roles as they stand (who may act for a role-owned step). */
  roles: readonly RoleAssignment[];
  /** Real time in ms since the epoch; exercises turn it into their simulated time. */
  now: number;
}
