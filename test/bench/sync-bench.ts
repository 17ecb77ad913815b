/**
 * Sync figures (DESIGN.md section 4), each against baselines measured in the same run:
 *
 * - fan-out: 50 clients in one room on loopback, one of them writing a small event (one Y.Map set)
 *   every few milliseconds; the latency until each of the other 49 has applied it, through a raw
 *   ws relay, the stock y-websocket@2 server and Muster's hub, each a child process. The clients
 *   are the same for all three (plain Y.Docs; y-websocket's provider for the stock server and the
 *   hub, as Muster's RoomSync sets it up), so the difference is the server and its protocol.
 *   Servers take turns round by round, so they share the machine's load alike.
 * - offline merge: two members' copies of one room, each with 10k events appended offline, come
 *   back through the hub with Muster's own client (Room + RoomSync, each copy in its member's
 *   SQLite store); the time until both hold identical state and the bytes their sockets carried,
 *   against bare Yjs exchanging the same differences in process plus one loopback round trip.
 */
import dc from 'node:diagnostics_channel';
import path from 'node:path';
import type { Socket } from 'node:net';
import { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { openStore, type Store } from '../../electron/core/db/open';
import { EVENTS_MAP } from '../../electron/core/docs/room-events';
import { openRoom, type Room } from '../../electron/core/docs/room-store';
import { assertWellFormedUpdate } from '../../electron/core/docs/update-validation';
import { authenticatedSocket } from '../../electron/core/sync/client/authenticated-socket';
import { RoomSync } from '../../electron/core/sync/client/room-sync';
import type { EventEnvelope } from '../../shared/events';
import type { EventFactory } from './event-data';
import { signedEvents, smallNotes } from './signed-events';
import { formatMs, formatRatio, type Figure } from './report';
import { collectGarbage, median, summarize, time, type Summary } from './stats';
import {
  createBenchWorkspace,
  startMusterHub,
  startRawRelay,
  startStockServer,
  type BenchWorkspace,
  type ChildServer,
  type ServerKind,
} from './sync-servers';
import { createRng, uuid } from './text';

const SERVER_NAMES: Record<ServerKind, string> = {
  raw: 'raw ws relay',
  stock: 'stock y-websocket@2',
  hub: 'Muster hub',
};

export type SyncServers = { workspace: BenchWorkspace; servers: Record<ServerKind, ChildServer> };

/** A workspace with two members and the three servers, started side by side. */
export async function startSyncServers(dir: string, hubNodeArgs: string[] = []): Promise<SyncServers> {
  const workspace = await createBenchWorkspace(path.join(dir, 'members'), 1);
  const [raw, stock, hub] = await Promise.all([
    startRawRelay(),
    startStockServer(),
    startMusterHub(path.join(dir, 'hub'), workspace.workspaceFile, hubNodeArgs),
  ]);
  return { workspace, servers: { raw, stock, hub } };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves when `done()` holds, checking on every `ms`; false if `timeoutMs` passes first. */
async function waitFor(done: () => boolean, timeoutMs: number, ms = 2): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) return false;
    await sleep(ms);
  }
  return true;
}

/** Frames received and closes seen by one client's sockets (all of them, across reconnects). */
type SocketCounter = { frames: number; closes: number; lastClose?: string };

const onClose = (counter: SocketCounter) => (code: number, reason: Buffer) => {
  counter.closes++;
  counter.lastClose = `${code}${reason.length > 0 ? `: ${reason.toString()}` : ''}`;
};

/** The provider's socket class, counting what it receives; `Base` signs the hub's header if needed. */
function countingSocket(Base: typeof WebSocket, counter: SocketCounter): typeof WebSocket {
  return class CountingSocket extends Base {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.on('message', () => counter.frames++);
      this.on('close', onClose(counter));
    }
  } as typeof WebSocket;
}

// ---------------------------------------------------------------------------------------------
// Fan-out
// ---------------------------------------------------------------------------------------------

type FanoutClient = {
  map: Y.Map<unknown>;
  counter: SocketCounter;
  destroy(): void;
};

async function rawClient(url: string, room: string): Promise<FanoutClient> {
  const doc = new Y.Doc();
  const counter: SocketCounter = { frames: 0, closes: 0 };
  const ws = new WebSocket(`${url}/${room}`);
  ws.on('message', (data: Buffer) => {
    counter.frames++;
    Y.applyUpdate(doc, data, 'remote');
  });
  ws.on('close', onClose(counter));
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'remote') ws.send(update);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    map: doc.getMap(EVENTS_MAP),
    counter,
    destroy: () => {
      ws.terminate();
      doc.destroy();
    },
  };
}

