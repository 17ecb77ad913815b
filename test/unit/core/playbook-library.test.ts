/**
 * The default playbook library shipped in playbooks/: every file is valid for a new workspace, each
 * department owns steps in at least three playbooks, each names its sources of practice, and every
 * branch of every decision can be run to the end.
 */
import { describe, expect, it } from 'vitest';
import { findAppRoot } from '../../../electron/core/app-root';
import { builtInPlaybooks } from '../../../electron/core/playbooks/library';
import { format } from '../../../shared/hlc';
import { DEFAULT_DEPARTMENTS } from '../../../shared/identity';
import type { FoldableEvent, MemberInfo } from '../../../shared/incident-record';
import {
  checkPlaybook,
  foldRuns,
  type PlaybookTemplate,
  type RunRecord,
  type RunStepAction,
} from '../../../shared/playbook';

const library = builtInPlaybooks(findAppRoot(import.meta.url));
const departments = DEFAULT_DEPARTMENTS.map((d) => d.id);

/** A commander and a responder in every department, so any step has someone who may act on it. */
const members = new Map<string, MemberInfo>(
  departments.flatMap((d) => [
    [`${d}-lead`, { role: 'commander', department: d }],
    [`${d}-staff`, { role: 'responder', department: d }],
  ]),
);

/**
 * Plays a run to its end: every ready step is done, each decision takes the option `choose` picks,
 * each approval gets the approvals it needs from commanders, and the clock moves an hour per round so
 * timers run out. Returns the final record.
 */
function playThrough(template: PlaybookTemplate, choose: (decision: string) => string): RunRecord {
  const incidentId = 'incident-1';
  const runId = 'run-1';
  const start = Date.parse('2026-03-01T08:00:00Z');
  const events: FoldableEvent[] = [];
  let clock = start;
  const append = (actor: string, type: string, payload: Record<string, unknown>) => {
    clock += 1000;
    events.push({
      id: `e${events.length}`,
      type,
      hlc: format({ wall: clock, counter: 0, node: 'test' }),
      actor,
      device: 'test',
      department: members.get(actor)!.department,
      payload: { incidentId, runId, ...payload },
    });
  };
  const fold = () => foldRuns(events, { incidentId, members, roles: [], now: clock })[0]!;
  append('police-lead', 'run.started', {
    template,
    timeZone: 'Europe/Berlin',
    exercise: null,
    automatic: null,
  });
  for (let round = 0; round < 200; round++) {
    const run = fold();
    if (run.status !== 'active') return run;
    const ready = run.steps.filter((s) => s.state === 'ready' || s.state === 'in-progress');
    for (const step of ready) {
      const def = template.steps.find((s) => s.id === step.id)!;
      const owner = def.owner.department ?? 'police';
      const act = (actor: string, action: RunStepAction, extra: Record<string, unknown> = {}) =>
        append(actor, 'run.step', {
          stepId: step.id,
          action,
          base: fold().steps.find((s) => s.id === step.id)!.head,
          ...extra,
        });
      if (def.kind === 'wait') continue;
      if (def.kind === 'decision') act(`${owner}-lead`, 'choose', { option: choose(def.id) });
      else if (def.kind === 'approval') {
        // Commanders may always approve; a two-person approval takes a second one.
        act(`${owner}-lead`, 'approve');
        if (def.approval!.twoPerson) act(`${owner === 'police' ? 'it' : 'police'}-lead`, 'approve');
      } else act(def.owner.department ? `${owner}-staff` : `${owner}-lead`, 'done');
    }
    clock += 60 * 60_000;
  }
  throw new Error(
    `${template.id} did not finish: ${fold()
      .steps.map((s) => `${s.id}=${s.state}`)
      .join(' ')}`,
  );
}

describe('the default playbook library', () => {
  it('ships at least eight valid playbooks, each naming its sources of practice', () => {
    expect(library.length).toBeGreaterThanOrEqual(8);
    for (const template of library) {
      expect(checkPlaybook(template, { departments }), template.id).toMatchObject({ ok: true });
      expect(template.description, template.id).toMatch(/Sources of practice:/);
      expect(new Set(template.steps.map((s) => s.kind)), template.id).toEqual(
        new Set(['task', 'decision', 'approval', 'notify', 'wait']),
      );
    }
    expect(new Set(library.map((t) => t.id)).size).toBe(library.length);
  });

  it('gives every department steps of its own in at least three playbooks', () => {
    for (const department of departments) {
      const owning = library.filter((t) => t.steps.some((s) => s.owner.department === department));
      expect(owning.length, department).toBeGreaterThanOrEqual(3);
    }
  });

  it('can be run to the end down every branch of every decision', () => {
    for (const template of library) {
      const decisions = template.steps.filter((s) => s.kind === 'decision');
      const widest = Math.max(1, ...decisions.map((d) => d.options!.length));
      for (let branch = 0; branch < widest; branch++) {
        const choose = (id: string) => {
          const options = template.steps.find((s) => s.id === id)!.options!;
          return options[Math.min(branch, options.length - 1)]!.id;
        };
        const run = playThrough(template, choose);
        expect(run.status, `${template.id} branch ${branch}`).toBe('completed');
        expect(
          run.rejected.map((r) => r.reason),
          `${template.id} branch ${branch}`,
        ).toEqual([]);
        expect(run.counts.openConflicts).toBe(0);
      }
    }
  });
});
