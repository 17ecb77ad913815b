/**
 * The hub's plain HTTP side and its lifecycle (DESIGN.md section 4): health, metrics, the
 * authenticated room list, refusals of other paths and methods, revocation of a member while
 * connected, and a clean shutdown that leaves everything acknowledged on disk.
 */
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { authorizationFor } from '../../../electron/core/sync/hub-auth';
import { awarenessMessage, syncStep1Message, updateMessage } from '../../../electron/core/sync/protocol';
import type { IncidentSummary } from '../../../shared/incident';
import type { SyncResult } from '../../../shared/sync';
import {
  adminCopy,
  certifiedWorkspace,
  connectRaw,
  credentialsFor,
  documentOf,
  enrolMember,
  expectHubServes,
  hubFor,
  metricValue,
  probeUpdate,
  roomPath,
  tryConnect,
  waitUntil,
  workspacePublicOf,
} from '../../support/sync';
import { tempDir } from '../../support/temp-dir';
import { createIncident } from '../../support/workspace';

// Cores, hubs and the update-check worker start from the TypeScript sources: slow on a busy machine.
vi.setConfig({ testTimeout: 30_000 });

const httpOf = (hubUrl: string) => hubUrl.replace(/^ws/, 'http');

async function get(hubUrl: string, urlPath: string, init: RequestInit = {}) {
  const response = await fetch(`${httpOf(hubUrl)}${urlPath}`, init);
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type'), text };
}

const json = (text: string): unknown => JSON.parse(text);

async function healthOf(hubUrl: string) {
  const response = await get(hubUrl, '/healthz');
  expect(response).toMatchObject({ status: 200, type: 'application/json' });
  return json(response.text);
}

describe('GET /healthz', () => {
  it('answers JSON with the workspaces, rooms and connections it holds', async () => {
    const city = certifiedWorkspace();
    const other = certifiedWorkspace('Town of Elm Creek');
    const hub = await hubFor([city.workspace, other.workspace]);
    // Each workspace's directory room stays loaded: every write is checked against it.
    expect(await healthOf(hub.url)).toEqual({ status: 'ok', workspaces: 2, rooms: 2, connections: 0 });

    const member = city.member('responder');
    const a = await connectRaw(hub.url, roomPath(city.workspace.id, 'incident:a'), member);
    await connectRaw(hub.url, roomPath(city.workspace.id, 'incident:a'), city.member('viewer'));
    await connectRaw(hub.url, roomPath(city.workspace.id, 'incident:b'), member);
    expect(await healthOf(hub.url)).toEqual({ status: 'ok', workspaces: 2, rooms: 4, connections: 3 });
    // A query string does not change the path; nothing in it is looked at.
    expect((await get(hub.url, '/healthz?token=abc')).status).toBe(200);

    a.socket.close();
    await a.closed;
    let health = await healthOf(hub.url);
    for (let i = 0; i < 50 && (health as { connections: number }).connections !== 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      health = await healthOf(hub.url);
    }
    // incident:a still has its viewer, so it stays loaded.
    expect(health).toEqual({ status: 'ok', workspaces: 2, rooms: 4, connections: 2 });
  });
});

