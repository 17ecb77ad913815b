import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import type { IncidentDetail, MusterEvent, WhoAmI } from '../../../shared/contract';
import type { IncidentSummary } from '../../../shared/incident';
import { createCore, STORE_FILE, type Core } from '../../../electron/core/core';
import { openRoom } from '../../../electron/core/docs/room-store';
import { MusterError } from '../../../electron/core/errors';
import { incidentRoom } from '../../../electron/core/incidents/service';
import { createAuthor } from '../../../electron/core/workspace/author';
import { loadLocalIdentity } from '../../../electron/core/workspace/local-identity';
import { tempDir } from '../../support/temp-dir';
import { coreWithWorkspace, createIncident } from '../../support/workspace';

async function rejection(promise: Promise<unknown>): Promise<MusterError> {
  const error = await promise.then(
    () => expect.unreachable('call should have been rejected'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MusterError);
  return error as MusterError;
}

async function opened(options?: Parameters<typeof coreWithWorkspace>[0]) {
  const result = await coreWithWorkspace(options);
  onTestFinished(() => result.core.close());
  return result;
}

const show = (core: Core, id: string) => core.call('showIncident', { id }) as Promise<IncidentDetail>;
const list = (core: Core, filter = {}) => core.call('listIncidents', filter) as Promise<IncidentSummary[]>;

/** Another connection to a core's store, as a second process or a sync peer would have. */
function storeOf(dataDir: string) {
  const db = new Database(path.join(dataDir, STORE_FILE));
  onTestFinished(() => void db.close());
  return db;
}

describe('core: incidents in a workspace', () => {
  it('refuses incident work before a workspace exists, and changes nothing', async () => {
    const core = createCore({ dataDir: tempDir(), host: 'cli' });
    onTestFinished(() => core.close());
    expect(await core.call('whoAmI', {})).toBeNull();
    const error = await rejection(core.call('createIncident', { title: 'x', severity: 'major' }));
    expect([error.code, error.message]).toEqual(['precondition', expect.stringContaining('muster init')]);
  });

  it('announces a new workspace to every window', async () => {
    const core = createCore({ dataDir: tempDir(), host: 'desktop' });
    onTestFinished(() => core.close());
    const seen: MusterEvent[] = [];
    core.onEvent((e) => seen.push(e));
    await core.call('initWorkspace', { workspace: 'Riverton', department: 'it', user: 'Cy' });
    expect(seen).toEqual([
      {
        type: 'workspace.changed',
        me: expect.objectContaining({ member: expect.objectContaining({ user: 'Cy', role: 'admin' }) }),
      },
    ]);
  });

  it('records a new incident as reported, lists it, and shows its log', async () => {
    const { core } = await opened();
    const created = await createIncident(core, {
      title: '  Signal failure at Ring Road 2 ',
      leadDepartment: 'traffic',
    });
    expect(created).toMatchObject({
      title: 'Signal failure at Ring Road 2',
      severity: 'major',
      status: 'reported',
      category: 'Other',
      tlp: 'GREEN',
      leadDepartment: 'traffic',
    });
    expect(await list(core)).toEqual([created]);
    const detail = await show(core, created.id);
    expect(detail.timeline).toMatchObject([{ kind: 'created', department: 'traffic' }]);
    expect(detail.untrustedEvents).toEqual([]);
  });

  it('keeps incidents and their history across a restart', async () => {
    const { core, dataDir } = await coreWithWorkspace();
    const { id } = await createIncident(core);
    await core.call('changeIncidentStatus', { id, to: 'acknowledged' });
    core.close();
    const again = createCore({ dataDir, host: 'cli' });
    onTestFinished(() => again.close());
    expect((await show(again, id)).status).toBe('acknowledged');
    expect(await list(again, { status: ['acknowledged'] })).toHaveLength(1);
  });

  it('pushes incident.changed for every change', async () => {
    const { core } = await opened();
    const seen: MusterEvent[] = [];
    core.onEvent((e) => seen.push(e));
    const { id } = await createIncident(core);
    await core.call('addLogEntry', { id, text: 'Crews on site' });
    expect(seen.map((e) => e.type)).toEqual(['incident.changed', 'incident.changed']);
  });

  it('filters the board by status, severity and department, most severe first', async () => {
    const { core } = await opened();
    await createIncident(core, { title: 'minor one', severity: 'minor', leadDepartment: 'police' });
    const critical = await createIncident(core, {
      title: 'critical one',
      severity: 'critical',
      departments: ['energy'],
    });
    await createIncident(core, { title: 'major one', severity: 'major' });
    expect((await list(core)).map((i) => i.title)).toEqual(['critical one', 'major one', 'minor one']);
    expect((await list(core, { severity: ['critical', 'minor'] })).map((i) => i.title)).toEqual([
      'critical one',
      'minor one',
    ]);
    expect(await list(core, { department: 'energy' })).toEqual([
      expect.objectContaining({ id: critical.id }),
    ]);
  });

  it('finds incidents by words in titles, descriptions and log entries', async () => {
    const { core } = await opened();
    const flood = await createIncident(core, {
      title: 'Flooded underpass',
      description: 'Canal Street, two cars stuck',
    });
    await core.call('addLogEntry', { id: flood.id, text: 'Pumps requested from the fire brigade' });
    await createIncident(core, { title: 'Ransomware on signal controllers' });
    const hits = (await core.call('searchIncidents', { query: 'pump' })) as {
      incidentId: string;
      kind: string;
    }[];
    expect(hits).toEqual([expect.objectContaining({ incidentId: flood.id, kind: 'log' })]);
    expect(await core.call('searchIncidents', { query: 'canal "street' })).toHaveLength(1);
  });

  it.each([
    ['createIncident', { title: '', severity: 'major' }, 'invalid_params', 'title'],
    ['createIncident', { title: 'x', severity: 'huge' }, 'invalid_params', 'severity'],
    [
      'createIncident',
      { title: 'x', severity: 'major', status: 'closed' },
      'invalid_params',
      'unknown field',
    ],
    ['createIncident', { title: 'x'.repeat(201), severity: 'major' }, 'invalid_params', 'at most 200'],
    [
      'createIncident',
      { title: 'x', severity: 'major', description: 'y'.repeat(20_001) },
      'invalid_params',
      'description',
    ],
    ['showIncident', { id: '00000000-0000-4000-8000-000000000000' }, 'not_found', 'no incident'],
    ['showIncident', { id: '../../etc/passwd' }, 'invalid_params', 'id'],
    [
      'addLogEntry',
      { id: '00000000-0000-4000-8000-000000000000', text: 'x' },
      'not_found',
      'not been created',
    ],
  ])('%s %j is refused (%s) and nothing is stored', async (method, params, code, message) => {
    const { core } = await opened();
    const error = await rejection(core.call(method, params));
    expect(error.code).toBe(code);
    expect(error.message).toContain(message);
    expect(await list(core)).toEqual([]);
  });

  it('refuses an invalid status transition and leaves the incident as it was', async () => {
    const { core } = await opened();
    const { id } = await createIncident(core);
    const before = await show(core, id);
    const error = await rejection(core.call('changeIncidentStatus', { id, to: 'closed' }));
    expect([error.code, error.message]).toEqual([
      'precondition',
      expect.stringContaining('reported -> closed'),
    ]);
    expect(await show(core, id)).toEqual(before);
  });

  it('refuses an unknown method, including names inherited from Object', async () => {
    const { core } = await opened();
    for (const method of ['dropEverything', 'toString', '__proto__', 'constructor']) {
      expect((await rejection(core.call(method, {}))).code).toBe('unknown_method');
    }
  });
});

describe('core: trust', () => {
  it('leaves a forged event out of the incident and reports it', async () => {
    const { core, dataDir } = await opened();
    const { id } = await createIncident(core);
    await core.call('addLogEntry', { id, text: 'Crews on site' });
    const db = storeOf(dataDir);
    const room = openRoom(db, incidentRoom(id));
    const note = room.events().find((e) => e.type === 'log.note')!;
    // The same author and signature, but a different text: the signature no longer matches.
    room.appendEvent({
      ...note,
      id: `${note.id.slice(0, -4)}beef`,
      payload: { ...(note.payload as object), text: 'All clear, go home' },
    });
    room.close();

    const detail = await show(core, id);
    expect(detail.timeline.map((e) => e.text)).not.toContain('All clear, go home');
    expect(detail.untrustedEvents).toEqual([expect.objectContaining({ reason: 'bad_signature' })]);
  });

  it('does not trust a member certified by another workspace', async () => {
    const { core: ours, dataDir } = await opened({ department: 'police' });
    const { core: theirs, dataDir: theirDir } = await opened({ department: 'police' });
    const { id } = await createIncident(ours);
    // Their member writes into a copy of our incident, and their certificates reach our directory.
    const theirDb = storeOf(theirDir);
    const theirDirectory = openRoom(theirDb, 'directory').events();
    await createIncident(theirs);
    const ourDb = storeOf(dataDir);
    const directory = openRoom(ourDb, 'directory');
    for (const event of theirDirectory.filter((e) => e.type !== 'workspace.created'))
      directory.appendEvent(event);
    directory.close();
    const [theirIncident] = (await list(theirs)) as IncidentSummary[];
    const forged = openRoom(theirDb, incidentRoom(theirIncident!.id)).events()[0]!;
    const target = openRoom(ourDb, incidentRoom(id));
    target.appendEvent({ ...forged, payload: { ...(forged.payload as object), incidentId: id } });
    target.close();

    const detail = await show(ours, id);
    expect(detail.title).toBe('Substation 14 outage');
    expect(detail.untrustedEvents).toEqual([expect.objectContaining({ reason: 'unknown_device' })]);
    expect((await ours.call('listMembers', {})) as unknown[]).toHaveLength(1);
  });
});

describe('core: another process on the same data folder', () => {
  it('a watching core announces incidents another core wrote', async () => {
    const { core: desktop, dataDir } = await opened();
    desktop.close();
    const watching = createCore({ dataDir, host: 'desktop', watchIntervalMs: 20 });
    onTestFinished(() => watching.close());
    const seen: MusterEvent[] = [];
    watching.onEvent((e) => seen.push(e));
    const cli = createCore({ dataDir, host: 'cli' });
    onTestFinished(() => cli.close());
    const created = await createIncident(cli, { title: 'Written by the CLI' });
    await vi.waitFor(() => expect(seen).toEqual([{ type: 'incident.changed', incident: created }]));
  });
});

describe('core: departments', () => {
  it('counts only departments an administrator added', async () => {
    const { core: admin, dataDir } = await opened();
    const invite = { department: 'police', role: 'commander', user: 'Hal' };
    const { bundle } = (await admin.call('inviteMember', invite)) as { bundle: string };
    const laptopDir = tempDir();
    const laptop = createCore({ dataDir: laptopDir, host: 'cli' });
    onTestFinished(() => laptop.close());
    await laptop.call('joinWorkspace', { bundle });
    const fire = { id: 'fire', name: 'Fire', colour: '#b91c1c' };
    expect((await rejection(laptop.call('addDepartment', fire))).code).toBe('forbidden');

    // Written anyway, signed by the commander's own device, and delivered with their certificates.
    const laptopDb = storeOf(laptopDir);
    const room = openRoom(laptopDb, 'directory');
    createAuthor(laptopDb, loadLocalIdentity(laptopDb)!).write(room, 'department.added', {
      department: fire,
    });
    const delivered = room.events();
    room.close();
    const adminRoom = openRoom(storeOf(dataDir), 'directory');
    const known = new Set(adminRoom.events().map((e) => e.id));
    for (const event of delivered) if (!known.has(event.id)) adminRoom.appendEvent(event);
    adminRoom.close();

    const members = (await admin.call('listMembers', {})) as { user: string; devices: number }[];
    expect(members).toContainEqual(expect.objectContaining({ user: 'Hal', devices: 1 }));
    const me = (await admin.call('whoAmI', {})) as WhoAmI;
    expect(me.workspace.departments.map((d) => d.id)).toEqual(['police', 'traffic', 'energy', 'it']);
  });
});

describe('core: certificates that arrive late', () => {
  it('folds a member’s events into the board once their certificates arrive', async () => {
    const { core: admin, dataDir } = await opened();
    const { id } = await createIncident(admin);
    const { bundle } = (await admin.call('inviteMember', {
      department: 'energy',
      role: 'responder',
      user: 'Ivo',
    })) as {
      bundle: string;
    };
    const laptopDir = tempDir();
    const laptop = createCore({ dataDir: laptopDir, host: 'cli' });
    onTestFinished(() => laptop.close());
    await laptop.call('joinWorkspace', { bundle });

    // The laptop acknowledges a copy of the incident; the event reaches the admin before the
    // laptop's device certificate does.
    const adminDb = storeOf(dataDir);
    const laptopDb = storeOf(laptopDir);
    const laptopDirectory = openRoom(laptopDb, 'directory');
    for (const event of openRoom(adminDb, 'directory').events()) laptopDirectory.appendEvent(event);
    laptopDirectory.close();
    const copy = openRoom(laptopDb, incidentRoom(id));
    for (const event of openRoom(adminDb, incidentRoom(id)).events()) copy.appendEvent(event);
    copy.close();
    await laptop.call('changeIncidentStatus', { id, to: 'acknowledged' });
    const acknowledged = openRoom(laptopDb, incidentRoom(id))
      .events()
      .find((e) => e.type === 'incident.status_changed')!;
    const target = openRoom(adminDb, incidentRoom(id));
    target.appendEvent(acknowledged);
    target.close();
    expect((await list(admin))[0]!.status).toBe('reported');

    const directory = openRoom(adminDb, 'directory');
    const known = new Set(directory.events().map((e) => e.id));
    for (const event of openRoom(laptopDb, 'directory').events())
      if (!known.has(event.id)) directory.appendEvent(event);
    directory.close();
    expect((await list(admin))[0]!.status).toBe('acknowledged');
  });
});
