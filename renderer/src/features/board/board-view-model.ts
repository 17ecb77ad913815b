/**
 * What the board shows, as pure functions of the incidents: the filters, the column sort and the
 * per-department lane counts. Kept apart from React so each rule is easy to read and to test.
 */
import {
  INCIDENT_STATUSES,
  SEVERITIES,
  type IncidentStatus,
  type IncidentSummary,
  type Severity,
} from '../../../../shared/incident';
import type { Department } from '../../../../shared/identity';
import { TLP_LEVELS } from '../../../../shared/incident-record';

export type BoardFilter = {
  severities: Severity[];
  statuses: IncidentStatus[];
  /** Leading or involved; null for any department. */
  department: string | null;
  tlps: string[];
  /** Matched against titles, ignoring case. */
  text: string;
};

/** Closed incidents are history; everything else needs someone's attention. */
export const OPEN_STATUSES: IncidentStatus[] = INCIDENT_STATUSES.filter((s) => s !== 'closed');

/** What the board shows until someone narrows it, and what "Clear filters" goes back to. */
export const DEFAULT_FILTER: BoardFilter = {
  severities: [],
  statuses: OPEN_STATUSES,
  department: null,
  tlps: [],
  text: '',
};

export const involves = (incident: IncidentSummary, department: string) =>
  incident.leadDepartment === department || incident.departments.includes(department);

/** An empty list of choices means "any": a filter nobody touched hides nothing. */
export function matchesFilter(incident: IncidentSummary, filter: BoardFilter): boolean {
  const text = filter.text.trim().toLowerCase();
  return (
    (filter.severities.length === 0 || filter.severities.includes(incident.severity)) &&
    (filter.statuses.length === 0 || filter.statuses.includes(incident.status)) &&
    (filter.tlps.length === 0 || filter.tlps.includes(incident.tlp)) &&
    (filter.department === null || involves(incident, filter.department)) &&
    (text === '' || incident.title.toLowerCase().includes(text))
  );
}

export const SORTABLE_COLUMNS = [
  'severity',
  'title',
  'status',
  'lead',
  'tlp',
  'conflicts',
  'reported',
] as const;
export type SortColumn = (typeof SORTABLE_COLUMNS)[number];
export type Sort = { column: SortColumn; direction: 'ascending' | 'descending' };

/** The position of a value in a fixed vocabulary; unknown values sort last. */
const rank = (list: readonly string[], value: string) => {
  const index = list.indexOf(value);
  return index === -1 ? list.length : index;
};

/**
 * Each column's ascending order. Severity ascends from minor to critical and TLP from CLEAR to RED,
 * so "descending" puts the most severe or most restricted first.
 */
function ascending(column: SortColumn, departments: readonly Department[]) {
  const nameOf = (id: string | null) =>
    id === null ? '' : (departments.find((d) => d.id === id)?.name ?? id);
  switch (column) {
    case 'severity':
      return (a: IncidentSummary, b: IncidentSummary) =>
        rank(SEVERITIES, b.severity) - rank(SEVERITIES, a.severity);
    case 'title':
      return (a: IncidentSummary, b: IncidentSummary) => a.title.localeCompare(b.title);
    case 'status':
      return (a: IncidentSummary, b: IncidentSummary) =>
        rank(INCIDENT_STATUSES, a.status) - rank(INCIDENT_STATUSES, b.status);
    case 'lead':
      return (a: IncidentSummary, b: IncidentSummary) =>
        nameOf(a.leadDepartment).localeCompare(nameOf(b.leadDepartment));
    case 'tlp':
      return (a: IncidentSummary, b: IncidentSummary) => rank(TLP_LEVELS, a.tlp) - rank(TLP_LEVELS, b.tlp);
    case 'conflicts':
      return (a: IncidentSummary, b: IncidentSummary) => a.openConflicts - b.openConflicts;
    case 'reported':
      return (a: IncidentSummary, b: IncidentSummary) => a.createdAt.localeCompare(b.createdAt);
  }
}

/**
 * `incidents` (in board order) filtered and, when a column is chosen, sorted by it. The sort is
 * stable, so equal values keep board order: most severe first, then newest.
 */
export function visibleIncidents(
  incidents: readonly IncidentSummary[],
  filter: BoardFilter,
  sort: Sort | null,
  departments: readonly Department[],
): IncidentSummary[] {
  const shown = incidents.filter((incident) => matchesFilter(incident, filter));
  if (!sort) return shown;
  const compare = ascending(sort.column, departments);
  return shown.sort(sort.direction === 'ascending' ? compare : (a, b) => compare(b, a));
}

/** The first click on a header gives the order people usually want from that column. */
const FIRST_DIRECTION: Record<SortColumn, Sort['direction']> = {
  severity: 'descending',
  title: 'ascending',
  status: 'ascending',
  lead: 'ascending',
  tlp: 'descending',
  conflicts: 'descending',
  reported: 'descending',
};

/** Clicking a header: its first direction, then the other, then back to board order. */
export function nextSort(current: Sort | null, column: SortColumn): Sort | null {
  const first = FIRST_DIRECTION[column];
  if (current?.column !== column) return { column, direction: first };
  if (current.direction === first)
    return { column, direction: first === 'ascending' ? 'descending' : 'ascending' };
  return null;
}

export type LaneCounts = { leads: number; involved: number };

/**
 * Per department, how many open incidents it leads and how many it is involved in (leading
 * included, so a lane's "involved" is what clicking it shows with the default filter).
 */
export function laneCounts(
  incidents: readonly IncidentSummary[],
  departments: readonly Department[],
): Map<string, LaneCounts> {
  const counts = new Map(departments.map((d) => [d.id, { leads: 0, involved: 0 }]));
  for (const incident of incidents) {
    if (incident.status === 'closed') continue;
    for (const department of departments) {
      const lane = counts.get(department.id)!;
      if (incident.leadDepartment === department.id) lane.leads += 1;
      if (involves(incident, department.id)) lane.involved += 1;
    }
  }
  return counts;
}