describe('GET /metrics', () => {
  it('exposes the counters in the Prometheus text format after some traffic', async () => {
    const city = certifiedWorkspace();
    const hub = await hubFor([city.workspace]);
    const room = roomPath(city.workspace.id, 'incident:metrics');
    const writer = city.member('responder');
    const viewer = city.member('viewer', 'energy');

    const before = await get(hub.url, '/metrics');
    expect(before.status).toBe(200);
    expect(before.type).toBe('text/plain; version=0.0.4');
    expect(before.text).toMatch(/^muster_hub_connections_total 0$/m);
    expect(before.text).toMatch(/^muster_hub_updates_applied_total 0$/m);

    await expectHubServes(hub, {
      workspaceId: city.workspace.id,
      room: 'incident:metrics',
      writer,
      reader: viewer,
    });
    const readOnly = await connectRaw(hub.url, room, viewer);
    readOnly.send(updateMessage(probeUpdate('dropped', viewer).update));
    readOnly.send(awarenessMessage(Uint8Array.from([0])));
    readOnly.send(syncStep1Message(Uint8Array.from([0])));
    await waitUntil(
      () => readOnly.messages().some((m) => m.kind === 'sync-step-2'),
      'the viewer to be answered',
    );
    expect((await tryConnect(hub.url, room, undefined)).status).toBe(401);
    expect((await tryConnect(hub.url, room, authorizationFor(writer, '/elsewhere'))).status).toBe(401);
    expect((await tryConnect(hub.url, roomPath('unknown', 'incident:x'), writer)).status).toBe(404);
    const rude = await connectRaw(hub.url, room, writer);
    rude.send('text');
    expect((await rude.closed).code).toBe(1003);

    await waitUntil(() => metricValue(hub, 'muster_hub_connections_total') === 4, 'four connections');
    let health = (await healthOf(hub.url)) as { connections: number };
    for (let i = 0; i < 50 && health.connections !== 1; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      health = (await healthOf(hub.url)) as { connections: number };
    }
    const { status, text } = await get(hub.url, '/metrics');
    expect(status).toBe(200);
    const series = new Map(
      text
        .split('\n')
        .filter((line) => line && !line.startsWith('#'))
        .map((line) => {
          const space = line.lastIndexOf(' ');
          return [line.slice(0, space), Number(line.slice(space + 1))] as const;
        }),
    );
    expect(Object.fromEntries(series)).toMatchObject({
      // reader + writer of the probe, the viewer again, and the rude one
      muster_hub_connections_total: 4,
      muster_hub_connections: 1,
      // incident:metrics (the viewer's) and the directory, which stays loaded
      muster_hub_rooms_open: 2,
      muster_hub_updates_applied_total: 1,
      'muster_hub_messages_total{kind="update"}': 2,
      'muster_hub_messages_total{kind="awareness"}': 1,
      'muster_hub_messages_total{kind="sync-step-1"}': 1,
      'muster_hub_messages_dropped_total{kind="update"}': 1,
      'muster_hub_messages_dropped_total{kind="awareness"}': 1,
      'muster_hub_refusals_total{status="401"}': 2,
      'muster_hub_refusals_total{status="404"}': 1,
      'muster_hub_connections_closed_total{reason="unsupported_data"}': 1,
      muster_hub_update_check_restarts_total: 0,
    });
    expect(series.get('muster_hub_bytes_received_total')).toBeGreaterThan(20);
    // Well-formed exposition: every line a comment or `name{labels} value`, every name announced.
    for (const line of text.trimEnd().split('\n')) {
      expect(line).toMatch(
        /^(# (HELP|TYPE) muster_hub_[a-z_]+ .+|muster_hub_[a-z_]+(\{[a-z_]+="[^"]*"\})? \d+)$/,
      );
    }
    for (const name of new Set([...series.keys()].map((k) => k.replace(/\{.*/, '')))) {
      expect(text).toMatch(new RegExp(`^# TYPE ${name} (counter|gauge)$`, 'm'));
      expect(text).toMatch(new RegExp(`^# HELP ${name} `, 'm'));
    }
    expect(text.endsWith('\n')).toBe(true);
    // The metrics object the hub exposes is the one /metrics renders.
    expect(metricValue(hub, 'muster_hub_updates_applied_total')).toBe(1);
  });
});

describe('GET /w/<workspace>/_rooms', () => {
  it('lists the rooms to an authenticated member only', async () => {
    const city = certifiedWorkspace();
    const other = certifiedWorkspace('Town of Elm Creek');
    const hub = await hubFor([city.workspace, other.workspace]);
    const member = city.member('responder');
    const roomsPath = `/w/${city.workspace.id}/_rooms`;
    const list = (header: string | undefined, urlPath = roomsPath) =>
      get(hub.url, urlPath, header ? { headers: { authorization: header } } : {});

    expect(await list(authorizationFor(member, roomsPath))).toMatchObject({
      status: 200,
      text: '{"rooms":[]}',
    });
    for (const room of ['incident:b', 'directory', 'incident:a']) {
      await expectHubServes(hub, {
        workspaceId: city.workspace.id,
        room,
        writer: member,
        reader: city.member('viewer'),
      });
    }
    // Another workspace on the same hub holds rooms of its own.
    await expectHubServes(hub, {
      workspaceId: other.workspace.id,
      room: 'incident:elsewhere',
      writer: other.member('admin'),
      reader: other.member('viewer'),
    });
    const listed = await list(authorizationFor(city.member('viewer'), roomsPath));
    expect(listed).toMatchObject({ status: 200, type: 'application/json' });
    expect((json(listed.text) as { rooms: string[] }).rooms.sort()).toEqual([
      'directory',
      'incident:a',
      'incident:b',
    ]);

    const header = authorizationFor(member, roomsPath);
    expect((await list(header)).status).toBe(200);
    const refusals: [string | undefined, number, string, string?][] = [
      [undefined, 401, 'no credentials'],
      ['Muster garbage', 401, 'token is not valid JSON'],
      [header, 401, 'token replayed'],
      [
        authorizationFor(member, roomPath(city.workspace.id, 'incident:a')),
        401,
        'token was made for another path',
      ],
      [
        authorizationFor(member, roomsPath, Date.now() - 10 * 60_000),
        401,
        'token expired or clock skew above 5 minutes',
      ],
      [authorizationFor(other.member('admin', 'police', 'Olaf'), roomsPath), 403, 'is for another workspace'],
      [
        authorizationFor(member, '/w/unknown/_rooms'),
        404,
        'no workspace unknown on this hub',
        '/w/unknown/_rooms',
      ],
    ];
    for (const [value, status, reason, urlPath = roomsPath] of refusals) {
      const response = await list(value, urlPath);
      expect(response, reason).toMatchObject({ status, type: 'application/json' });
      expect((json(response.text) as { error: string }).error).toContain(reason);
      expect(
        hub.lines.some((l) => l.startsWith(`refused 127.0.0.1 ${urlPath}: `) && l.includes(reason)),
      ).toBe(true);
    }
    expect(hub.lines.join('\n')).not.toMatch(/[A-Za-z0-9_-]{80,}/);
  });
});

describe('other paths and methods', () => {
  it('answers 404 to unknown paths and 405 to anything but GET', async () => {
    const city = certifiedWorkspace();
    const hub = await hubFor([city.workspace]);
    for (const urlPath of [
      '/',
      '/w',
      `/w/${city.workspace.id}`,
      `/w/${city.workspace.id}/`,
      `/w/${city.workspace.id}/incident:a`,
      `/w/${city.workspace.id}/_rooms/x`,
      '/healthz/x',
      '/metricsx',
      '/w/has space/_rooms',
      `/${'x'.repeat(2000)}`,
    ]) {
      const response = await get(hub.url, urlPath);
      expect(response, urlPath).toEqual({
        status: 404,
        type: 'application/json',
        text: '{"error":"not found"}',
      });
    }
    for (const [method, urlPath] of [
      ['POST', '/healthz'],
      ['PUT', '/metrics'],
      ['DELETE', `/w/${city.workspace.id}/_rooms`],
      ['PATCH', '/nowhere'],
      ['HEAD', '/healthz'],
      ['OPTIONS', '/healthz'],
    ] as const) {
      const response = await fetch(`${httpOf(hub.url)}${urlPath}`, {
        method,
        ...(method === 'POST' ? { body: 'x'.repeat(1000) } : {}),
      });
      expect(response.status, `${method} ${urlPath}`).toBe(405);
      if (method !== 'HEAD') expect(await response.json()).toEqual({ error: 'only GET is served' });
    }
    // Still healthy.
    expect(await healthOf(hub.url)).toMatchObject({ status: 'ok' });
  });
});

describe('revocation', () => {
  it("closes a revoked member's open connections (4403) once the hub has the admin's event, and refuses them after", async () => {
    const police = await adminCopy();
    const traffic = await enrolMember(police.core, {
      department: 'traffic',
      role: 'responder',
      user: 'Tom Berg',
    });
    const energy = await enrolMember(police.core, {
      department: 'energy',
      role: 'responder',
      user: 'Eva Lund',
    });
    const workspace = await workspacePublicOf(police.core);
    const dataDir = tempDir('muster-hub-');
    const hub = await hubFor([workspace], { dataDir });
    const tom = credentialsFor(traffic.dataDir);
    const eva = credentialsFor(energy.dataDir);
    expect(await traffic.core.call('syncNow', { hubs: [hub.url] })).toMatchObject({ inSync: true });

    const open = await Promise.all(
      ['incident:a', 'directory'].map((room) => connectRaw(hub.url, roomPath(workspace.id, room), tom)),
    );
    const bystander = await connectRaw(hub.url, roomPath(workspace.id, 'incident:a'), eva);
    await police.core.call('revokeMember', { memberId: tom.member.memberId, reason: 'laptop stolen' });
    // Nothing changes at the hub until it has the signed event.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(open.every((c) => c.isOpen())).toBe(true);

    expect(await police.core.call('syncNow', { hubs: [hub.url] })).toMatchObject({ inSync: true });
    for (const connection of open) {
      expect(await connection.closed).toEqual({ code: 4403, reason: 'member revoked: laptop stolen' });
    }
    expect(metricValue(hub, 'muster_hub_connections_closed_total{reason="revoked"}')).toBe(2);
    const closings = hub.lines.filter((l) => l.startsWith(`closed member=${tom.member.memberId} `));
    expect(closings).toHaveLength(2);
    expect(closings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/ room=incident:a: member revoked: laptop stolen$/),
        expect.stringMatching(/ room=directory: member revoked: laptop stolen$/),
      ]),
    );

    // New attempts are refused, on every route, and say why.
    const room = roomPath(workspace.id, 'incident:a');
    expect(await tryConnect(hub.url, room, tom)).toEqual({ status: 403 });
    expect(hub.lines).toContain(`refused 127.0.0.1 ${room}: member ${tom.member.memberId} is revoked`);
    const roomsPath = `/w/${workspace.id}/_rooms`;
    expect(
      await get(hub.url, roomsPath, { headers: { authorization: authorizationFor(tom, roomsPath) } }),
    ).toMatchObject({
      status: 403,
    });
    const sync = (await traffic.core.call('syncNow', { hubs: [hub.url], timeoutMs: 300 })) as SyncResult;
    expect(sync.inSync).toBe(false);

    // Everyone else carries on.
    expect(bystander.isOpen()).toBe(true);
    await expectHubServes(hub, {
      workspaceId: workspace.id,
      room: 'incident:a',
      writer: credentialsFor(police.dataDir),
      reader: bystander,
    });

    // A restarted hub reads the revocation from its store.
    await hub.close();
    const again = await hubFor([workspace], { dataDir });
    expect(await tryConnect(again.url, room, tom)).toEqual({ status: 403 });
    expect((await tryConnect(again.url, room, eva)).status).toBe(101);
  });
});

