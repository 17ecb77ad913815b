/**
 * What needs this member now: open tasks from the board's projection of who is responsible for
 * them (migration 0008), and approvals, overdue steps and escalations from the playbook runs.
 */
import type { AttentionItem } from '../../../shared/attention';
import { actionRefusal } from '../../../shared/playbook/authority';
import type { Store } from '../db/open';
import { MusterError } from '../errors';
import type { IncidentService } from '../incidents/service';
import type { PlaybookService } from '../playbooks/service';
import type { WorkspaceService } from '../workspace/service';

const ACTIVE = ['reported', 'acknowledged', 'active', 'contained'];

export function createAttentionService(
  db: Store,
  workspace: WorkspaceService,
  incidents: IncidentService,
  playbooks: PlaybookService,
) {
  /** Open tasks this member, or their department, is responsible for, in active incidents. */
  const tasksFor = (me: { id: string; department: string }): AttentionItem[] => {
    const rows = db
      .prepare(
        `SELECT DISTINCT t.incident_id AS incidentId, i.title AS incidentTitle, t.task_id AS taskId,
                t.title, t.position
           FROM incident_open_tasks t JOIN incidents i ON i.id = t.incident_id
          WHERE t.party IN (?, ?) AND i.status IN (${ACTIVE.map(() => '?').join(', ')})
          ORDER BY i.created_at, t.incident_id, t.position`,
      )
      .all(`member:${me.id}`, `department:${me.department}`, ...ACTIVE) as Array<{
      incidentId: string;
      incidentTitle: string;
      taskId: string;
      title: string;
    }>;
    return rows.map((row) => ({
      id: `assignment:${row.incidentId}:${row.taskId}`,
      kind: 'assignment' as const,
      incidentId: row.incidentId,
      incidentTitle: row.incidentTitle,
      title: row.title,
      runId: null,
      exercise: false,
    }));
  };

  return {
    list(): AttentionItem[] {
      const { member } = workspace.directory().identity;
      if (member.role === 'viewer') return [];
      const me = { id: member.memberId, role: member.role, department: member.department };
      incidents.refreshProjections();
      const items = tasksFor(me);
      for (const summary of playbooks.listRuns({ active: true })) {
        let run;
        try {
          run = playbooks.showRun(summary.runId);
        } catch (error) {
          if (error instanceof MusterError) continue;
          throw error;
        }
        const incident = incidents.show(run.incidentId);
        const base = {
          incidentId: run.incidentId,
          incidentTitle: incident.title,
          runId: run.runId,
          exercise: run.exercise !== null,
        };
        for (const step of run.steps) {
          const def = run.template.steps.find((s) => s.id === step.id)!;
          const mine = [step.owner.department, step.accountable.department].includes(me.department);
          const open = step.state === 'ready' || step.state === 'in-progress';
          if (
            def.kind === 'approval' &&
            open &&
            !step.approvals.some((a) => a.actor === me.id) &&
            actionRefusal(me, def, 'approve', incident.roles) === null
          ) {
            items.push({
              ...base,
              id: `approval:${run.runId}:${step.id}`,
              kind: 'approval',
              title: step.title,
            });
          }
          if (mine && step.overdue) {
            items.push({
              ...base,
              id: `overdue:${run.runId}:${step.id}`,
              kind: 'overdue',
              title: step.title,
            });
          }
          if (
            step.escalated?.department === me.department &&
            (me.role === 'commander' || me.role === 'admin') &&
            open
          ) {
            items.push({
              ...base,
              id: `escalation:${run.runId}:${step.id}`,
              kind: 'escalation',
              title: step.title,
            });
          }
        }
      }
      return items;
    },
  };
}

export type AttentionService = ReturnType<typeof createAttentionService>;
