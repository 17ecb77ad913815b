/**
 * Fills the projection tables of migration 0003 (incidents, incident_departments, search_docs and,
 * through its triggers, search_fts) with direct SQL in one transaction. The board and search
 * benchmarks measure the queries, not the fold, so nothing here goes through projectIncident.
 */
import { SEVERITIES, INCIDENT_STATUSES, type IncidentStatus, type Severity } from '../../shared/incident';
import type { Store } from '../../electron/core/db/open';
import {
  DEPARTMENTS,
  areaName,
  createRng,
  incidentDescription,
  incidentTitle,
  int,
  logEntry,
  pick,
  uuid,
  type Rng,
} from './text';

/**
 * A city's history: most incidents are resolved or closed; about 5% are still open. The board
 * query's cost grows with the open ones (they are sorted), so this share is printed with the result.
 */
export const STATUS_SHARES: Readonly<Record<IncidentStatus, number>> = {
  reported: 0.01,
  acknowledged: 0.01,
  active: 0.02,
  contained: 0.01,
  resolved: 0.15,
  closed: 0.8,
};
const SEVERITY_SHARES: Readonly<Record<Severity, number>> = {
  critical: 0.05,
  major: 0.2,
  moderate: 0.45,
  minor: 0.3,
};
const TLP_SHARES = { CLEAR: 0.1, GREEN: 0.6, AMBER: 0.25, 'AMBER+STRICT': 0.04, RED: 0.01 };

function weighted<K extends string>(rng: Rng, shares: Readonly<Record<K, number>>): K {
  let u = rng();
  const entries = Object.entries(shares) as [K, number][];
  for (const [key, share] of entries) {
    u -= share;
    if (u < 0) return key;
  }
  return entries.at(-1)![0];
}

export type ProjectionDataSize = { incidents: number; logEntries: number };
export type ProjectionData = ProjectionDataSize & { openIncidents: number; searchDocs: number };

/** The whole data set is written in one transaction; `seed` fixes it. */
export function populateProjections(db: Store, size: ProjectionDataSize, seed = 1): ProjectionData {
  const rng = createRng(seed);
  const insertIncident = db.prepare(
    `INSERT INTO incidents (id, room, title, description, category, severity, severity_rank, priority, status, tlp,
       lead_department, departments, area_name, open_conflicts, untrusted_events, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
  );
  const insertDepartment = db.prepare(
    'INSERT INTO incident_departments (incident_id, department) VALUES (?, ?)',
  );
  const insertDoc = db.prepare('INSERT INTO search_docs (incident_id, kind, ref, text) VALUES (?, ?, ?, ?)');

  // Log entries per incident: 1..19 (mean 10), then corrected so the total is exact.
  const perIncident = Array.from({ length: size.incidents }, () => int(rng, 1, 19));
  let diff = size.logEntries - perIncident.reduce((a, b) => a + b, 0);
  while (diff !== 0) {
    const i = Math.floor(rng() * size.incidents);
    const step = diff > 0 ? 1 : -1;
    if (perIncident[i]! + step < 0) continue;
    perIncident[i]! += step;
    diff -= step;
  }

  // Three years of history, ending on a fixed date so every run builds the same data.
  const end = Date.parse('2026-11-01T00:00:00Z');
  const span = 3 * 365 * 24 * 3600 * 1000;
  let openIncidents = 0;
  let searchDocs = 0;

  db.transaction(() => {
    for (let i = 0; i < size.incidents; i++) {
      const id = uuid(rng);
      const { title, category, lead } = incidentTitle(rng);
      const description = incidentDescription(rng);
      const severity = weighted(rng, SEVERITY_SHARES);
      const status = weighted(rng, STATUS_SHARES);
      if (INCIDENT_STATUSES.indexOf(status) < INCIDENT_STATUSES.indexOf('resolved')) openIncidents++;
      const departments = [...new Set([lead, pick(rng, DEPARTMENTS), pick(rng, DEPARTMENTS)])].slice(
        0,
        int(rng, 1, 3),
      );
      const created = end - Math.floor(rng() * span);
      insertIncident.run(
        id,
        `incident:${id}`,
        title,
        description,
        category,
        severity,
        SEVERITIES.indexOf(severity),
        int(rng, 1, 5),
        status,
        weighted(rng, TLP_SHARES),
        lead,
        JSON.stringify(departments),
        areaName(rng),
        rng() < 0.02 ? 1 : 0,
        new Date(created).toISOString(),
        new Date(created + int(rng, 60_000, 72 * 3600_000)).toISOString(),
      );
      for (const department of departments) insertDepartment.run(id, department);
      insertDoc.run(id, 'title', id, title);
      insertDoc.run(id, 'description', id, description);
      searchDocs += 2;
      for (let j = 0; j < perIncident[i]!; j++) {
        insertDoc.run(id, 'log', uuid(rng), logEntry(rng));
        searchDocs++;
      }
    }
  })();
  return { ...size, openIncidents, searchDocs };
}