function providerClient(
  serverUrl: string,
  room: string,
  Socket: typeof WebSocket,
): FanoutClient & { synced: Promise<void> } {
  const doc = new Y.Doc();
  const counter: SocketCounter = { frames: 0, closes: 0 };
  // As RoomSync does: no presence, so the provider sends no awareness.
  const awareness = new Awareness(doc);
  awareness.setLocalState(null);
  const provider = new WebsocketProvider(serverUrl, room, doc, {
    WebSocketPolyfill: countingSocket(Socket, counter) as unknown as typeof globalThis.WebSocket,
    awareness,
    disableBc: true,
  });
  process.off('exit', provider._exitHandler);
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    else provider.once('sync', () => resolve());
  });
  return {
    map: doc.getMap(EVENTS_MAP),
    counter,
    synced,
    destroy: () => {
      provider.destroy();
      awareness.destroy();
      doc.destroy();
    },
  };
}

async function connectClients(
  kind: ServerKind,
  server: ChildServer,
  count: number,
  workspace: BenchWorkspace,
  room: string,
): Promise<FanoutClient[]> {
  const clients: FanoutClient[] = [];
  try {
    if (kind === 'raw') {
      for (let i = 0; i < count; i++) clients.push(await rawClient(server.url, room));
      return clients;
    }
    const { credentials } = workspace.members[0]!;
    const url = kind === 'hub' ? `${server.url}/w/${workspace.workspace.id}` : server.url;
    // One member's credentials for all: each connection signs a fresh token (nonces are single-use).
    const Socket = kind === 'hub' ? (authenticatedSocket(credentials) as typeof WebSocket) : WebSocket;
    const pending = Array.from({ length: count }, () => providerClient(url, room, Socket));
    clients.push(...pending);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${SERVER_NAMES[kind]}: ${count} clients did not all sync within 30 s`)),
        30_000,
      );
    });
    try {
      await Promise.race([Promise.all(pending.map((c) => c.synced)), timeout]);
    } finally {
      clearTimeout(timer);
    }
    return clients;
  } catch (error) {
    clients.forEach((c) => c.destroy());
    throw error;
  }
}

export type FanoutOptions = {
  clients: number;
  /** Recorded updates per server, split over `rounds` rounds. */
  updates: number;
  rounds: number;
  /** Unrecorded updates at the start of each round. */
  warmup: number;
  intervalMs: number;
  /** Diagnostic: the hub alone at a slower pace, so its latency shows without any queue. */
  paced: { updates: number; intervalMs: number };
};

type Burst = {
  samples: number[];
  /** Per update, in sending order: when the last of the receivers had it (NaN: one never did). */
  lastReceiver: number[];
  missing: number;
  /** Time between the first and the last send divided by the gaps: the pace actually achieved. */
  intervalMs: number;
};

type FanoutRun = {
  samples: number[];
  lastReceiver: number[];
  /** The last receiver's latency for the first and the last tenth of each burst: a queue grows between them. */
  early: number[];
  late: number[];
  missing: number;
  /** Why the server closed connections during the bursts, if it did. */
  closeReasons: Set<string>;
  intervals: number[];
  framesPerUpdate: number;
  idleFramesPerSecond: number;
  closes: number;
};

/**
 * The fan-out figures: latency, the hub against the raw relay and against the stock server.
 * Servers take turns round by round (order rotated); in each round only the measured server's
 * clients are connected, in a new room, so nothing a server makes its clients do weighs on another's
 * figures. Then, as a diagnostic, the hub alone at a slower pace.
 */
export async function fanoutFigures(setup: SyncServers, options: FanoutOptions): Promise<Figure[]> {
  const kinds: ServerKind[] = ['raw', 'stock', 'hub'];
  const emptyRun = (): FanoutRun => ({
    samples: [],
    lastReceiver: [],
    early: [],
    late: [],
    missing: 0,
    closeReasons: new Set(),
    intervals: [],
    framesPerUpdate: 0,
    idleFramesPerSecond: 0,
    closes: 0,
  });
  const runs = new Map<ServerKind, FanoutRun>(kinds.map((k) => [k, emptyRun()]));
  const incidentId = uuid(createRng(21));
  const note = smallNotes(setup.workspace.members[0]!.credentials);
  let sequence = 0;
  const next = () => {
    const event = note(sequence++, incidentId);
    return { id: event.id, event };
  };
  const perRound = Math.ceil(options.updates / options.rounds);
  const idleMs = 300;
  const frames = new Map(kinds.map((k) => [k, { burst: 0, idle: 0 }]));

  const measure = async (
    kind: ServerKind,
    room: string,
    count: number,
    intervalMs: number,
    run: FanoutRun,
  ) => {
    const group = await connectClients(kind, setup.servers[kind], options.clients, setup.workspace, room);
    try {
      await fanoutBurst(group, options.warmup, intervalMs, next);
      // Idle traffic: what the server sends clients that neither write nor are written to.
      let before = totalFrames(group);
      await sleep(idleMs);
      const idle = totalFrames(group) - before;
      before = totalFrames(group);
      const closes = totalCloses(group);
      const burst = await fanoutBurst(group, count, intervalMs, next);
      run.closes += totalCloses(group) - closes;
      if (totalCloses(group) > closes)
        for (const c of group) if (c.counter.lastClose) run.closeReasons.add(c.counter.lastClose);
      run.samples.push(...burst.samples);
      run.lastReceiver.push(...burst.lastReceiver);
      const tenth = Math.max(1, Math.floor(count / 10));
      run.early.push(...burst.lastReceiver.slice(0, tenth));
      run.late.push(...burst.lastReceiver.slice(-tenth));
      run.missing += burst.missing;
      run.intervals.push(burst.intervalMs);
      return { idle, burst: totalFrames(group) - before };
    } finally {
      group.forEach((c) => c.destroy());
    }
  };

  for (let round = 0; round < options.rounds; round++) {
    for (let k = 0; k < kinds.length; k++) {
      const kind = kinds[(k + round) % kinds.length]!;
      const counted = await measure(
        kind,
        `incident:fanout-${round}`,
        perRound,
        options.intervalMs,
        runs.get(kind)!,
      );
      frames.get(kind)!.idle += counted.idle;
      frames.get(kind)!.burst += counted.burst;
    }
  }
  for (const kind of kinds) {
    const run = runs.get(kind)!;
    const { burst, idle } = frames.get(kind)!;
    run.framesPerUpdate = burst / (perRound * options.rounds) / (options.clients - 1);
    run.idleFramesPerSecond = (idle / options.clients / (idleMs * options.rounds)) * 1000;
  }
  const paced = emptyRun();
  await measure('hub', 'incident:fanout-paced', options.paced.updates, options.paced.intervalMs, paced);
  return fanoutReport(
    runs,
    paced,
    { ...options, updates: perRound * options.rounds },
    updateBytes(next().event),
  );
}

const totalFrames = (clients: FanoutClient[]) => clients.reduce((n, c) => n + c.counter.frames, 0);
const totalCloses = (clients: FanoutClient[]) => clients.reduce((n, c) => n + c.counter.closes, 0);

/** The size of the update one map.set of `event` makes in a document. */
function updateBytes(event: unknown): number {
  const doc = new Y.Doc();
  let bytes = 0;
  doc.on('update', (update: Uint8Array) => (bytes = update.byteLength));
  doc.getMap(EVENTS_MAP).set('x', event);
  doc.destroy();
  return bytes;
}

/**
 * Client 0 writes `count` events, one every `intervalMs` (paced against the clock, so a late tick
 * does not slow the rest); the others' map observers time each arrival.
 */
async function fanoutBurst(
  clients: FanoutClient[],
  count: number,
  intervalMs: number,
  next: () => { id: string; event: unknown },
): Promise<Burst> {
  const [writer, ...receivers] = clients;
  const sentAt = new Map<string, number>();
  const last = new Map<string, number>();
  const order: string[] = [];
  const samples: number[] = [];
  const observers = receivers.map((client) => {
    const observer = (event: Y.YMapEvent<unknown>) => {
      const now = performance.now();
      for (const key of event.keysChanged) {
        const sent = sentAt.get(key);
        if (sent === undefined) continue;
        samples.push(now - sent);
        last.set(key, now - sent);
      }
    };
    client.map.observe(observer);
    return () => client.map.unobserve(observer);
  });
  const closesBefore = totalCloses(clients);
  try {
    const start = performance.now();
    let lastSend = start;
    for (let i = 0; i < count; i++) {
      const { id, event } = next();
      order.push(id);
      lastSend = performance.now();
      sentAt.set(id, lastSend);
      writer!.map.set(id, event);
      await sleep(Math.max(0, start + (i + 1) * intervalMs - performance.now()));
    }
    const expected = receivers.length * count;
    // A server that closed connections (say, refusing an update) would keep them waiting: stop then.
    await waitFor(() => samples.length >= expected || totalCloses(clients) > closesBefore, 10_000);
    return {
      samples,
      lastReceiver: order.map((id) => last.get(id) ?? Number.NaN),
      missing: Math.max(0, expected - samples.length),
      intervalMs: count > 1 ? (lastSend - start) / (count - 1) : intervalMs,
    };
  } finally {
    observers.forEach((stop) => stop());
  }
}

const p = (s: Summary) => `p50 ${formatMs(s.p50)} / p99 ${formatMs(s.p99)}`;

function fanoutReport(
  runs: Map<ServerKind, FanoutRun>,
  paced: FanoutRun,
  options: FanoutOptions,
  bytes: number,
): Figure[] {
  const summary = new Map([...runs].map(([kind, run]) => [kind, summarize(run.samples)]));
  const hub = summary.get('hub')!;
  const raw = summary.get('raw')!;
  const stock = summary.get('stock')!;
  const receivers = options.clients - 1;
  const data =
    `${options.clients} clients in one room on loopback, one writing a ${bytes} B Yjs update (one event-sized Y.Map set) ` +
    `every ${options.intervalMs} ms; ${options.updates} updates per server, latency until each of the ${receivers} others ` +
    `has applied it (${(options.updates * receivers).toLocaleString('en')} samples per server).`;
  const perServer = (name: string, run: FanoutRun) => {
    const s = summarize(run.samples);
    const last = summarize(run.lastReceiver.filter(Number.isFinite));
    return (
      `${name}: ${p(s)}, max ${formatMs(s.max)}; last of ${receivers} ${p(last)}; ` +
      `first/last tenth of a burst ${formatMs(median(run.early))} -> ${formatMs(median(run.late))}; ` +
      `paced ${median(run.intervals).toFixed(1)} ms; ${run.framesPerUpdate.toFixed(2)} frames/client/update, ` +
      `idle ${run.idleFramesPerSecond.toFixed(0)} frames/s/client` +
      (run.missing > 0 ? `; ${run.missing} deliveries MISSING` : '') +
      (run.closes > 0
        ? `; ${run.closes} connections CLOSED during the runs (${[...run.closeReasons].join('; ')})`
        : '')
    );
  };
  const pacedSummary = summarize(paced.samples);
  const notes = [
    `Servers take turns in ${options.rounds} rounds (order rotated), each round in a new room with ${options.clients} newly connected ` +
      `clients and ${options.warmup} warm-up updates; clients are plain Y.Docs in the bench process (provider as RoomSync sets it up).`,
    ...(['raw', 'stock', 'hub'] as const).map((kind) => perServer(SERVER_NAMES[kind], runs.get(kind)!)),
    `Diagnostic, the hub alone, one update every ${options.paced.intervalMs} ms (${options.paced.updates} updates): ` +
      `${p(pacedSummary)}, last of ${receivers} ${p(summarize(paced.lastReceiver.filter(Number.isFinite)))}` +
      (paced.missing > 0 ? `, ${paced.missing} MISSING` : '') +
      (paced.closes > 0 ? `, ${paced.closes} CLOSED (${[...paced.closeReasons].join('; ')})` : '') +
      '.',
  ];
  const serverRaw = (run: FanoutRun) => ({
    ...summarize(run.samples),
    last: summarize(run.lastReceiver.filter(Number.isFinite)),
    earlyMedianMs: median(run.early),
    lateMedianMs: median(run.late),
    intervalsMs: run.intervals,
    missing: run.missing,
    closes: run.closes,
    closeReasons: [...run.closeReasons],
    framesPerUpdate: run.framesPerUpdate,
    idleFramesPerSecond: run.idleFramesPerSecond,
  });
  const delivered = runs.get('hub')!.missing === 0;
  return [
    {
      id: 'fanout-raw',
      name: `fan-out, ${options.clients} clients, vs raw ws`,
      data,
      muster: `hub ${p(hub)}`,
      baseline: `raw ws ${p(raw)}`,
      ratio: hub.p99 / raw.p99,
      ratioOf: `p99 (p50 ${formatRatio(hub.p50 / raw.p50)})`,
      target: 'p99 <= 2x raw ws',
      met: delivered && hub.p99 / raw.p99 <= 2,
      notes,
      raw: {
        options,
        updateBytes: bytes,
        servers: Object.fromEntries([...runs].map(([kind, run]) => [kind, serverRaw(run)])),
        pacedHub: serverRaw(paced),
      },
    },
    {
      id: 'fanout-stock',
      name: `fan-out, ${options.clients} clients, vs stock server`,
      data: 'The same runs, against the stock y-websocket@2 server (bin/server.cjs, documents in memory).',
      muster: `hub ${p(hub)}`,
      baseline: `stock ${p(stock)}`,
      ratio: hub.p99 / stock.p99,
      ratioOf: `p99 (p50 ${formatRatio(hub.p50 / stock.p50)})`,
      target: 'p99 <= 1x stock',
      met: delivered && hub.p99 <= stock.p99,
      notes: [],
      raw: {},
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Offline merge
// ---------------------------------------------------------------------------------------------

export type MergeOptions = {
  /** Events each side appends while offline. */
  perSide: number;
  /** Events both sides and the hub held before they went offline. */
  base: number;
  /** Appends per commit while building the offline edits (setup; the merge is by state vectors). */
  batch: number;
  repetitions: number;
};

/** TCP client sockets opened by this process, with the port each connected to. */
class SocketTap {
  private readonly sockets: { socket: Socket; port: number | undefined }[] = [];
  private readonly onSocket = (message: unknown) => {
    const { socket } = message as { socket: Socket };
    const entry = { socket, port: undefined as number | undefined };
    socket.once('connect', () => (entry.port = socket.remotePort));
    this.sockets.push(entry);
  };
  constructor() {
    dc.subscribe('net.client.socket', this.onSocket);
  }
  /** Bytes read plus written so far on sockets to `port` (all of them, HTTP upgrade included). */
  bytes(port: number): { bytes: number; sockets: number } {
    let bytes = 0;
    let sockets = 0;
    for (const { socket, port: p } of this.sockets) {
      if (p !== port) continue;
      bytes += socket.bytesRead + socket.bytesWritten;
      sockets++;
    }
    return { bytes, sockets };
  }
  clear(): void {
    this.sockets.length = 0;
  }
  close(): void {
    dc.unsubscribe('net.client.socket', this.onSocket);
  }
}

const portOf = (url: string) => Number(new URL(url).port);
const sameState = (a: Y.Doc, b: Y.Doc) =>
  Buffer.compare(Y.encodeStateVector(a), Y.encodeStateVector(b)) === 0;

/** What the hub last logged about closing a connection or refusing one. */
function lastClose(server: ChildServer): string {
  const lines = server.stderr().split('\n');
  return (
    lines
      .reverse()
      .find((line) => / closed | refused /.test(line))
      ?.trim() ?? '(nothing logged)'
  );
}

/**
 * Puts `update` on the server's copy of the room through a short-lived provider, then checks with
 * a second one, from an empty document, that the server holds it.
 */
async function seedServer(
  server: ChildServer,
  url: string,
  room: string,
  update: Uint8Array,
  Socket: typeof WebSocket,
) {
  const seeded = new Y.Doc();
  Y.applyUpdate(seeded, update);
  const expected = seeded.getMap(EVENTS_MAP).size;
  const connect = (doc: Y.Doc) => {
    const awareness = new Awareness(doc);
    awareness.setLocalState(null);
    const provider = new WebsocketProvider(url, room, doc, {
      WebSocketPolyfill: Socket as unknown as typeof globalThis.WebSocket,
      awareness,
      disableBc: true,
    });
    process.off('exit', provider._exitHandler);
    return () => {
      provider.destroy();
      awareness.destroy();
      doc.destroy();
    };
  };
  const closeSeeder = connect(seeded);
  const reader = new Y.Doc();
  let closeReader: (() => void) | undefined;
  try {
    // The seeder sends its state as soon as the server's sync step 1 arrives.
    await sleep(100);
    closeReader = connect(reader);
    if (!(await waitFor(() => reader.getMap(EVENTS_MAP).size === expected, 10_000, 5)))
      throw new Error(
        `could not put ${expected} events on ${room} (${SERVER_NAMES[server.kind]}): ${lastClose(server)}`,
      );
  } finally {
    closeSeeder();
    closeReader?.();
  }
}

type Side = { store: Store; room: Room };

function openSide(dataDir: string, roomName: string): Side {
  const store = openStore(path.join(dataDir, 'muster.db'));
  try {
    return { store, room: openRoom(store, roomName) };
  } catch (error) {
    store.close();
    throw error;
  }
}

type MergeRun = {
  ms: number;
  ackMs: number;
  /** Sent plus received on both copies' sockets, at the moment they were identical. */
  bytes: number;
  sockets: number;
  stock: { ms: number; bytes: number } | undefined;
  checks: CheckCost | undefined;
  bare: { ms: number; bytes: number; svBytes: number; updateBytes: number };
  events: number;
};

/**
 * The offline-merge figures: through the hub, time and bytes. Per repetition: a fresh room,
 * `base` events on the hub and both copies, then `perSide` events appended on each copy with no
 * connection, then both reconnect at once (a RoomSync each, as the sync client makes them).
 */
export async function mergeFigures(
  setup: SyncServers,
  factory: EventFactory,
  rtt: number,
  options: MergeOptions,
): Promise<Figure[]> {
  const tap = new SocketTap();
  const runs: MergeRun[] = [];
  try {
    const { workspace, servers } = setup;
    const [memberA, memberB] = workspace.members;
    const rng = createRng(31);
    // Signed once by each member's device (the hub verifies every event), used in every repetition:
    // each has a room of its own.
    const incidentId = uuid(rng);
    const signA = signedEvents(factory, memberA!.credentials);
    const signB = signedEvents(factory, memberB!.credentials);
    const { base, perSide: full } = options;
    const baseEvents = Array.from({ length: base }, (_, i) => signA(i, incidentId));
    const offline = [
      Array.from({ length: full }, (_, i) => signA(base + i, incidentId)),
      Array.from({ length: full }, (_, i) => signB(base + full + i, incidentId)),
    ] as const;
    // Repetition -1 warms up the hub, its checker worker and this process on a tenth of the data.
    for (let rep = -1; rep < options.repetitions; rep++) {
      const warm = rep < 0;
      const perSide = warm ? Math.max(100, Math.round(full / 10)) : full;
      const roomName = `incident:${uuid(rng)}`;
      // The shared past: made once, stored on the hub, applied to both copies.
      const baseDoc = new Y.Doc();
      baseDoc.transact(() => {
        for (const event of baseEvents) baseDoc.getMap(EVENTS_MAP).set(event.id, event);
      });
      const baseUpdate = Y.encodeStateAsUpdate(baseDoc);
      baseDoc.destroy();
      const hubUrl = `${servers.hub.url}/w/${workspace.workspace.id}`;
      await seedServer(
        servers.hub,
        hubUrl,
        roomName,
        baseUpdate,
        authenticatedSocket(memberA!.credentials) as typeof WebSocket,
      );

      const a = openSide(memberA!.dataDir, roomName);
      const b = openSide(memberB!.dataDir, roomName);
      try {
        a.room.applyUpdate(baseUpdate);
        b.room.applyUpdate(baseUpdate);
        // Offline edits, in commits of `batch` (the state sent on reconnect does not depend on it).
        const appendAll = (side: Side, events: readonly EventEnvelope[]) => {
          for (let i = 0; i < perSide; i += options.batch)
            side.room.appendEvents(events.slice(i, Math.min(i + options.batch, perSide)));
        };
        appendAll(a, offline[0]);
        appendAll(b, offline[1]);
        const expected = base + 2 * perSide;
        const stateA = Y.encodeStateAsUpdate(a.room.doc);
        const stateB = Y.encodeStateAsUpdate(b.room.doc);

        const bare = warm ? undefined : bareMerge(stateA, stateB);
        const stock =
          rep === 0 ? await stockMerge(servers.stock, roomName, baseUpdate, stateA, stateB, tap) : undefined;
        const checks =
          rep === 0
            ? checkCost(baseUpdate, Y.encodeStateAsUpdate(a.room.doc, Y.encodeStateVector(b.room.doc)))
            : undefined;

        // The measured reconnect.
        collectGarbage();
        tap.clear();
        const port = portOf(servers.hub.url);
        const events0 = { onAcknowledged: () => {}, onStateChange: () => {} };
        const started = performance.now();
        const syncA = new RoomSync(
          a.room,
          servers.hub.url,
          workspace.workspace.id,
          memberA!.credentials,
          events0,
        );
        const syncB = new RoomSync(
          b.room,
          servers.hub.url,
          workspace.workspace.id,
          memberB!.credentials,
          events0,
        );
        try {
          const converged = () =>
            sameState(a.room.doc, b.room.doc) &&
            a.room.doc.getMap(EVENTS_MAP).size === expected &&
            b.room.doc.getMap(EVENTS_MAP).size === expected;
          // On loopback each copy connects once; more sockets mean the hub closed one (refusing an update).
          const reconnected = () => tap.bytes(port).sockets > 2;
          if (!(await waitFor(() => converged() || reconnected(), 60_000, 1)) || !converged()) {
            throw new Error(
              `offline merge: copies not identical after ${formatMs(performance.now() - started)}` +
                (reconnected() ? `; the hub closed a connection: ${lastClose(servers.hub)}` : ''),
            );
          }
          const ms = performance.now() - started;
          const { bytes, sockets } = tap.bytes(port);
          const acked = await waitFor(() => syncA.inSync() && syncB.inSync(), 30_000, 1);
          const ackMs = acked ? performance.now() - started : Number.NaN;
          if (bare) runs.push({ ms, ackMs, bytes, sockets, stock, checks, bare, events: expected });
        } finally {
          syncA.destroy();
          syncB.destroy();
        }
      } finally {
        a.room.close();
        b.room.close();
        a.store.close();
        b.store.close();
      }
    }
  } finally {
    tap.close();
  }
  return mergeReport(runs, rtt, options);
}

type CheckCost = { updateBytes: number; applyMs: number; applyWithListenerMs: number; checkMs: number };

/**
 * Diagnostic: what one side's offline changes cost to apply where the other side's copy of the
 * room only has the shared past: plain, with an 'update' listener (the hub broadcasts from one, a
 * member's Room stores from one, and Yjs re-encodes the applied update for it), and what
 * assertWellFormedUpdate costs on the same bytes (the hub runs it in its checker worker, then
 * again in Room.applyUpdate). Medians of three, interleaved.
 */
function checkCost(baseUpdate: Uint8Array, update: Uint8Array): CheckCost {
  const applied = (listener: boolean) => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, baseUpdate);
    if (listener) doc.on('update', () => {});
    collectGarbage();
    const ms = time(() => Y.applyUpdate(doc, update));
    doc.destroy();
    return ms;
  };
  const samples: { apply: number[]; listener: number[]; check: number[] } = {
    apply: [],
    listener: [],
    check: [],
  };
  for (let i = 0; i < 3; i++) {
    samples.apply.push(applied(false));
    samples.listener.push(applied(true));
    collectGarbage();
    samples.check.push(time(() => assertWellFormedUpdate(update)));
  }
  return {
    updateBytes: update.byteLength,
    applyMs: median(samples.apply),
    applyWithListenerMs: median(samples.listener),
    checkMs: median(samples.check),
  };
}

/**
 * Bare Yjs doing the same exchange in process: each side's state vector to the other, each side's
 * missing part back, both applied. Median of three on fresh documents.
 */
function bareMerge(stateA: Uint8Array, stateB: Uint8Array): MergeRun['bare'] {
  const times: number[] = [];
  let bytes = 0;
  let svBytes = 0;
  let updateBytes = 0;
  for (let i = 0; i < 3; i++) {
    const a = new Y.Doc();
    const b = new Y.Doc();
    Y.applyUpdate(a, stateA);
    Y.applyUpdate(b, stateB);
    collectGarbage();
    const start = performance.now();
    const svA = Y.encodeStateVector(a);
    const svB = Y.encodeStateVector(b);
    const toB = Y.encodeStateAsUpdate(a, svB);
    const toA = Y.encodeStateAsUpdate(b, svA);
    Y.applyUpdate(a, toA);
    Y.applyUpdate(b, toB);
    times.push(performance.now() - start);
    if (!sameState(a, b)) throw new Error('bare merge: documents differ');
    svBytes = svA.byteLength + svB.byteLength;
    updateBytes = toA.byteLength + toB.byteLength;
    bytes = svBytes + updateBytes;
    a.destroy();
    b.destroy();
  }
  return { ms: median(times), bytes, svBytes, updateBytes };
}

/** Diagnostic: the same reconnect of two plain documents through the stock server. */
async function stockMerge(
  server: ChildServer,
  roomName: string,
  baseUpdate: Uint8Array,
  stateA: Uint8Array,
  stateB: Uint8Array,
  tap: SocketTap,
): Promise<{ ms: number; bytes: number }> {
  await seedServer(server, server.url, roomName, baseUpdate, WebSocket);
  tap.clear();
  const clients = [stateA, stateB].map((state) => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    return doc;
  });
  const started = performance.now();
  const providers = clients.map((doc) => {
    const awareness = new Awareness(doc);
    awareness.setLocalState(null);
    const provider = new WebsocketProvider(server.url, roomName, doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      awareness,
      disableBc: true,
    });
    process.off('exit', provider._exitHandler);
    return { provider, awareness };
  });
  try {
    if (!(await waitFor(() => sameState(clients[0]!, clients[1]!), 60_000, 1)))
      throw new Error('offline merge through the stock server: copies not identical after 60 s');
    const ms = performance.now() - started;
    return { ms, bytes: tap.bytes(portOf(server.url)).bytes };
  } finally {
    for (const { provider, awareness } of providers) {
      provider.destroy();
      awareness.destroy();
    }
    clients.forEach((doc) => doc.destroy());
  }
}

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;

function mergeReport(runs: MergeRun[], rtt: number, options: MergeOptions): Figure[] {
  const ms = median(runs.map((r) => r.ms));
  const bareMs = median(runs.map((r) => r.bare.ms));
  const baseline = bareMs + rtt;
  // Through any relay each copy's link carries what it sends plus what it receives, which is the
  // whole bare exchange: compare one copy's socket (half of both) with it.
  const perCopy = median(runs.map((r) => r.bytes / 2));
  const bareBytes = median(runs.map((r) => r.bare.bytes));
  const ackMs = median(runs.map((r) => r.ackMs));
  const stock = runs.find((r) => r.stock)?.stock;
  const checks = runs.find((r) => r.checks)?.checks;
  const { perSide, base } = options;
  const thousands = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(0)}k` : String(n));
  const data =
    `Two members' copies of one room (${base} shared events), each appending ${perSide.toLocaleString('en')} events offline ` +
    `(~${runs[0] ? Math.round(runs[0].bare.updateBytes / 2 / perSide) : 0} B of Yjs update each), then reconnecting at once through the hub with ` +
    `Muster's client (Room in the member's SQLite store + RoomSync); until both hold identical state (${(base + 2 * perSide).toLocaleString('en')} events).`;
  const reconnects = runs.some((r) => r.sockets > 2);
  const notes = [
    `Median of ${runs.length}: ${runs.map((r) => formatMs(r.ms)).join(', ')}. Baseline = bare Yjs exchange in process ` +
      `(state vectors both ways, encodeStateAsUpdate, applyUpdate; ${formatMs(bareMs)}) + one loopback ws round trip (${formatMs(rtt)}).`,
    `Hub acknowledged both copies' changes (RoomSync.inSync) after ${formatMs(ackMs)}.` +
      (stock
        ? ` Diagnostic, plain Y.Docs through the stock y-websocket@2 server (no store, no checks): ${formatMs(stock.ms)}.`
        : ''),
    ...(checks
      ? [
          `Diagnostic, one side's changes (${megabytes(checks.updateBytes)}) applied to a copy holding the shared past: ` +
            `${formatMs(checks.applyMs)}, ${formatMs(checks.applyWithListenerMs)} with an 'update' listener (the hub broadcasts and a ` +
            `member's Room stores from one); assertWellFormedUpdate on them: ${formatMs(checks.checkMs)} ` +
            `(${(checks.checkMs / checks.applyMs).toFixed(1)}x the apply; the hub runs it twice, in its checker worker and in Room.applyUpdate).`,
        ]
      : []),
    ...(reconnects
      ? [`Some copies reconnected during the merge: ${runs.map((r) => r.sockets).join(', ')} sockets.`]
      : []),
  ];
  return [
    {
      id: 'merge-time',
      name: `offline merge, 2 x ${thousands(perSide)} events`,
      data,
      muster: formatMs(ms),
      baseline: `bare Yjs ${formatMs(bareMs)} + RTT ${formatMs(rtt)}`,
      ratio: ms / baseline,
      ratioOf: 'total',
      target: '<= 2x (bare + RTT)',
      met: ms / baseline <= 2,
      notes,
      raw: { options, rttMs: rtt, runs },
    },
    {
      id: 'merge-bytes',
      name: `offline merge bytes, 2 x ${thousands(perSide)}`,
      data:
        "Bytes sent plus received on one copy's TCP socket to the hub (half of both; HTTP upgrade and ws framing included), " +
        'against the bare exchange (both state vectors and both missing parts), which is what one link to a relay has to carry.',
      muster: megabytes(perCopy),
      baseline: `bare Yjs ${megabytes(bareBytes)}`,
      ratio: perCopy / bareBytes,
      ratioOf: 'bytes',
      target: '<= 1.3x bare Yjs',
      met: perCopy / bareBytes <= 1.3,
      notes: [
        `Both copies together: ${runs.map((r) => megabytes(r.bytes)).join(', ')}.` +
          (stock
            ? ` Diagnostic, the stock y-websocket@2 server: ${megabytes(stock.bytes / 2)} per copy ` +
              `(${(stock.bytes / 2 / bareBytes).toFixed(2)}x; its updateHandler sends every update to all connections, the sender's included).`
            : ''),
      ],
      raw: { perCopyBytes: perCopy, bareBytes, stockPerCopyBytes: stock ? stock.bytes / 2 : null },
    },
  ];
}

/** One loopback WebSocket round trip (ping/pong with the raw relay), median of `count`. */
export async function loopbackRoundTrip(url: string, count = 30): Promise<number> {
  const ws = new WebSocket(`${url}/rtt`);
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const start = performance.now();
      await new Promise<void>((resolve) => {
        ws.once('pong', () => resolve());
        ws.ping();
      });
      times.push(performance.now() - start);
    }
    return median(times.slice(5));
  } finally {
    ws.terminate();
  }
}
