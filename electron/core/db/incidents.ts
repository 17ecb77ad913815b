import type { Incident } from '../../../shared/incident';
import type { Store } from './open';

type IncidentRow = {
  id: string;
  title: string;
  severity: Incident['severity'];
  status: Incident['status'];
  created_at: string;
};

const fromRow = (row: IncidentRow): Incident => ({
  id: row.id,
  title: row.title,
  severity: row.severity,
  status: row.status,
  createdAt: row.created_at,
});

export function insertIncident(db: Store, incident: Incident): void {
  db.prepare(
    `INSERT INTO incidents (id, title, severity, status, created_at)
     VALUES (@id, @title, @severity, @status, @createdAt)`,
  ).run(incident);
}

/** Newest first, as the board shows them. */
export function listIncidents(db: Store): Incident[] {
  const rows = db
    .prepare('SELECT id, title, severity, status, created_at FROM incidents ORDER BY created_at DESC, id')
    .all() as IncidentRow[];
  return rows.map(fromRow);
}
