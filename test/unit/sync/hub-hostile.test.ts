/**
 * The hub against hostile and broken clients (DESIGN.md sections 4 and 5): every bad frame or bad
 * token costs its sender its own connection (or upgrade) and nothing else. After each one, a
 * well-behaved member's update must still be acknowledged and reach another member, and the hub's
 * log must say why the bad one was refused without ever repeating a token.
 *
 * The two tables share one hub each (started for the describe, on port 0 in its own temp folder):
 * its update-check worker costs ~0.5 s to start from the TypeScript sources, and one hub that
 * survives every attack in a row is the stronger claim anyway. Each case has its own room and
 * fresh members, and reads metrics as differences, so cases do not see each other.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { authorizationFor, type DeviceCredentials } from '../../../electron/core/sync/hub-auth';
import { startHub, type Hub } from '../../../electron/core/sync/hub/hub-server';
import type { HubLimits } from '../../../electron/core/sync/hub/limits';
import {
  awarenessMessage,
  syncStep1Message,
  syncStep2Message,
  updateMessage,
} from '../../../electron/core/sync/protocol';
import type { WorkspacePublic } from '../../../shared/identity';
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
  stateVectorsSentTo,
  tryConnect,
  waitUntil,
  workspacePublicOf,
} from '../../support/sync';
import { createIncident } from '../../support/workspace';

// Cores, hubs and the update-check worker start from the TypeScript sources: slow on a busy machine.
vi.setConfig({ testTimeout: 30_000 });

const LIMITS: Partial<HubLimits> = { maxMessageBytes: 64 * 1024, messagesPerSecond: 50 };

type LoggingHub = Hub & { lines: string[] };

/** One hub for a whole describe block, on port 0 in its own temp folder. */
function sharedHub(workspaces: () => WorkspacePublic[], limits: Partial<HubLimits>): { hub: LoggingHub } {
  const shared = {} as { hub: LoggingHub };
  let dataDir = '';
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'muster-hub-'));
    const lines: string[] = [];
    const hub = await startHub({
      dataDir,
      workspaces: workspaces(),
      limits,
      log: (line) => lines.push(line),
    });
    shared.hub = Object.assign(hub, { lines });
  });
  afterAll(async () => {
    await shared.hub?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return shared;
}

/** Records every Authorization header a test makes, so the log can be checked for them. */
function tokenMaker() {
  const headers: string[] = [];
  return {
    headers,
    sign(credentials: DeviceCredentials, forPath: string, now?: number) {
      const header = authorizationFor(credentials, forPath, now);
      headers.push(header);
      return header;
    },
  };
}

/** No log line holds a token, its signature or nonce, or any run of base64url long enough to be one. */
function expectLogFreeOfTokens(lines: readonly string[], headers: readonly string[]) {
  const log = lines.join('\n');
  for (const header of headers) {
    const encoded = header.split(' ')[1] ?? '';
    if (encoded.length < 20) continue; // nothing secret in it (and 'Muster' is in the reasons)
    expect(log).not.toContain(encoded.slice(0, 40));
    try {
      const token = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as {
        sig?: unknown;
        nonce?: unknown;
      };
      if (typeof token.sig === 'string') expect(log).not.toContain(token.sig);
      if (typeof token.nonce === 'string') expect(log).not.toContain(token.nonce);
    } catch {
      // not a token at all
    }
  }
  expect(log).not.toMatch(/[A-Za-z0-9_-]{80,}/);
}

const bytes = (...values: number[]) => Uint8Array.from(values);
const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));
const b64 = (text: string) => Buffer.from(text).toString('base64url');
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A sync message of `syncType` carrying `payload`, spelled out with lib0 as y-protocols does. */
function syncFrame(syncType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, syncType);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** An awareness update as y-protocols encodes it: one client, its clock and its JSON state. */
function awarenessUpdate(clientID: number, state: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint(encoder, clientID);
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarString(encoder, state);
  return encoding.toUint8Array(encoder);
}

