/**
 * What needs this member now, from the board projection and the playbook runs. Tasks need each
 * incident folded, so the per-incident answer is kept until that incident's row changes: the
 * first call folds the member's department's active incidents, later ones only what changed.
 */
import type { AttentionItem } from '../../../shared/attention';
import type { IncidentRecord, Party } from '../../../shared/incident-record';
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
  const taskCache = new Map<string, { updatedAt: string; items: AttentionItem[] }>();

  const tasksFor = (me: { id: string; department: string }): AttentionItem[] => {
    const rows = db
      .prepare(
        `SELECT id, updated_at AS updatedAt FROM incidents
          WHERE status IN (${ACTIVE.map(() => '?').join(', ')})
            AND id IN (SELECT incident_id FROM incident_departments WHERE department = ?)`,
      )
      .all(...ACTIVE, me.department) as Array<{ id: string; updatedAt: string }>;
    const items: AttentionItem[] = [];
    for (const { id, updatedAt } of rows) {
      let cached = taskCache.get(id);
      if (cached?.updatedAt !== updatedAt) {
        cached = { updatedAt, items: openTasksOf(incidents.show(id), me) };
        taskCache.set(id, cached);
      }
      items.push(...cached.items);
    }
    return items;
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

/** Open, unacknowledged tasks of the incident for which this member, or their department, is responsible. */
function openTasksOf(incident: IncidentRecord, me: { id: string; department: string }): AttentionItem[] {
  const isMe = (p: Party) => (p.kind === 'member' ? p.id === me.id : p.id === me.department);
  return incident.tasks
    .filter((task) => task.state === 'open' && task.raci.responsible.some(isMe))
    .map((task) => ({
      id: `assignment:${incident.incidentId}:${task.id}`,
      kind: 'assignment' as const,
      incidentId: incident.incidentId,
      incidentTitle: incident.title,
      title: task.title,
      runId: null,
      exercise: false,
    }));
}

export type AttentionService = ReturnType<typeof createAttentionService>;
