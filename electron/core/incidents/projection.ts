/**
 * The board and search tables, rewritten from an incident's fold whenever its room changes. They are
 * projections: dropping them and refolding every room gives them back.
 */
import type { IncidentSummary } from '../../../shared/incident';
import { SEVERITIES, type IncidentRecord } from '../../../shared/incident-record';
import type { Store } from '../db/open';

import type { IncidentFilter } from '../../../shared/contract';

import type { SearchHit } from '../../../shared/contract';

type SummaryRow = {
  id: string;
  title: string;
  severity: IncidentSummary['severity'];
  status: IncidentSummary['status'];
  category: IncidentSummary['category'];
  priority: number;
  tlp: IncidentSummary['tlp'];
  lead_department: string | null;
  departments: string;
  area_name: string | null;
  lat: number | null;
  lon: number | null;
  open_conflicts: number;
  created_at: string;
  updated_at: string;
};

const SUMMARY_COLUMNS = `id, title, severity, status, category, priority, tlp, lead_department, departments,
  area_name, lat, lon, open_conflicts, created_at, updated_at`;

const fromRow = (row: SummaryRow): IncidentSummary => ({
  id: row.id,
  title: row.title,
  severity: row.severity,
  status: row.status,
  category: row.category,
  priority: row.priority,
  tlp: row.tlp,
  leadDepartment: row.lead_department,
  departments: JSON.parse(row.departments) as string[],
  areaName: row.area_name,
  position: row.lat === null || row.lon === null ? null : { lat: row.lat, lon: row.lon },
  openConflicts: row.open_conflicts,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** Incident rooms holding events that did not verify when last projected. */
export function roomsWithUntrustedEvents(db: Store): string[] {
  return db.prepare('SELECT room FROM incidents WHERE untrusted_events > 0').pluck().all() as string[];
}

/** How far the projections have read the room log. */
export function projectionMark(db: Store): number {
  return (db.prepare("SELECT seq FROM projection_marks WHERE name = 'rooms'").pluck().get() as number) ?? 0;
}

export function setProjectionMark(db: Store, seq: number): void {
  db.prepare(
    "INSERT INTO projection_marks (name, seq) VALUES ('rooms', ?) ON CONFLICT (name) DO UPDATE SET seq = max(seq, excluded.seq)",
  ).run(seq);
}

/** Replaces everything projected for this incident, in one transaction. */
export function projectIncident(
  db: Store,
  room: string,
  record: IncidentRecord,
  untrustedEvents: number,
): void {
  const created = record.created;
  if (!created) return;
  const last = record.timeline.at(-1);
  db.transaction(() => {
    db.prepare('DELETE FROM incidents WHERE id = ?').run(record.incidentId);
    db.prepare('DELETE FROM search_docs WHERE incident_id = ?').run(record.incidentId);
    db.prepare(
      `INSERT INTO incidents (id, room, title, description, category, severity, severity_rank, priority, status, tlp,
         lead_department, departments, area_name, lat, lon, open_conflicts, untrusted_events, created_at, updated_at)
       VALUES (@id, @room, @title, @description, @category, @severity, @severityRank, @priority, @status, @tlp,
         @leadDepartment, @departments, @areaName, @lat, @lon, @openConflicts, @untrustedEvents, @createdAt, @updatedAt)`,
    ).run({
      id: record.incidentId,
      room,
      title: record.title,
      description: record.description,
      category: record.category,
      severity: record.severity,
      severityRank: SEVERITIES.indexOf(record.severity),
      priority: record.priority,
      status: record.status,
      tlp: record.tlp,
      leadDepartment: record.leadDepartment,
      departments: JSON.stringify(record.departments),
      areaName: record.location?.area ?? null,
      lat: record.location?.lat ?? null,
      lon: record.location?.lon ?? null,
      openConflicts: record.owner.openConflicts.length,
      untrustedEvents,
      createdAt: created.at ?? '',
      updatedAt: last?.at ?? created.at ?? '',
    });
    const department = db.prepare('INSERT INTO incident_departments (incident_id, department) VALUES (?, ?)');
    for (const d of new Set([
      ...record.departments,
      ...(record.leadDepartment ? [record.leadDepartment] : []),
    ])) {
      department.run(record.incidentId, d);
    }
    const openTask = db.prepare(
      'INSERT INTO incident_open_tasks (incident_id, position, task_id, title, party) VALUES (?, ?, ?, ?, ?)',
    );
    record.tasks.forEach((task, position) => {
      if (task.state !== 'open') return;
      for (const party of new Set(task.raci.responsible.map((p) => `${p.kind}:${p.id}`)))
        openTask.run(record.incidentId, position, task.id, task.title, party);
    });
    const doc = db.prepare('INSERT INTO search_docs (incident_id, kind, ref, text) VALUES (?, ?, ?, ?)');
    doc.run(record.incidentId, 'title', record.incidentId, record.title);
    if (record.description) doc.run(record.incidentId, 'description', record.incidentId, record.description);
    for (const entry of record.timeline) {
      if (entry.kind === 'note' || entry.kind === 'decision')
        doc.run(record.incidentId, 'log', entry.eventId, entry.text);
    }
  })();
}

export function getIncidentSummary(db: Store, id: string): IncidentSummary | undefined {
  const row = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM incidents WHERE id = ?`).get(id) as
    SummaryRow | undefined;
  return row && fromRow(row);
}

/**
 * The board query: most severe first, newest first within a severity. The page of ids is chosen
 * from the incidents_board index alone and only those rows are read, so a large board costs no
 * more than a small one.
 */
export function listIncidentSummaries(db: Store, filter: IncidentFilter = {}): IncidentSummary[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.status?.length) {
    where.push(`status IN (${filter.status.map(() => '?').join(', ')})`);
    params.push(...filter.status);
  }
  if (filter.severity?.length) {
    where.push(`severity IN (${filter.severity.map(() => '?').join(', ')})`);
    params.push(...filter.severity);
  }
  if (filter.department) {
    where.push('id IN (SELECT incident_id FROM incident_departments WHERE department = ?)');
    params.push(filter.department);
  }
  const order = 'ORDER BY severity_rank, created_at DESC, id';
  const sql = `SELECT ${SUMMARY_COLUMNS} FROM incidents WHERE id IN (
      SELECT id FROM incidents ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ${order} LIMIT ?
    ) ${order}`;
  return (db.prepare(sql).all(...params, filter.limit ?? -1) as SummaryRow[]).map(fromRow);
}

/**
 * Full-text search over titles, descriptions and log entries, newest text first: in an operations
 * room the latest mention matters most, and ranking every match by relevance costs far more on a
 * large store (measured by `npm run bench`). The query is treated as words, not FTS5 syntax, so
 * punctuation a user types cannot make it fail.
 */
export function searchIncidents(db: Store, query: string, limit = 50): SearchHit[] {
  const words = query.match(/[\p{L}\p{N}_]+/gu) ?? [];
  if (words.length === 0) return [];
  const match = words.map((w) => `"${w}"*`).join(' ');
  return db
    .prepare(
      `SELECT d.incident_id AS incidentId, i.title AS title, d.kind AS kind,
              snippet(search_fts, 0, '[', ']', '…', 12) AS snippet
         FROM search_fts JOIN search_docs d ON d.rowid = search_fts.rowid
         JOIN incidents i ON i.id = d.incident_id
        WHERE search_fts MATCH ? ORDER BY search_fts.rowid DESC LIMIT ?`,
    )
    .all(match, limit) as SearchHit[];
}