/** A legitimate update (two signed events) with enough content that cutting bytes off its end breaks it. */
function legitimateUpdate(signer: DeviceCredentials): Uint8Array {
  const doc = new Y.Doc();
  probeUpdate(`note-${randomUUID()}`, signer, doc);
  probeUpdate(`note-${randomUUID()}`, signer, doc);
  return Y.encodeStateAsUpdate(doc);
}

type FrameCase = {
  name: string;
  /** What the attacker sends; `attacker` is its own credentials, for signing what must be well signed. */
  frames: (attacker: DeviceCredentials) => (Uint8Array | string)[];
  code: number;
  reason: RegExp;
  /** Limits of its own: the case gets a hub of its own. */
  limits?: Partial<HubLimits>;
};

const FRAME_CASES: FrameCase[] = [
  {
    name: 'garbage bytes',
    frames: () => [bytes(0xde, 0xad, 0xbe, 0xef, 0x13, 0x37, 0x00, 0xff)],
    code: 1008,
    reason: /^unknown message type \d+$/,
  },
  { name: 'an empty binary frame', frames: () => [bytes()], code: 1008, reason: /^truncated message$/ },
  {
    name: 'a text frame',
    frames: () => ['hello hub'],
    code: 1003,
    reason: /^text frames are not part of the protocol$/,
  },
  {
    name: 'a zero-length update',
    frames: () => [syncFrame(2, bytes())],
    code: 1008,
    reason: /^malformed Yjs update: expected a non-empty byte array$/,
  },
  {
    name: 'a zero-length sync step 2',
    frames: () => [syncFrame(1, bytes())],
    code: 1008,
    reason: /^malformed Yjs update: expected a non-empty byte array$/,
  },
  {
    name: 'an oversize frame',
    frames: () => [updateMessage(new Uint8Array(LIMITS.maxMessageBytes! + 1))],
    code: 1009,
    reason: /^$/,
  },
  {
    name: 'a message flood over the rate limit',
    frames: () => Array.from({ length: 3 * LIMITS.messagesPerSecond! }, () => bytes(3)),
    code: 1008,
    reason: /^more messages per second than allowed$/,
  },
  {
    name: 'more updates than may wait for the update check',
    frames: (attacker) =>
      Array.from({ length: 10 }, (_, i) => updateMessage(probeUpdate(`queued-${i}`, attacker).update)),
    // The rate limit's burst would otherwise come first.
    limits: { messagesPerSecond: 1000, maxQueuedMessages: 4 },
    code: 1008,
    reason: /^too many messages waiting to be checked$/,
  },
  { name: 'a truncated varuint', frames: () => [bytes(0x80)], code: 1008, reason: /^truncated message$/ },
  {
    name: 'a truncated varuint length',
    frames: () => [bytes(0, 2, 0x85)],
    code: 1008,
    reason: /^truncated message$/,
  },
  {
    name: 'a byte array longer than the frame',
    frames: () => [bytes(0, 2, 40, 1, 2, 3)],
    code: 1008,
    // lib0 reads a view of the frame's buffer: past the frame is either the end of that buffer or
    // bytes that are not this frame's, and both are refused.
    reason: /^(truncated message|bytes left over after the message)$/,
  },
  {
    name: 'trailing bytes after a message',
    frames: () => [bytes(3, 0)],
    code: 1008,
    reason: /^bytes left over after the message$/,
  },
  {
    name: 'trailing bytes after a sync step 1',
    frames: () => [concat(syncStep1Message(bytes(0)), bytes(7))],
    code: 1008,
    reason: /^bytes left over after the message$/,
  },
  {
    name: 'an unknown message type',
    frames: () => [bytes(9)],
    code: 1008,
    reason: /^unknown message type 9$/,
  },
  {
    name: 'an auth message (type 2, which this hub does not speak)',
    frames: () => [bytes(2, 0)],
    code: 1008,
    reason: /^unknown message type 2$/,
  },
  {
    name: 'an unknown sync message type',
    frames: () => [syncFrame(7, bytes(0, 0))],
    code: 1008,
    reason: /^unknown sync message type 7$/,
  },
  {
    name: 'a Yjs update that does not decode (cut short)',
    frames: (attacker) => {
      const update = legitimateUpdate(attacker);
      return [updateMessage(update.subarray(0, update.length - 6))];
    },
    code: 1008,
    reason: /^malformed Yjs update: /,
  },
  {
    name: 'a Yjs update that does not decode (noise)',
    frames: () => [updateMessage(bytes(0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3))],
    code: 1008,
    reason: /^malformed Yjs update: /,
  },
  {
    name: 'a Yjs update with bytes after it',
    frames: (attacker) => [updateMessage(concat(legitimateUpdate(attacker), bytes(0)))],
    code: 1008,
    reason: /^malformed Yjs update: 1 bytes are left over after the update$/,
  },
  {
    name: 'a sync step 2 that does not decode',
    frames: () => [syncStep2Message(bytes(5, 1, 2))],
    code: 1008,
    reason: /^malformed Yjs update: /,
  },
  {
    name: 'a sync step 1 whose state vector does not decode',
    frames: () => [syncStep1Message(bytes(3, 0xff))],
    code: 1008,
    reason: /^could not handle a sync-step-1 message/,
  },
  {
    name: 'a malformed awareness update',
    frames: () => [awarenessMessage(bytes(2, 1, 1))],
    code: 1008,
    reason: /^malformed awareness update$/,
  },
  {
    name: 'an awareness state that is not JSON',
    frames: () => [awarenessMessage(awarenessUpdate(42, '{"user": '))],
    code: 1008,
    reason: /^malformed awareness update$/,
  },
  {
    name: 'an awareness update with bytes after it',
    frames: () => [awarenessMessage(concat(awarenessUpdate(42, 'null'), bytes(1)))],
    code: 1008,
    reason: /^bytes left over after the awareness update$/,
  },
];

