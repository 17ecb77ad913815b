import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { STORE_FILE } from '../../electron/core/core';
import { openRoom } from '../../electron/core/docs/room-store';
import { incidentRoom } from '../../electron/core/incidents/service';
import { createAuthor } from '../../electron/core/workspace/author';
import { loadLocalIdentity } from '../../electron/core/workspace/local-identity';
import { foldIncident, planOrThrow } from '../../shared/incident-record';
import { runMuster } from '../support/muster-process';
import { tempDir } from '../support/temp-dir';

/** Runs the built CLI with --json on `data`, failing the test on a non-zero exit. */
function muster(data: string, ...args: string[]) {
  const run = runMuster(['--data', data, '--json', ...args]);
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

describe('a resolve concurrent with an escalation', () => {
  it('surfaces as a conflict that a commander settles from the CLI', () => {
    const data = tempDir();
    const me = muster(data, 'init', '--workspace', 'Riverton', '--department', 'energy', '--user', 'Bo');
    const { id } = muster(
      data,
      'incident',
      'create',
      '--title',
      'Substation 14 outage',
      '--severity',
      'major',
    );
    muster(data, 'incident', 'update', id, '--status', 'acknowledged');
    muster(data, 'incident', 'update', id, '--status', 'active');
    const seen = muster(data, 'incident', 'show', id);

    // One workstation resolves...
    muster(data, 'incident', 'update', id, '--status', 'resolved');
    // ...while another, still seeing it active (offline), escalates it. Written as that
    // workstation would: planned against what it saw, signed, and appended to the room.
    const db = new Database(path.join(data, STORE_FILE));
    const identity = loadLocalIdentity(db)!;
    const actor = { id: me.member.memberId, role: me.member.role, department: me.member.department };
    const members = new Map([[actor.id, { role: actor.role, department: actor.department }]]);
    const room = openRoom(db, incidentRoom(id));
    const offlineView = foldIncident(
      room.events().filter((e) => seen.timeline.some((t: { eventId: string }) => t.eventId === e.id)),
      { incidentId: id, members },
    );
    const escalation = planOrThrow(offlineView, { kind: 'update', severity: 'critical' }, actor);
    const written = createAuthor(db, identity).write(room, escalation.type, escalation.payload);
    room.close();
    db.close();

    const contested = muster(data, 'incident', 'show', id);
    const [conflict] = contested.conflicts;
    expect(conflict).toMatchObject({ kind: 'resolve-vs-escalate', status: 'open' });
    expect(muster(data, 'incident', 'list')[0].openConflicts).toBe(1);

    // The commander sides with the escalation: the incident is active again, and critical.
    muster(data, 'incident', 'resolve-conflict', id, '--conflict', conflict.id, '--choose', written.id);
    const settled = muster(data, 'incident', 'show', id);
    expect(settled).toMatchObject({ status: 'active', severity: 'critical' });
    expect(settled.conflicts[0].status).toBe('resolved');
    expect(muster(data, 'incident', 'list')[0].openConflicts).toBe(0);
  }, 60_000);
});
