/**
 * Issue 5's figure: folding a run of a 200-step playbook with 5,000 step events (target: under
 * 20 ms). The baseline, measured interleaved in the same run, is the least any fold must do with
 * those events: copy them and sort them into clock order.
 */
import { compareEvents } from '../../shared/events';
import { format } from '../../shared/hlc';
import type { FoldableEvent, MemberInfo } from '../../shared/incident-record';
import { foldRuns, templateSchema, type PlaybookTemplate } from '../../shared/playbook';
import { formatMs, type Figure } from './report';
import { samplePaired, summarize, type Summary } from './stats';

const DEPARTMENTS = ['police', 'traffic', 'energy', 'it'];
const LANES = 10;

/**
 * 200 steps in ten lanes of twenty, each step after the one before it; every tenth step is a
 * two-person approval and each lane has a decision whose two options open one step each.
 */
export function benchTemplate(steps = 200): PlaybookTemplate {
  const perLane = steps / LANES;
  const list: unknown[] = [];
  for (let lane = 0; lane < LANES; lane++) {
    for (let i = 0; i < perLane; i++) {
      const id = `l${lane}-s${i}`;
      const previous = i > 0 ? [`l${lane}-s${i - 1}`] : [];
      const owner = { department: DEPARTMENTS[(lane + i) % DEPARTMENTS.length] };
      const base = {
        id,
        title: `Lane ${lane} step ${i}`,
        owner,
        due: { within: 'PT30M' },
        acknowledge: 'PT10M',
      };
      if (i === 5) {
        list.push({
          ...base,
          after: previous,
          kind: 'decision',
          options: [
            { id: 'a', label: 'Option A', opens: [`l${lane}-s6`] },
            { id: 'b', label: 'Option B', opens: [`l${lane}-s7`] },
          ],
        });
      } else if (i === 6 || i === 7) {
        list.push({ ...base, after: [`l${lane}-s5`] });
      } else if (i === 8) {
        list.push({ ...base, after: [`l${lane}-s6`, `l${lane}-s7`] });
      } else if (i % 10 === 9) {
        list.push({
          ...base,
          after: previous,
          kind: 'approval',
          approval: { role: 'incident-commander', twoPerson: true },
        });
      } else list.push({ ...base, after: previous });
    }
  }
  return templateSchema.parse({ id: 'bench', version: 1, title: 'Bench playbook', steps: list });
}

/**
 * The run's start plus `count` step events: each step is started, blocked and started again many
 * times over (the traffic of a long shift), decisions choose option a, approvals get two approvals,
 * and most steps end done.
 */
export function benchEvents(template: PlaybookTemplate, count = 5_000): FoldableEvent[] {
  const start = Date.parse('2026-03-01T08:00:00Z');
  const events: FoldableEvent[] = [];
  const push = (actor: string, type: string, payload: Record<string, unknown>) => {
    const n = events.length;
    events.push({
      id: `bench-${String(n).padStart(6, '0')}`,
      type,
      hlc: format({ wall: start + n * 1000, counter: 0, node: 'bench' }),
      actor,
      device: 'bench',
      department: actor.split('-')[0]!,
      payload: { incidentId: 'incident-1', runId: 'run-1', ...payload },
    });
  };
  push('police-lead', 'run.started', {
    template,
    timeZone: 'Europe/Berlin',
    exercise: null,
    automatic: null,
  });
  const perStep = Math.floor(count / template.steps.length);
  for (const step of template.steps) {
    const dept = step.owner.department!;
    let head: string | null = null;
    const act = (actor: string, action: string, extra: Record<string, unknown> = {}) => {
      push(actor, 'run.step', { stepId: step.id, action, base: head, ...extra });
      head = events.at(-1)!.id;
    };
    for (let i = 0; i < perStep - 2; i++) {
      if (i % 2 === 0) act(`${dept}-staff`, 'start');
      else act(`${dept}-staff`, 'block', { reason: 'waiting for the crew' });
    }
    if (step.kind === 'decision') {
      act(`${dept}-staff`, 'start');
      act(`${dept}-lead`, 'choose', { option: 'a' });
    } else if (step.kind === 'approval') {
      act(`${dept}-lead`, 'approve');
      act(`${dept === 'police' ? 'it' : 'police'}-lead`, 'approve');
    } else {
      act(`${dept}-staff`, 'start');
      act(`${dept}-staff`, 'done');
    }
  }
  return events;
}

export const benchMembers = new Map<string, MemberInfo>(
  DEPARTMENTS.flatMap((d) => [
    [`${d}-lead`, { role: 'commander', department: d }],
    [`${d}-staff`, { role: 'responder', department: d }],
  ]),
);

const latency = (s: Summary) => `p50 ${formatMs(s.p50)}  p95 ${formatMs(s.p95)}`;

export function runFoldFigure(budgetMs: number): Figure {
  const template = benchTemplate();
  const events = benchEvents(template);
  const stepEvents = events.length - 1;
  const context = {
    incidentId: 'incident-1',
    members: benchMembers,
    roles: [],
    now: Date.parse('2026-03-02T08:00:00Z'),
  };
  const [run] = foldRuns(events, context);
  if (!run || run.rejected.length > 0 || run.status !== 'completed') {
    throw new Error(
      `run fold bench: expected a completed run with nothing refused, got ${run?.status}, ${run?.rejected.length} refused`,
    );
  }
  let sink = 0;
  const samples = samplePaired({
    subject: () => {
      sink += foldRuns(events, context)[0]!.counts.finished;
    },
    baseline: () => {
      sink += [...events].sort(compareEvents).length;
    },
    warmup: 20,
    minPairs: 30,
    maxPairs: 500,
    budgetMs,
  });
  if (sink === 0) throw new Error('unreachable');
  const subject = summarize(samples.subject);
  const baseline = summarize(samples.baseline);
  return {
    id: 'runfold',
    name: 'playbook run fold',
    data: `One run of a ${template.steps.length}-step playbook (10 lanes, decisions, two-person approvals) with ${stepEvents} step events.`,
    muster: latency(subject),
    baseline: `copy and sort the events ${latency(baseline)}`,
    ratio: subject.p50 / baseline.p50,
    ratioOf: 'p50',
    target: 'p50 under 20 ms',
    met: subject.p50 < 20,
    notes: [
      `${subject.n} folds, interleaved with the baseline; each parses every payload, checks authority and conflicts, and evaluates due, overdue and escalation for every step.`,
      `The typical fold is the figure: on this shared machine the slowest 5% pay for garbage collection and neighbours (p95 ${formatMs(subject.p95)}, ratio ${(subject.p95 / baseline.p95).toFixed(0)}x).`,
    ],
    raw: { subjectMs: subject, baselineMs: baseline, steps: template.steps.length, stepEvents },
  };
}
