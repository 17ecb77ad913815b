/**
 * Where each run lives (migration 0005), kept up to date from the room log like the board: rooms
 * written since the index last looked are scanned for `run.started` events.
 */
import type { EventEnvelope } from '../../../shared/events';
import type { Store } from '../db/open';
import { latestRoomSeq, roomsChangedSince } from '../docs/update-log';

export const EXERCISE_ROOM_PREFIX = 'exercise:';
export const exerciseRoom = (runId: string) => `${EXERCISE_ROOM_PREFIX}${runId}`;

export type RunLocation = { runId: string; room: string; incidentId: string; exercise: boolean };

type Row = { run_id: string; room: string; incident_id: string; exercise: number };
const fromRow = (row: Row): RunLocation => ({
  runId: row.run_id,
  room: row.room,
  incidentId: row.incident_id,
  exercise: row.exercise === 1,
});

const MARK = 'runs';

/** Rooms with events written since the index last looked; the caller scans them and calls `advance`. */
export function roomsToIndex(db: Store): { rooms: string[]; advance: () => void } {
  const latest = latestRoomSeq(db);
  const mark =
    (db.prepare('SELECT seq FROM projection_marks WHERE name = ?').pluck().get(MARK) as number) ?? 0;
  return {
    rooms: latest > mark ? roomsChangedSince(db, mark) : [],
    advance: () =>
      db
        .prepare(
          'INSERT INTO projection_marks (name, seq) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET seq = max(seq, excluded.seq)',
        )
        .run(MARK, latest),
  };
}

/** Records the runs whose start events are among `events` (verified, from `room`). */
export function indexRuns(db: Store, room: string, events: readonly EventEnvelope[]): void {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO playbook_runs (run_id, room, incident_id, playbook_id, exercise, started_hlc)
     VALUES (@runId, @room, @incidentId, @playbookId, @exercise, @startedHlc)`,
  );
  for (const event of events) {
    if (event.type !== 'run.started') continue;
    const p = event.payload as {
      runId?: unknown;
      incidentId?: unknown;
      template?: { id?: unknown };
      exercise?: unknown;
    };
    if (typeof p.runId !== 'string' || typeof p.incidentId !== 'string' || typeof p.template?.id !== 'string')
      continue;
    insert.run({
      runId: p.runId,
      room,
      incidentId: p.incidentId,
      playbookId: p.template.id,
      exercise: p.exercise ? 1 : 0,
      startedHlc: event.hlc,
    });
  }
}

export function findRun(db: Store, runId: string): RunLocation | null {
  const row = db
    .prepare('SELECT run_id, room, incident_id, exercise FROM playbook_runs WHERE run_id = ?')
    .get(runId) as Row | undefined;
  return row ? fromRow(row) : null;
}

/** Runs in start order, of one incident or of all. */
export function listRunLocations(db: Store, incidentId?: string): RunLocation[] {
  const rows = (
    incidentId === undefined
      ? db
          .prepare(
            'SELECT run_id, room, incident_id, exercise FROM playbook_runs ORDER BY started_hlc, run_id',
          )
          .all()
      : db
          .prepare(
            'SELECT run_id, room, incident_id, exercise FROM playbook_runs WHERE incident_id = ? ORDER BY started_hlc, run_id',
          )
          .all(incidentId)
  ) as Row[];
  return rows.map(fromRow);
}

export function forgetRun(db: Store, runId: string): void {
  db.prepare('DELETE FROM playbook_runs WHERE run_id = ?').run(runId);
}
