import { SEVERITIES, type IncidentSummary } from '../../../../shared/incident';

/**
 * The board's order, the same as the core's list: most severe first, then newest, then by id so
 * that incidents created in the same millisecond still sit in one order on every screen.
 */
export function compareIncidents(a: IncidentSummary, b: IncidentSummary): number {
  const bySeverity = SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity);
  if (bySeverity !== 0) return bySeverity;
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}

/** The list with `incident` added or, if it is already there, replaced; in board order. */
export function upsertIncident(
  list: readonly IncidentSummary[],
  incident: IncidentSummary,
): IncidentSummary[] {
  return [...list.filter((i) => i.id !== incident.id), incident].sort(compareIncidents);
}