describe('the hub against hostile frames', () => {
  const city = certifiedWorkspace();
  const shared = sharedHub(() => [city.workspace], LIMITS);

  it.each(FRAME_CASES.map((c, i) => ({ ...c, room: `incident:frames-${i}` })))(
    'closes the connection on $name and keeps serving others',
    async ({ frames, code, reason, room, limits }) => {
      const hub = limits ? await hubFor([city.workspace], { limits: { ...LIMITS, ...limits } }) : shared.hub;
      const tokens = tokenMaker();
      const attacker = city.member('responder', 'traffic', 'Mallory Quist');
      const [bystander, writer] = [city.member('responder', 'energy'), city.member('commander', 'police')];
      const urlPath = roomPath(city.workspace.id, room);
      const watcher = await connectRaw(hub.url, urlPath, tokens.sign(bystander, urlPath));
      const client = await connectRaw(hub.url, urlPath, tokens.sign(attacker, urlPath));
      await waitUntil(() => client.frames.length > 0, "the hub's greeting");
      const closedBefore = metricValue(
        hub,
        `muster_hub_connections_closed_total{reason="${closeLabel(code)}"}`,
      );
      const appliedBefore = metricValue(hub, 'muster_hub_updates_applied_total');

      for (const frame of frames(attacker)) client.send(frame);

      const closed = await client.closed;
      expect(closed.code).toBe(code);
      expect(closed.reason).toMatch(reason);
      const who = `member=${attacker.member.memberId} (Mallory Quist, traffic, responder) device=${attacker.device.deviceId}`;
      const logged = hub.lines.filter((l) => l.startsWith(`closed ${who} room=${room}: `));
      expect(logged, hub.lines.join('\n')).toHaveLength(1);
      expect(logged[0]).toMatch(code === 1009 ? /: socket error: Max payload size exceeded$/ : /: \S/);
      if (code !== 1009) expect(logged[0]).toContain(`: ${closed.reason}`);
      expect(metricValue(hub, `muster_hub_connections_closed_total{reason="${closeLabel(code)}"}`)).toBe(
        closedBefore + 1,
      );
      // Nothing the attacker sent reached the room.
      expect(metricValue(hub, 'muster_hub_updates_applied_total')).toBe(appliedBefore);
      expect(documentOf(watcher).share.size).toBe(0);

      expect(watcher.isOpen(), 'the bystander in the same room stays connected').toBe(true);
      await expectHubServes(hub, { workspaceId: city.workspace.id, room, writer, reader: watcher });
      expect(documentOf(watcher).getMap('events').size).toBe(1);
      expectLogFreeOfTokens(hub.lines, tokens.headers);
    },
  );
});

