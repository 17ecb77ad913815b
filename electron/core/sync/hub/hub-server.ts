/**
 * `muster hub`: the y-websocket-protocol server departments sync through (DESIGN.md section 4).
 *
 *   GET  /healthz                 liveness, for load balancers and monitoring
 *   GET  /metrics                 Prometheus text format
 *   GET  /w/<workspace>/_rooms    the rooms the hub holds (authenticated), so clients find new ones
 *   WS   /w/<workspace>/<room>    one room, y-websocket protocol, authenticated at the upgrade
 *
 * A hub holds only workspaces' public identities: members authenticate with their certificates
 * and a device-key signature (hub-auth.ts). Viewers get read-only connections.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { WorkspacePublic } from '../../../../shared/identity';
import { listRooms, openRoom } from '../../docs/room-store';
import { ROOM_NAME_PATTERN } from '../../docs/room-name';
import { DIRECTORY_ROOM } from '../../workspace/directory';
import { NonceCache, verifyAuthorization, type HubPeer } from '../hub-auth';
import { roomAccess } from '../room-access';
import { CLOSE, describePeer, HubConnection } from './hub-connection';
import { HubRoom } from './hub-room';
import { DEFAULT_HUB_LIMITS, type HubLimits } from './limits';
import { HubMetrics } from './metrics';
import { DurableAcks } from './durable-acks';
import { UpdateChecker } from './update-checker';
import { WorkspaceTrust } from './workspace-trust';
import { checkWrite, type Certificates } from './write-policy';
import { closeWorkspaceStores, openWorkspaceStores, type ServedWorkspace } from './workspace-stores';

export type HubOptions = {
  dataDir: string;
  workspaces: readonly WorkspacePublic[];
  host?: string;
  port?: number;
  limits?: Partial<HubLimits>;
  log?: (line: string) => void;
};

export type Hub = {
  /** ws://host:port, what members put in their hub list. */
  url: string;
  port: number;
  metrics: HubMetrics;
  /** Refuses new work, closes every connection (1001), and leaves the stores complete on disk. */
  close(): Promise<void>;
};

const ROOM_PATH = /^\/w\/([A-Za-z0-9_-]{1,64})\/([^/?]+)$/;

type Workspace = ServedWorkspace & {
  rooms: Map<string, HubRoom>;
  /** Certificates and revocations, from the directory room (which stays loaded). */
  trust: WorkspaceTrust;
  acks: DurableAcks;
};

