/**
 * The serve host's WebSocket API and HTTP guards, spoken to from Node the way a buggy or hostile
 * client would: every bad frame gets one error reply, the socket stays usable, nothing is stored,
 * and requests from other sites or under other host names are refused.
 */
import { once } from 'node:events';
import http from 'node:http';
import { expect, test } from 'vitest';
import WebSocket from 'ws';
import type { ErrorCode } from '../../shared/contract';
import { initWorkspace, runMuster, startServe } from '../support/muster-process';
import { tempDir } from '../support/temp-dir';

/** A data dir that already belongs to a workspace, so incident methods can succeed. */
function workspaceDir(): string {
  const dataDir = tempDir();
  initWorkspace(dataDir);
  return dataDir;
}

const apiUrl = (servedUrl: string) => new URL('/api', servedUrl.replace(/^http/, 'ws')).href;

async function connect(servedUrl: string): Promise<WebSocket> {
  const socket = new WebSocket(apiUrl(servedUrl), { origin: new URL(servedUrl).origin });
  await once(socket, 'open');
  return socket;
}

/** Sends one frame and resolves with the next frame from the host, parsed. */
async function exchange(socket: WebSocket, frame: string | Buffer): Promise<unknown> {
  const reply = once(socket, 'message');
  socket.send(frame);
  const [data] = (await reply) as [Buffer];
  return JSON.parse(data.toString('utf8'));
}

/** Resolves with the HTTP status the host answered a WebSocket upgrade with (101 means accepted). */
function upgradeStatus(servedUrl: string, options: WebSocket.ClientOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(apiUrl(servedUrl), options);
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('open', () => {
      resolve(101);
      socket.close();
    });
    socket.once('error', reject);
  });
}

const validCreate = {
  id: 99,
  method: 'createIncident',
  params: { title: 'Sinkhole on 5th St', severity: 'major' },
};

test.each<[string, string | Buffer, { id: number | null; code: ErrorCode; message: RegExp }]>([
  [
    'text that is not JSON',
    'createIncident please',
    { id: null, code: 'bad_frame', message: /not valid JSON/ },
  ],
  [
    'a frame without id and method',
    JSON.stringify({ params: validCreate.params }),
    { id: null, code: 'bad_frame', message: /id.*method|method.*id/s },
  ],
  [
    'an unknown method',
    JSON.stringify({ id: 1, method: 'dropAllIncidents', params: {} }),
    { id: 1, code: 'unknown_method', message: /dropAllIncidents/ },
  ],
  [
    'params with an unknown field',
    JSON.stringify({ id: 2, method: 'createIncident', params: { ...validCreate.params, status: 'closed' } }),
    { id: 2, code: 'invalid_params', message: /unknown field.*status/ },
  ],
  [
    'a severity that does not exist',
    JSON.stringify({
      id: 3,
      method: 'createIncident',
      params: { title: 'Sinkhole', severity: 'apocalyptic' },
    }),
    { id: 3, code: 'invalid_params', message: /severity must be one of/ },
  ],
  [
    // Binary is refused as such, even when its bytes are a valid request.
    'a binary frame',
    Buffer.from(JSON.stringify(validCreate)),
    { id: null, code: 'bad_frame', message: /binary/ },
  ],
])('%s gets an error reply, leaves the socket usable and stores nothing', async (_case, frame, expected) => {
  const dataDir = workspaceDir();
  const serve = await startServe(dataDir);
  const socket = await connect(serve.url);

  expect(await exchange(socket, frame)).toEqual({
    id: expected.id,
    ok: false,
    error: { code: expected.code, message: expect.stringMatching(expected.message) },
  });
  expect(await exchange(socket, JSON.stringify({ id: 100, method: 'listIncidents', params: {} }))).toEqual({
    id: 100,
    ok: true,
    result: [],
  });
  socket.close();

  const list = runMuster(['--data', dataDir, '--json', 'incident', 'list']);
  expect(list.status, list.stderr).toBe(0);
  expect(JSON.parse(list.stdout)).toEqual([]);
});

test('the request refused above as binary is answered, pushed and stored when sent as text', async () => {
  const dataDir = workspaceDir();
  const serve = await startServe(dataDir);
  const socket = await connect(serve.url);

  // Every client also gets the creation as a pushed event, so wait for both frames.
  const frames: unknown[] = [];
  socket.on('message', (data: Buffer) => frames.push(JSON.parse(data.toString('utf8'))));
  socket.send(JSON.stringify(validCreate));
  await expect.poll(() => frames.length, { timeout: 10_000 }).toBe(2);
  socket.close();

  const created = { title: 'Sinkhole on 5th St', severity: 'major', status: 'reported' };
  expect(frames).toContainEqual({ id: 99, ok: true, result: expect.objectContaining(created) });
  expect(frames).toContainEqual({
    event: { type: 'incident.changed', incident: expect.objectContaining(created) },
  });
  const list = runMuster(['--data', dataDir, '--json', 'incident', 'list']);
  expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining(created)]);
});

test.each<[string, (port: string) => WebSocket.ClientOptions]>([
  ['another site', () => ({ origin: 'http://evil.example' })],
  ['another local port', () => ({ origin: 'http://127.0.0.1:1' })],
  // What a DNS-rebound page sends: its own name as both Host and Origin.
  [
    'a rebound host name',
    (port) => ({ origin: `http://evil.example:${port}`, headers: { Host: `evil.example:${port}` } }),
  ],
])('a WebSocket upgrade from %s is refused with 403', async (_case, options) => {
  const serve = await startServe(workspaceDir());
  expect(await upgradeStatus(serve.url, options(new URL(serve.url).port))).toBe(403);
  // The guard, not a broken endpoint, refused it: the served origin still gets in.
  expect(await upgradeStatus(serve.url, { origin: new URL(serve.url).origin })).toBe(101);
});

test('an HTTP request under a foreign Host name is refused with 421 (DNS rebinding)', async () => {
  const serve = await startServe(workspaceDir());
  const { hostname, port } = new URL(serve.url);
  const statusWithHost = (host: string) =>
    new Promise<number>((resolve, reject) => {
      http
        .get({ hostname, port, path: '/', headers: { Host: host } }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        })
        .on('error', reject);
    });

  expect(await statusWithHost(`evil.example:${port}`)).toBe(421);
  expect(await statusWithHost(`${hostname}:${port}`)).toBe(200);
});