const closeLabel = (code: number) => (code === 1003 ? 'unsupported_data' : 'policy');

type AuthCase = {
  name: string;
  /** The Authorization header (undefined: none) for a request to `urlPath`. */
  header: (t: { sign: ReturnType<typeof tokenMaker>['sign']; urlPath: string }) => string | undefined;
  status: number;
  reason: string | RegExp;
  /** Another path than the room's, when the case is about the path. */
  urlPath?: string;
};

describe('the hub against bad credentials at the upgrade', () => {
  const city = certifiedWorkspace();
  const elsewhere = certifiedWorkspace('Town of Elm Creek');
  const strangerWorkspace = certifiedWorkspace('Not Served');
  const shared = sharedHub(() => [city.workspace, elsewhere.workspace], LIMITS);
  const victim = city.member('commander', 'police', 'Pia Holm');
  const insider = city.member('responder', 'traffic', 'Mallory Quist');
  const viewer = city.member('viewer', 'energy', 'Vera Lind');
  const foreigner = elsewhere.member('admin', 'police', 'Olaf Berg');
  const stranger = strangerWorkspace.member('admin', 'police', 'Sam Strange');
  const room = 'incident:auth';
  const urlPath = roomPath(city.workspace.id, room);

  const tamper = (header: string, change: (token: Record<string, unknown>) => void) => {
    const token = JSON.parse(Buffer.from(header.split(' ')[1]!, 'base64url').toString('utf8'));
    change(token);
    return `Muster ${b64(JSON.stringify(token))}`;
  };

  const CASES: AuthCase[] = [
    { name: 'no Authorization header', header: () => undefined, status: 401, reason: 'no credentials' },
    { name: 'another scheme', header: () => 'Bearer abc.def', status: 401, reason: 'not a Muster token' },
    { name: 'the scheme alone', header: () => 'Muster', status: 401, reason: 'not a Muster token' },
    {
      name: 'two words after the scheme',
      header: () => 'Muster abc def',
      status: 401,
      reason: 'not a Muster token',
    },
    {
      name: 'a garbled token',
      header: () => 'Muster %%%garbled~~~token%%%',
      status: 401,
      reason: 'token is not valid JSON',
    },
    {
      name: 'JSON that is not a token',
      header: () => `Muster ${b64('{"v":1,"path":"/"}')}`,
      status: 401,
      reason: 'malformed token',
    },
    {
      name: 'a token with a field nobody signed',
      header: ({ sign, urlPath }) => tamper(sign(insider, urlPath), (t) => (t.role = 'admin')),
      status: 401,
      reason: 'malformed token',
    },
    {
      name: 'a header too large to be a token',
      header: () => `Muster ${'A'.repeat(9000)}`,
      status: 401,
      reason: 'credentials too large',
    },
    {
      name: 'an expired token',
      header: ({ sign, urlPath }) => sign(insider, urlPath, Date.now() - 6 * 60_000),
      status: 401,
      reason: 'token expired or clock skew above 5 minutes',
    },
    {
      name: 'a token dated in the future',
      header: ({ sign, urlPath }) => sign(insider, urlPath, Date.now() + 6 * 60_000),
      status: 401,
      reason: 'token expired or clock skew above 5 minutes',
    },
    {
      name: 'a token signed for another room',
      header: ({ sign }) => sign(insider, roomPath(city.workspace.id, 'incident:elsewhere')),
      status: 401,
      reason: 'token was made for another path',
    },
    {
      name: 'a token signed for the room list',
      header: ({ sign }) => sign(insider, `/w/${city.workspace.id}/_rooms`),
      status: 401,
      reason: 'token was made for another path',
    },
    {
      name: 'a token whose path was changed after signing',
      header: ({ sign, urlPath }) =>
        tamper(sign(insider, roomPath(city.workspace.id, 'incident:elsewhere')), (t) => (t.path = urlPath)),
      status: 401,
      reason: `token not signed by device ${insider.device.deviceId}`,
    },
    {
      name: "someone else's certificates with the attacker's own key",
      header: ({ sign, urlPath }) =>
        sign({ member: victim.member, device: victim.device, deviceKey: insider.deviceKey }, urlPath),
      status: 401,
      reason: `token not signed by device ${victim.device.deviceId}`,
    },
    {
      name: "a viewer's certificate with its role raised",
      header: ({ sign, urlPath }) =>
        sign({ ...viewer, member: { ...viewer.member, role: 'admin' } }, urlPath),
      status: 403,
      reason: `member certificate of ${viewer.member.memberId} is not signed by the workspace key`,
    },
    {
      name: "a member certificate signed with another workspace's key",
      header: ({ sign, urlPath }) =>
        sign({ ...stranger, member: { ...stranger.member, workspaceId: city.workspace.id } }, urlPath),
      status: 403,
      reason: `member certificate of ${stranger.member.memberId} is not signed by the workspace key`,
    },
    {
      name: "one member's certificate with another member's device",
      header: ({ sign, urlPath }) => sign({ ...insider, member: victim.member }, urlPath),
      status: 403,
      reason: `device ${insider.device.deviceId} belongs to member ${insider.member.memberId}, not ${victim.member.memberId}`,
    },
    {
      name: 'a member of another workspace the hub serves',
      header: ({ sign, urlPath }) => sign(foreigner, urlPath),
      status: 403,
      reason: `certificate of member ${foreigner.member.memberId} is for another workspace`,
    },
    {
      name: 'a workspace the hub does not serve',
      urlPath: roomPath(strangerWorkspace.workspace.id, room),
      header: ({ sign, urlPath }) => sign(stranger, urlPath),
      status: 404,
      reason: `no workspace ${strangerWorkspace.workspace.id} on this hub`,
    },
    {
      name: 'a path that is not a room',
      urlPath: `/w/${city.workspace.id}/incident:auth/more`,
      header: ({ sign, urlPath }) => sign(insider, urlPath),
      status: 404,
      reason: 'not a room path (/w/<workspace>/<room>)',
    },
    {
      name: 'an invalid room name',
      urlPath: roomPath(city.workspace.id, 'Incident:Auth'),
      header: ({ sign, urlPath }) => sign(insider, urlPath),
      status: 404,
      reason: 'invalid room name',
    },
  ];

  it.each(CASES)('refuses $name with $status, says why, and keeps serving', async (c) => {
    const { hub } = shared;
    const tokens = tokenMaker();
    const target = c.urlPath ?? urlPath;
    const header = c.header({ sign: tokens.sign, urlPath: target });
    if (header !== undefined) tokens.headers.push(header);
    const watcher = await connectRaw(hub.url, urlPath, tokens.sign(city.member('responder'), urlPath));
    const refusedBefore = metricValue(hub, `muster_hub_refusals_total{status="${c.status}"}`);
    const connectionsBefore = metricValue(hub, 'muster_hub_connections_total');

    const logFrom = hub.lines.length;
    expect(await tryConnect(hub.url, target, header)).toEqual({ status: c.status });

    const reason = typeof c.reason === 'string' ? escape(c.reason) : c.reason.source;
    const refusal = new RegExp(`^refused 127\\.0\\.0\\.1 ${escape(target)}: ${reason}$`);
    expect(
      hub.lines.slice(logFrom).filter((l) => refusal.test(l)),
      hub.lines.slice(-5).join('\n'),
    ).toHaveLength(1);
    expect(metricValue(hub, `muster_hub_refusals_total{status="${c.status}"}`)).toBe(refusedBefore + 1);
    expect(metricValue(hub, 'muster_hub_connections_total')).toBe(connectionsBefore);

    await expectHubServes(hub, {
      workspaceId: city.workspace.id,
      room,
      writer: city.member('commander', 'police'),
      reader: watcher,
    });
    expectLogFreeOfTokens(hub.lines, tokens.headers);
  });

  it('refuses the exact same Authorization header the second time (replay)', async () => {
    const { hub } = shared;
    const tokens = tokenMaker();
    const member = city.member('responder', 'traffic', 'Rita Replay');
    const header = tokens.sign(member, urlPath);

    const first = await tryConnect(hub.url, urlPath, header);
    expect(first.status).toBe(101);
    expect(await tryConnect(hub.url, urlPath, header)).toEqual({ status: 401 });

    expect(hub.lines).toContain(`refused 127.0.0.1 ${urlPath}: token replayed`);
    // The replay cost the first connection nothing; a fresh token for the same device works.
    expect(first.client?.isOpen()).toBe(true);
    await expectHubServes(hub, {
      workspaceId: city.workspace.id,
      room,
      writer: member,
      reader: first.client!,
    });
    expectLogFreeOfTokens(hub.lines, tokens.headers);
  });

  it('refuses a device that opens more rooms at once than allowed, and only that device', async () => {
    const hub = await hubFor([city.workspace], { limits: { ...LIMITS, maxRoomsPerDevice: 2 } });
    const greedy = city.member('responder', 'traffic', 'Greta Greedy');
    const pathOf = (name: string) => roomPath(city.workspace.id, name);
    const first = await connectRaw(hub.url, pathOf('incident:a'), greedy);
    await connectRaw(hub.url, pathOf('incident:b'), greedy);

    expect(await tryConnect(hub.url, pathOf('incident:c'), greedy)).toEqual({ status: 429 });
    expect(hub.lines).toContain(
      `refused 127.0.0.1 ${pathOf('incident:c')}: device ${greedy.device.deviceId} already has 2 rooms open (limit)`,
    );
    // Other devices are not affected, and closing a room frees its place.
    await expectHubServes(hub, {
      workspaceId: city.workspace.id,
      room: 'incident:c',
      writer: city.member('commander', 'police'),
      reader: city.member('viewer', 'energy'),
    });
    first.socket.close();
    await first.closed;
    let outcome = await tryConnect(hub.url, pathOf('incident:c'), greedy);
    for (let i = 0; i < 50 && outcome.status === 429; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      outcome = await tryConnect(hub.url, pathOf('incident:c'), greedy);
    }
    expect(outcome.status).toBe(101);
  });
});

