/** Plain-text renderings of playbooks and runs for a terminal; --json prints the contract's shapes. */
import type { PlaybookDetail, PlaybookSummary, RunSummary } from '../../../shared/contract';
import { describeOwner, type RunRecord, type RunStep } from '../../../shared/playbook';

const EXERCISE = 'EXERCISE';

export const playbookLine = (p: PlaybookSummary) =>
  `${p.id.padEnd(28)}  v${String(p.version).padEnd(3)}  ${String(p.steps).padStart(3)} steps  ${p.departments
    .join(',')
    .padEnd(
      24,
    )}  ${p.title}${p.autoStart ? '  [starts by itself]' : ''}${p.source === 'published' ? '' : '  (default)'}`;

export function playbookText(p: PlaybookDetail): string {
  const t = p.template;
  const lines = [`${t.title}  [${t.id} v${t.version}, ${p.source}; versions ${p.versions.join(', ')}]`];
  if (t.description) lines.push('', t.description.trim());
  if (t.roles.length) lines.push('', 'Roles:', ...t.roles.map((r) => `  ${r.role}: ${r.department}`));
  if (t.triggers.length)
    lines.push('', `Triggers: ${t.triggers.length}${p.autoStart ? ' (starts by itself)' : ''}`);
  lines.push('', 'Steps:');
  for (const s of t.steps) {
    const after = s.after.length ? `  after ${s.after.join(', ')}` : '';
    const due = s.due ? `  due ${s.due.within} from ${s.due.from}` : '';
    lines.push(
      `  ${s.id.padEnd(26)} ${s.kind.padEnd(8)} ${describeOwner(s.owner).padEnd(22)} ${s.title}${after}${due}`,
    );
    for (const o of s.options ?? [])
      lines.push(`      option ${o.id}: ${o.label}${o.opens.length ? ` -> ${o.opens.join(', ')}` : ''}`);
    if (s.approval)
      lines.push(
        `      approved by the ${s.approval.role}${s.approval.twoPerson ? ' and a second member (two-person rule)' : ''}`,
      );
  }
  return lines.join('\n');
}

const time = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') + 'Z' : '-');

export const runLine = (r: RunSummary) =>
  `${r.runId}  ${r.status.padEnd(9)}  ${r.counts.finished}/${r.counts.steps} done` +
  `${r.counts.overdue ? `  ${r.counts.overdue} overdue` : ''}${r.counts.openConflicts ? `  ${r.counts.openConflicts} conflict(s)` : ''}` +
  `  ${r.playbook.title} v${r.playbook.version}${r.exercise ? `  [${EXERCISE} x${r.exercise.speed}]` : ''}`;

function stepLine(s: RunStep): string {
  const flags = [
    s.overdue ? 'OVERDUE' : '',
    s.escalated ? `escalated to ${s.escalated.department}` : s.escalationDue ? 'escalation due' : '',
    s.choice ? `chose ${s.choice}` : '',
    s.approvals.length && s.state !== 'approved' ? `${s.approvals.length} approval(s)` : '',
    s.reason ? s.reason : '',
  ].filter(Boolean);
  return `  ${s.id.padEnd(26)} ${s.state.padEnd(11)} due ${time(s.dueAt).padEnd(17)} ${describeOwner(s.owner).padEnd(22)} ${s.title}${
    flags.length ? `  (${flags.join('; ')})` : ''
  }`;
}

export function runText(r: RunRecord): string {
  const lines = [
    `${r.exercise ? `${EXERCISE} (simulated clock x${r.exercise.speed}) · ` : ''}${r.playbook.title} v${r.playbook.version}  [run ${r.runId}]`,
    `incident ${r.incidentId} · run ${r.status} · started ${time(r.startedAt)} · now ${time(r.now)} · ${r.timeZone}` +
      (r.automatic ? ` · started by trigger (${r.automatic.rule})` : ''),
    `${r.counts.finished}/${r.counts.steps} steps finished · ${r.counts.overdue} overdue · ${r.counts.openConflicts} open conflict(s)`,
  ];
  if (r.stopped) lines.push(`stopped by ${r.stopped.actor}: ${r.stopped.reason}`);
  lines.push('', 'Steps:', ...r.steps.map(stepLine));
  const open = r.conflicts.filter((c) => c.status === 'open');
  if (open.length) {
    lines.push('', 'Open conflicts (a commander resolves them: muster run resolve RUN STEP --choose EVENT):');
    for (const c of open) {
      lines.push(`  ${c.stepId}`);
      for (const k of c.candidates) lines.push(`    ${k.eventId}  ${k.department}: ${k.outcome}`);
    }
  }
  if (r.notifications.length) {
    lines.push(
      '',
      'Notifications:',
      ...r.notifications.map(
        (n) => `  ${time(n.at)}  ${n.kind.padEnd(10)}  ${n.departments.join(', ')}: ${n.message}`,
      ),
    );
  }
  if (r.injects.length) {
    lines.push(
      '',
      'Exercise injects:',
      ...r.injects.map(
        (i) => `  ${time(i.at)}  ${i.delivered ? 'delivered' : 'scheduled'}  ${i.from ?? ''}  ${i.title}`,
      ),
    );
  }
  if (r.rejected.length) {
    lines.push(
      '',
      `Refused events (${r.rejected.length}):`,
      ...r.rejected.map((x) => `  ${x.eventId}  ${x.type}: ${x.reason}`),
    );
  }
  return lines.join('\n');
}
