/** Plain-text renderings for a terminal; --json output is the contract's own shapes instead. */
import type { IncidentDetail, MemberSummary, SearchHit } from '../../../shared/contract';
import type { IncidentSummary } from '../../../shared/incident';
import { describeParty, type IncidentRecord } from '../../../shared/incident-record';

export const summaryLine = (i: IncidentSummary) =>
  `${i.id}  ${i.severity.padEnd(8)}  ${i.status.padEnd(12)}  ${i.createdAt}  ${i.title}` +
  (i.openConflicts ? `  [${i.openConflicts} conflict(s)]` : '');

export const changedLine = (r: IncidentRecord) => `${r.incidentId}  ${r.status}  ${r.severity}  ${r.title}`;

/**
 * The incident for a terminal. Members appear by name: the fold's texts name them by id, which
 * stays stable when a name is corrected, but people read names.
 */
export function detailText(d: IncidentDetail, members: readonly MemberSummary[]): string {
  const lines = [
    `${d.title}  [${d.incidentId}]`,
    `${d.severity} · ${d.status} · ${d.category} · priority ${d.priority} · TLP:${d.tlp}`,
    `lead: ${d.owner.leadDepartment ?? '-'} · incident commander: ${describeParty(d.owner.incidentCommander)}`,
    `departments: ${d.departments.join(', ') || '-'}${d.tags.length ? ` · tags: ${d.tags.join(', ')}` : ''}`,
  ];
  if (d.description) lines.push('', d.description);
  const held = d.roles.filter((r) => r.holder);
  if (held.length) lines.push('', 'Roles:', ...held.map((r) => `  ${r.role}: ${describeParty(r.holder)}`));
  if (d.tasks.length) {
    lines.push('', 'Tasks:');
    for (const t of d.tasks) {
      lines.push(
        `  ${t.id}  ${t.state.padEnd(12)}  ${t.due ?? 'no due time'}  ${t.title}  (R: ${t.raci.responsible.map(describeParty).join(', ')})`,
      );
    }
  }
  if (d.links.length) lines.push('', 'Links:', ...d.links.map((l) => `  ${l.kind} ${l.targetIncidentId}`));
  const open = d.conflicts.filter((c) => c.status === 'open');
  if (open.length) {
    lines.push('', 'Open conflicts (a commander resolves them):');
    for (const c of open) {
      lines.push(`  ${c.id}`);
      for (const k of c.candidates)
        lines.push(`    ${k.eventId}  ${k.department}: ${JSON.stringify(k.value)}`);
    }
  }
  if (d.untrustedEvents.length) {
    lines.push('', `Untrusted events left out (${d.untrustedEvents.length}):`);
    for (const u of d.untrustedEvents) lines.push(`  ${u.eventId ?? '?'}  ${u.reason}: ${u.message}`);
  }
  lines.push(
    '',
    'Log:',
    ...d.timeline.map(
      (e) => `  ${e.at ?? e.hlc}  ${e.department.padEnd(8)}  ${e.kind.padEnd(10)}  ${e.text}`,
    ),
  );
  const names = new Map(members.map((m) => [m.memberId, `${m.user} (${m.department})`]));
  return lines.join('\n').replace(/member ([0-9a-f-]{36})/g, (text, id: string) => names.get(id) ?? text);
}

export const searchLine = (h: SearchHit) =>
  `${h.incidentId}  ${h.kind.padEnd(11)}  ${h.title}  —  ${h.snippet}`;