describe('read-only (viewer) connections', () => {
  it("drops a viewer's updates, sync step 2s and awareness, without storing or acknowledging them", async () => {
    const city = certifiedWorkspace();
    const hub = await hubFor([city.workspace], { limits: LIMITS });
    const room = 'incident:viewer';
    const urlPath = roomPath(city.workspace.id, room);
    const viewer = city.member('viewer', 'energy', 'Vera Lind');
    const responder = city.member('responder', 'traffic', 'Tom Berg');
    const watcher = await connectRaw(hub.url, urlPath, responder);
    const client = await connectRaw(hub.url, urlPath, viewer);
    await waitUntil(() => client.frames.length > 0 && watcher.frames.length > 0, "the hub's greetings");
    expect(hub.lines).toContainEqual(expect.stringMatching(/\(Vera Lind, energy, viewer\) .* access=read$/));

    // Well signed by the viewer's own device: refused for the role alone.
    const update = probeUpdate('from-the-viewer', viewer);
    client.send(updateMessage(update.update));
    client.send(syncStep2Message(probeUpdate('viewer-step-2', viewer).update));
    client.send(awarenessMessage(awarenessUpdate(update.clientID, '{"user":"Vera"}')));
    // Frames are handled in order: once this is answered, the ones above have been dealt with.
    client.send(syncStep1Message(bytes(0)));
    await waitUntil(
      () => client.messages().some((m) => m.kind === 'sync-step-2'),
      'the answer to the sync step 1',
    );
    // An acknowledgement would follow a stored update within a few milliseconds.
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(client.isOpen()).toBe(true);
    expect(metricValue(hub, 'muster_hub_messages_dropped_total{kind="update"}')).toBe(1);
    expect(metricValue(hub, 'muster_hub_messages_dropped_total{kind="sync-step-2"}')).toBe(1);
    expect(metricValue(hub, 'muster_hub_messages_dropped_total{kind="awareness"}')).toBe(1);
    expect(metricValue(hub, 'muster_hub_updates_applied_total')).toBe(0);
    expect(stateVectorsSentTo(client), 'only the greeting, no acknowledgement').toHaveLength(1);
    expect(stateVectorsSentTo(client)[0]!.has(update.clientID)).toBe(false);
    // The hub's whole room (its answer to an empty state vector) lacks the viewer's writes...
    expect(documentOf(client).getMap('events').size).toBe(0);
    // ...and nothing reached the other member in the room.
    expect(watcher.messages().filter((m) => m.kind !== 'sync-step-1')).toEqual([]);

    // The same frames from a responder do go through (so the above is the viewer's role, not the frames).
    watcher.send(awarenessMessage(awarenessUpdate(7, '{"user":"Tom"}')));
    await waitUntil(
      () => client.messages().some((m) => m.kind === 'awareness'),
      'awareness relayed to the viewer',
    );
    // A viewer still reads: others' updates reach it.
    await expectHubServes(hub, { workspaceId: city.workspace.id, room, writer: responder, reader: client });
    const fresh = await connectRaw(hub.url, urlPath, city.member('responder'));
    fresh.send(syncStep1Message(bytes(0)));
    await waitUntil(() => fresh.messages().some((m) => m.kind === 'sync-step-2'), 'the room');
    expect([...documentOf(fresh).getMap('events').keys()]).toHaveLength(1);
    expect(documentOf(fresh).getMap('events').has('from-the-viewer')).toBe(false);
    expectLogFreeOfTokens(hub.lines, []);
  });
});