export async function startHub(options: HubOptions): Promise<Hub> {
  const limits = { ...DEFAULT_HUB_LIMITS, ...options.limits };
  const log = options.log ?? (() => {});
  const metrics = new HubMetrics();
  const nonces = new NonceCache();
  const checker = new UpdateChecker({
    deadlineMs: limits.updateCheckDeadlineMs,
    memoryLimitMb: limits.updateCheckMemoryMb,
  });
  const openLogged = (store: ServedWorkspace['store'], name: string) =>
    openRoom(store, name, {
      onBackgroundError: (error) =>
        log(`room ${name}: ${error instanceof Error ? error.message : String(error)}`),
    });
  const workspaces = new Map<string, Workspace>();
  for (const [id, served] of openWorkspaceStores(options.dataDir, options.workspaces)) {
    const directory = openLogged(served.store, DIRECTORY_ROOM);
    const workspace: Workspace = {
      ...served,
      acks: new DurableAcks(served.store),
      rooms: new Map([[DIRECTORY_ROOM, new HubRoom(directory)]]),
      trust: new WorkspaceTrust(served.identity, directory),
    };
    directory.onChange(() => updateTrust(workspace));
    workspaces.set(id, workspace);
  }
  const connections = new Set<HubConnection>();
  const roomsPerDevice = new Map<string, number>();
  let closing = false;

  function updateTrust(workspace: Workspace): void {
    workspace.trust.rebuild();
    for (const connection of connections) {
      const reason = workspace.trust.revoked.get(connection.peer.memberId);
      if (connection.peer.workspaceId === workspace.identity.id && reason !== undefined)
        connection.close(CLOSE.revoked, `member revoked: ${reason}`);
    }
  }

  const roomFor = (workspace: Workspace, name: string): HubRoom => {
    let hubRoom = workspace.rooms.get(name);
    if (!hubRoom) {
      hubRoom = new HubRoom(openLogged(workspace.store, name));
      workspace.rooms.set(name, hubRoom);
      metrics.set('muster_hub_rooms_open', countRooms());
    }
    return hubRoom;
  };

  /** Unloads a room nobody has open; the directory stays, every write is checked against it. */
  const releaseRoom = (workspace: Workspace, name: string) => {
    const hubRoom = workspace.rooms.get(name);
    if (!hubRoom || hubRoom.connections.size > 0 || name === DIRECTORY_ROOM) return;
    workspace.rooms.delete(name);
    hubRoom.room.close();
    metrics.set('muster_hub_rooms_open', countRooms());
  };

  const countRooms = () => [...workspaces.values()].reduce((n, w) => n + w.rooms.size, 0);

  /** Authenticates a request for `/w/<workspace>/...`; answers the refusal itself when it fails. */
  const authenticate = (
    request: IncomingMessage,
    path: string,
    workspaceId: string,
    refuse: (status: number, reason: string) => void,
  ): { peer: HubPeer; certificates: Certificates; workspace: Workspace } | undefined => {
    const workspace = workspaces.get(workspaceId);
    if (!workspace) return void refuse(404, `no workspace ${workspaceId} on this hub`);
    const verdict = verifyAuthorization(
      request.headers.authorization,
      { path, workspace: workspace.identity },
      nonces,
    );
    if (!verdict.ok) return void refuse(verdict.status, verdict.reason);
    const revoked = workspace.trust.revoked.get(verdict.peer.memberId);
    if (revoked !== undefined) return void refuse(403, `member ${verdict.peer.memberId} is revoked`);
    return { peer: verdict.peer, certificates: verdict.certificates, workspace };
  };

  const server = createServer((request, response) => {
    try {
      handleHttp(request, response);
    } catch (error) {
      log(
        `http ${request.method} ${pathOf(request)}: ${error instanceof Error ? error.message : String(error)}`,
      );
      if (!response.headersSent) respond(response, 500, { error: 'internal error' });
    }
  });

  const handleHttp = (request: IncomingMessage, response: ServerResponse) => {
    const path = pathOf(request);
    if (request.method !== 'GET') return respond(response, 405, { error: 'only GET is served' });
    if (path === '/healthz') {
      return respond(response, closing ? 503 : 200, {
        status: closing ? 'shutting down' : 'ok',
        workspaces: workspaces.size,
        rooms: countRooms(),
        connections: connections.size,
      });
    }
    if (path === '/metrics') {
      metrics.set('muster_hub_connections', connections.size);
      metrics.set('muster_hub_update_check_restarts_total', checker.workerRestarts);
      response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      return void response.end(metrics.render());
    }
    const match = /^\/w\/([A-Za-z0-9_-]{1,64})\/_rooms$/.exec(path);
    if (!match) return respond(response, 404, { error: 'not found' });
    const refuse = (status: number, reason: string) => {
      refusal(request, path, status, reason);
      respond(response, status, { error: reason });
    };
    const authenticated = authenticate(request, path, match[1]!, refuse);
    if (!authenticated) return;
    respond(response, 200, { rooms: listRooms(authenticated.workspace.store) });
  };

  const refusal = (request: IncomingMessage, path: string, status: number, reason: string) => {
    metrics.add('muster_hub_refusals_total', { status: String(status) });
    log(`refused ${request.socket.remoteAddress ?? '?'} ${path}: ${reason}`);
  };

  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = pathOf(request);
    const refuse = (status: number, reason: string) => {
      refusal(request, path, status, reason);
      socket.end(
        `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Refused'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
      );
    };
    socket.on('error', () => socket.destroy());
    try {
      upgrade(request, socket, head, path, refuse);
    } catch (error) {
      refuse(400, `bad upgrade request (${error instanceof Error ? error.message : String(error)})`);
    }
  });

  const upgrade = (
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    path: string,
    refuse: (status: number, reason: string) => void,
  ) => {
    if (closing) return refuse(503, 'hub is shutting down');
    const match = ROOM_PATH.exec(path);
    if (!match) return refuse(404, 'not a room path (/w/<workspace>/<room>)');
    const roomName = match[2]!;
    if (!ROOM_NAME_PATTERN.test(roomName)) return refuse(404, 'invalid room name');
    const authenticated = authenticate(request, path, match[1]!, refuse);
    if (!authenticated) return;
    const { peer, certificates, workspace } = authenticated;
    const open = roomsPerDevice.get(peer.deviceId) ?? 0;
    if (open >= limits.maxRoomsPerDevice)
      return refuse(429, `device ${peer.deviceId} already has ${open} rooms open (limit)`);
    wss.handleUpgrade(request, socket, head, (ws) => accept(ws, peer, certificates, workspace, roomName));
  };

  const accept = (
    ws: WebSocket,
    peer: HubPeer,
    certificates: Certificates,
    workspace: Workspace,
    roomName: string,
  ) => {
    if (closing) return ws.close(CLOSE.goingAway, 'hub is shutting down');
    const room = roomFor(workspace, roomName);
    const access = roomAccess(peer.role);
    roomsPerDevice.set(peer.deviceId, (roomsPerDevice.get(peer.deviceId) ?? 0) + 1);
    const connection: HubConnection = new HubConnection(ws, {
      peer,
      access,
      room,
      limits,
      checker,
      checkWrite: (update) =>
        checkWrite(update, {
          room: room.room,
          isDirectory: roomName === DIRECTORY_ROOM,
          verifierFor: (extra) => workspace.trust.verifierFor(certificates, extra),
        }),
      whenDurable: (key, then) => workspace.acks.whenDurable(key, then),
      metrics,
      log,
      onClose: () => {
        connections.delete(connection);
        room.connections.delete(connection);
        const left = (roomsPerDevice.get(peer.deviceId) ?? 1) - 1;
        if (left > 0) roomsPerDevice.set(peer.deviceId, left);
        else roomsPerDevice.delete(peer.deviceId);
        releaseRoom(workspace, roomName);
      },
    });
    connections.add(connection);
    room.connections.add(connection);
    metrics.add('muster_hub_connections_total');
    log(
      `connected ${describePeer(peer)} workspace=${workspace.identity.id} room=${roomName} access=${access}`,
    );
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  log(`serving ${workspaces.size} workspace(s) on ${host}:${address.port}`);

  return {
    url: `ws://${host}:${address.port}`,
    port: address.port,
    metrics,
    async close() {
      if (closing) return;
      closing = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const connection of [...connections]) connection.close(CLOSE.goingAway, 'hub is shutting down');
      server.closeAllConnections();
      await checker.close();
      for (const workspace of workspaces.values()) {
        for (const name of [...workspace.rooms.keys()]) {
          workspace.rooms.get(name)?.room.close();
          workspace.rooms.delete(name);
        }
      }
      for (const workspace of workspaces.values()) workspace.acks.flush();
      closeWorkspaceStores(workspaces);
      // A client that never answers the close handshake would hold the server open for ws's 30 s.
      const grace = setTimeout(() => {
        for (const socket of wss.clients) socket.terminate();
      }, CLOSE_GRACE_MS);
      await stopped;
      clearTimeout(grace);
      log('stopped');
    },
  };
}

/** How long clients get to answer the close handshake when the hub shuts down. */
const CLOSE_GRACE_MS = 1000;

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

/** The request path without its query, which is never logged (tokens must not reach logs). */
function pathOf(request: IncomingMessage): string {
  const url = request.url ?? '/';
  const end = url.indexOf('?');
  return (end === -1 ? url : url.slice(0, end)).slice(0, 300);
}

function respond(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
