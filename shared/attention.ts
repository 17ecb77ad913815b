/**
 * What needs this member now (issue 6's desktop notifications, and issue 10's tray count): tasks
 * waiting for their acknowledgement, approvals they may give, overdue and escalated playbook steps
 * of their department. Each item has a stable id, so a notifier shows each one once.
 */
export type AttentionKind = 'assignment' | 'approval' | 'overdue' | 'escalation';

export type AttentionItem = {
  /** Stable across calls while the item stands, e.g. `approval:<run>:<step>`. */
  id: string;
  kind: AttentionKind;
  incidentId: string;
  /** What to act on: the task's or the step's title. */
  title: string;
  /** The incident's title, for context. */
  incidentTitle: string;
  runId: string | null;
  exercise: boolean;
};