describe('hostile clients while members sync through their copies', () => {
  it('members of one workspace sync while a member of another is refused and frames are thrown at the room', async () => {
    const police = await adminCopy();
    const traffic = await enrolMember(police.core, {
      department: 'traffic',
      role: 'responder',
      user: 'Tom Berg',
    });
    const energy = await enrolMember(police.core, {
      department: 'energy',
      role: 'responder',
      user: 'Mallory Quist',
    });
    const other = await adminCopy();
    const [home, away] = [await workspacePublicOf(police.core), await workspacePublicOf(other.core)];
    expect(home.id).not.toBe(away.id);
    const hub = await hubFor([home, away], { limits: LIMITS });
    const incident = await createIncident(police.core, { title: 'Signals dark on Ring Road' });
    const first = (await police.core.call('syncNow', { hubs: [hub.url] })) as SyncResult;
    expect(first).toMatchObject({ inSync: true });

    // A member of the other workspace, with valid certificates of its own, at this workspace's room.
    const outsider = credentialsFor(other.dataDir);
    const incidentRoom = roomPath(home.id, `incident:${incident.id}`);
    expect(await tryConnect(hub.url, incidentRoom, outsider)).toEqual({ status: 403 });
    expect(hub.lines).toContain(
      `refused 127.0.0.1 ${incidentRoom}: certificate of member ${outsider.member.memberId} is for another workspace`,
    );
    // It is served in its own workspace, which holds none of the other's rooms.
    expect((await tryConnect(hub.url, roomPath(away.id, 'directory'), outsider)).status).toBe(101);

    // An enrolled member throws every hostile frame at the incident's room and the directory.
    const attacker = credentialsFor(energy.dataDir);
    const attacks = await Promise.all(
      FRAME_CASES.filter((c) => !c.limits).flatMap((c) =>
        [incidentRoom, roomPath(home.id, 'directory')].map(async (target) => {
          const client = await connectRaw(hub.url, target, attacker);
          for (const frame of c.frames(attacker)) client.send(frame);
          return client.closed;
        }),
      ),
    );
    expect(attacks.every(({ code }) => [1003, 1008, 1009].includes(code))).toBe(true);

    const second = (await traffic.core.call('syncNow', { hubs: [hub.url] })) as SyncResult;
    expect(second).toMatchObject({ inSync: true });
    const seen = (await traffic.core.call('listIncidents', {})) as IncidentSummary[];
    expect(seen.map((i) => i.title)).toEqual(['Signals dark on Ring Road']);
    expect(await traffic.core.call('showIncident', { id: incident.id })).toEqual(
      await police.core.call('showIncident', { id: incident.id }),
    );
    expectLogFreeOfTokens(hub.lines, []);
  });
});