describe('graceful close', () => {
  it('closes connections with 1001 and leaves everything acknowledged complete in the store file', async () => {
    const police = await adminCopy();
    const traffic = await enrolMember(police.core, {
      department: 'traffic',
      role: 'responder',
      user: 'Tom Berg',
    });
    const workspace = await workspacePublicOf(police.core);
    const dataDir = tempDir('muster-hub-');
    const hub = await hubFor([workspace], { dataDir });

    const incident = await createIncident(police.core, { title: 'Gas leak on Mill Street' });
    await police.core.call('addLogEntry', { id: incident.id, text: 'Street closed' });
    const synced = (await police.core.call('syncNow', { hubs: [hub.url] })) as SyncResult;
    expect(synced).toMatchObject({ inSync: true });
    const writer = credentialsFor(police.dataDir);
    const room = roomPath(workspace.id, 'incident:raw');
    const watcher = await connectRaw(hub.url, room, credentialsFor(traffic.dataDir));
    await expectHubServes(hub, { workspaceId: workspace.id, room: 'incident:raw', writer, reader: watcher });
    const acknowledged = [...documentOf(watcher).getMap('events').keys()];
    expect(acknowledged).toHaveLength(1);

    await hub.close();
    expect(await watcher.closed).toEqual({ code: 1001, reason: 'hub is shutting down' });
    expect(hub.lines.at(-1)).toBe('stopped');
    await expect(fetch(`${httpOf(hub.url)}/healthz`)).rejects.toThrow();
    await hub.close(); // twice is harmless

    // The store file alone holds it all: no write-ahead log is left to lose.
    const store = path.join(dataDir, 'workspaces', `${workspace.id}.db`);
    const wal = `${store}-wal`;
    expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true);
    const moved = tempDir('muster-hub-');
    mkdirSync(path.join(moved, 'workspaces'));
    copyFileSync(store, path.join(moved, 'workspaces', `${workspace.id}.db`));

    const next = await hubFor([workspace], { dataDir: moved });
    const reader = await connectRaw(next.url, room, credentialsFor(traffic.dataDir));
    reader.send(syncStep1Message(Uint8Array.from([0])));
    await waitUntil(
      () => reader.messages().some((m) => m.kind === 'sync-step-2'),
      'the room from the new hub',
    );
    expect([...documentOf(reader).getMap('events').keys()]).toEqual(acknowledged);

    expect(await traffic.core.call('syncNow', { hubs: [next.url] })).toMatchObject({ inSync: true });
    const seen = (await traffic.core.call('listIncidents', {})) as IncidentSummary[];
    expect(seen.map((i) => i.title)).toEqual(['Gas leak on Mill Street']);
    expect(await traffic.core.call('showIncident', { id: incident.id })).toEqual(
      await police.core.call('showIncident', { id: incident.id }),
    );
  });
});
