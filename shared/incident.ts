/** Severity as incident commanders grade it; ordered from most to least severe. */
export const SEVERITIES = ['critical', 'major', 'moderate', 'minor'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The incident lifecycle; every incident starts as `reported`. */
export const INCIDENT_STATUSES = [
  'reported',
  'acknowledged',
  'active',
  'contained',
  'resolved',
  'closed',
] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const TITLE_MAX_LENGTH = 200;

/** One incident as the board lists it: a projection of its fold. */
export type IncidentSummary = {
  id: string;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  /** CAP 1.2 category. */
  category: string;
  priority: number;
  /** TLP 2.0 marking, e.g. TLP:GREEN is `GREEN`. */
  tlp: string;
  leadDepartment: string | null;
  departments: string[];
  areaName: string | null;
  /** WGS 84 degrees, when the incident's location has coordinates (for the map). */
  position: { lat: number; lon: number } | null;
  openConflicts: number;
  /** ISO 8601 instants in UTC. */
  createdAt: string;
  updatedAt: string;
};
