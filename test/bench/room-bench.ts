/**
 * Figures 3 and 4 of issue 3: loading rooms from their compacted snapshots, and appending events
 * through the room store, each against bare Yjs doing the same work on a Y.Map keyed by event id.
 *
 * Events are spread over rooms as a workspace spreads them over incidents (DESIGN.md section 3).
 */
import path from 'node:path';
import * as Y from 'yjs';
import { openStore, type Store } from '../../electron/core/db/open';
import { compactRoom } from '../../electron/core/docs/compaction';
import { EVENTS_MAP } from '../../electron/core/docs/room-events';
import { openRoom, type Room, type RoomOptions } from '../../electron/core/docs/room-store';
import type { EventEnvelope } from '../../shared/events';
import type { EventFactory } from './event-data';
import { formatMs, type Figure } from './report';
import { collectGarbage, median, time } from './stats';
import { createRng, uuid } from './text';

export type Layout = { rooms: number; perRoom: number };

const total = (layout: Layout) => layout.rooms * layout.perRoom;
const thousands = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(0)}k` : String(n));
const describeLayout = (layout: Layout) =>
  `${thousands(total(layout))} events (${layout.rooms.toLocaleString('en')} rooms x ${layout.perRoom.toLocaleString('en')})`;

function incidentIds(count: number, seed: number): string[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => uuid(rng));
}

const roomNameOf = (prefix: string, incidentId: string) => `${prefix}:${incidentId}`;

/**
 * Bare Yjs reading a room: a fresh document, the state applied, every value of the map read.
 * With `listener`, an 'update' listener is attached first, as openRoom's store listener is: Yjs
 * then encodes the whole applied state once more to hand it to the listener.
 */
function bareLoad(state: Uint8Array, listener = false): number {
  const doc = new Y.Doc();
  if (listener) doc.on('update', () => {});
  Y.applyUpdate(doc, state);
  const events = [...doc.getMap<unknown>(EVENTS_MAP).values()];
  doc.destroy();
  return events.length;
}

function musterLoad(db: Store, name: string): number {
  const room = openRoom(db, name);
  const count = room.events().length;
  room.close();
  return count;
}

/**
 * Figure 3. Setup: each room's state is built with bare Yjs, stored through the room store
 * (Room.applyUpdate logs it) and compacted with compactRoom, so Muster loads a real snapshot and
 * bare Yjs applies the very same bytes (checked). Measured: openRoom + events() + close per room
 * against new Y.Doc + applyUpdate + reading the map + destroy, alternating room by room.
 */
export function roomLoadFigure(dir: string, factory: EventFactory, layout: Layout, rounds: number): Figure {
  const db = openStore(path.join(dir, `load-${layout.rooms}.db`));
  try {
    const ids = incidentIds(layout.rooms, 11);
    const names = ids.map((id) => roomNameOf('incident', id));
    const states: Uint8Array[] = [];
    const setupMs = time(() => {
      db.pragma('synchronous = OFF'); // setup only; loading does not write
      ids.forEach((incidentId, r) => {
        const doc = new Y.Doc();
        const map = doc.getMap<unknown>(EVENTS_MAP);
        doc.transact(() => {
          for (let i = 0; i < layout.perRoom; i++) {
            const event = factory.make(r * layout.perRoom + i, incidentId);
            map.set(event.id, event);
          }
        });
        const state = Y.encodeStateAsUpdate(doc);
        doc.destroy();
        states.push(state);
        const room = openRoom(db, names[r]!);
        room.applyUpdate(state);
        room.close();
        compactRoom(db, names[r]!);
      });
      db.pragma('synchronous = FULL');
    });
    const logged = db.prepare('SELECT count(*) AS n FROM room_updates').get() as { n: number };
    const snapshot = db.prepare<[string], { state: Buffer }>(
      'SELECT state FROM room_snapshots WHERE room = ?',
    );
    const same = names.every((name, r) => {
      const stored = snapshot.get(name)?.state;
      return stored !== undefined && Buffer.compare(stored, states[r]!) === 0;
    });
    if (logged.n !== 0 || !same)
      throw new Error('room load setup: expected every room compacted into a snapshot of the same state');
    const stateBytes = states.reduce((sum, s) => sum + s.byteLength, 0);

    // Warm-up on a slice of the rooms, then full rounds.
    for (let r = 0; r < Math.min(200, layout.rooms); r++) {
      bareLoad(states[r]!);
      bareLoad(states[r]!, true);
      musterLoad(db, names[r]!);
    }
    const musterRounds: number[] = [];
    const bareRounds: number[] = [];
    const listenerRounds: number[] = [];
    for (let round = 0; round < rounds; round++) {
      collectGarbage();
      const ms = [0, 0, 0];
      const counts = [0, 0, 0];
      const sides = [
        (r: number) => musterLoad(db, names[r]!),
        (r: number) => bareLoad(states[r]!),
        (r: number) => bareLoad(states[r]!, true),
      ];
      for (let r = 0; r < layout.rooms; r++) {
        // Each side goes first, second and third equally often.
        for (let k = 0; k < sides.length; k++) {
          const side = (k + r + round) % sides.length;
          ms[side]! += time(() => (counts[side]! += sides[side]!(r)));
        }
      }
      if (counts.some((n) => n !== total(layout)))
        throw new Error(`room load: read ${counts.join(' / ')} events, expected ${total(layout)}`);
      musterRounds.push(ms[0]!);
      bareRounds.push(ms[1]!);
      listenerRounds.push(ms[2]!);
    }
    const muster = median(musterRounds);
    const bare = median(bareRounds);
    const withListener = median(listenerRounds);
    return {
      id: layout.rooms === 1 ? 'room-load-single' : 'room-load',
      name: `room load, ${thousands(total(layout))} events${layout.rooms === 1 ? ', 1 room' : ''}`,
      data:
        `Loading ${describeLayout(layout)} from compacted snapshots (${(stateBytes / 1e6).toFixed(0)} MB of Yjs state, ` +
        `~${factory.meanJsonBytes} B of JSON per event).`,
      muster: `${formatMs(muster)} (${formatMs((muster / total(layout)) * 1000)}/1k ev)`,
      baseline: `bare Yjs ${formatMs(bare)}`,
      ratio: muster / bare,
      ratioOf: 'total',
      target: '<= 1.5x bare Yjs',
      met: muster / bare <= 1.5,
      notes: [
        `Median of ${rounds} rounds, alternating room by room; Muster = openRoom + events() (schema-checked) + close,`,
        `bare = new Y.Doc + Y.applyUpdate(same bytes) + map values + destroy. Rounds (Muster/bare): ` +
          musterRounds.map((m, i) => `${formatMs(m)}/${formatMs(bareRounds[i]!)}`).join(', ') +
          `. Setup ${formatMs(setupMs)}.`,
        `Diagnostic: bare Yjs with an 'update' listener attached while applying, as openRoom has its store ` +
          `listener: ${formatMs(withListener)} (${(withListener / bare).toFixed(2)}x bare); Yjs re-encodes the loaded state for it.`,
      ],
      raw: {
        musterRoundsMs: musterRounds,
        bareRoundsMs: bareRounds,
        bareWithUpdateListenerRoundsMs: listenerRounds,
        layout,
        stateBytes,
        setupMs,
      },
    };
  } finally {
    db.close();
  }
}

/** One bare Yjs document per room, with an 'update' listener that keeps the bytes (what a store would get). */
class BareRooms {
  readonly maps: Y.Map<unknown>[];
  readonly docs: Y.Doc[];
  updates: Uint8Array[] = [];
  constructor(rooms: number) {
    this.docs = Array.from({ length: rooms }, () => new Y.Doc());
    for (const doc of this.docs) doc.on('update', (update: Uint8Array) => this.updates.push(update));
    this.maps = this.docs.map((doc) => doc.getMap<unknown>(EVENTS_MAP));
  }
  destroy(): void {
    for (const doc of this.docs) doc.destroy();
    this.updates = [];
  }
}

export type AppendOptions = {
  layout: Layout;
  /** Events per caller transaction in the batched variant. */
  batch: number;
  /** How many per-event durable appends to time (each is a synchronous=FULL commit). */
  durableEvents: number;
  durableBudgetMs: number;
};

/**
 * Figure 4, in two variants against the same bare Yjs work (map.set per event, update bytes
 * collected), events going round-robin over the rooms as they arrive in a busy workspace:
 * - per event, durable: appendEvent alone, one IMMEDIATE transaction and one synchronous=FULL
 *   commit per event. A commit's fsync took 0.2-4 ms on this shared VM's disk, so 100k could take
 *   minutes: a sample is timed (the per-event cost does not grow with the room: catch-up reads only
 *   newer rows), and the same sample times a raw better-sqlite3 INSERT + commit per update, the
 *   floor any durable per-event write has here.
 * - batched: Room.appendEvents with `batch` events at a time into one room (one Yjs update and
 *   one commit per batch). All events, interleaved with bare Yjs (one map.set per event) chunk by
 *   chunk.
 */
export function roomAppendFigures(dir: string, factory: EventFactory, options: AppendOptions): Figure[] {
  const { layout } = options;
  const db = openStore(path.join(dir, 'append.db'));
  try {
    const ids = incidentIds(layout.rooms, 12);
    const count = total(layout);
    const events: EventEnvelope[] = Array.from({ length: count }, (_, i) =>
      factory.make(i, ids[i % layout.rooms]!),
    );
    return [durableFigure(db, ids, events, options), batchedFigure(db, ids, events, options)];
  } finally {
    db.close();
  }
}

function durableFigure(db: Store, ids: string[], events: EventEnvelope[], options: AppendOptions): Figure {
  const { layout } = options;
  const rooms = ids.map((id) => openRoom(db, roomNameOf('durable', id)));
  const bare = new BareRooms(layout.rooms);
  db.exec(
    'CREATE TABLE bench_raw_updates (seq INTEGER PRIMARY KEY, room TEXT NOT NULL, update_bytes BLOB NOT NULL)',
  );
  const rawInsert = db.prepare('INSERT INTO bench_raw_updates (room, update_bytes) VALUES (?, ?)');
  const CHUNK = 50;
  let musterMs = 0;
  let bareMs = 0;
  let rawMs = 0;
  let done = 0;
  try {
    collectGarbage();
    const deadline = performance.now() + options.durableBudgetMs;
    while (done < options.durableEvents && (done < CHUNK * 4 || performance.now() < deadline)) {
      const end = Math.min(done + CHUNK, options.durableEvents);
      const from = bare.updates.length;
      const runBare = () => {
        bareMs += time(() => {
          for (let i = done; i < end; i++) bare.maps[i % layout.rooms]!.set(events[i]!.id, events[i]);
        });
      };
      const runMuster = () => {
        musterMs += time(() => {
          for (let i = done; i < end; i++) rooms[i % layout.rooms]!.appendEvent(events[i]!);
        });
      };
      if ((done / CHUNK) % 2 === 0) {
        runMuster();
        runBare();
      } else {
        runBare();
        runMuster();
      }
      // The floor: the bytes bare Yjs emitted, one INSERT and one FULL commit each, nothing else.
      const updates = bare.updates.slice(from);
      rawMs += time(() => {
        updates.forEach((update, k) => rawInsert.run(`durable:${ids[(done + k) % layout.rooms]!}`, update));
      });
      done = end;
    }
    const musterPer = musterMs / done;
    const barePer = bareMs / done;
    const rawPer = rawMs / done;

    // Where the time goes: appends to fresh rooms without the fsync of each commit (not a product setting).
    const normalSample = Math.min(500, events.length);
    const normalRooms = ids.map((id) => openRoom(db, roomNameOf('nosync', id)));
    db.pragma('synchronous = NORMAL');
    const normalMs = time(() => {
      for (let i = 0; i < normalSample; i++) normalRooms[i % layout.rooms]!.appendEvent(events[i]!);
    });
    db.pragma('synchronous = FULL');
    normalRooms.forEach((room) => room.close());
    const normalPer = normalMs / normalSample;
    const count = total(layout);
    return {
      id: 'room-append-durable',
      name: `append ${thousands(count)}, per-event durable`,
      data:
        `Appending events one appendEvent call each (each its own synchronous=FULL commit), round-robin over ` +
        `${layout.rooms} rooms; timed on the first ${done.toLocaleString('en')} events, projected to ${thousands(count)}.`,
      muster: `${formatMs(musterPer)}/ev (${thousands(count)}: ~${formatMs(musterPer * count)})`,
      baseline: `bare Yjs ${formatMs(barePer)}/ev`,
      ratio: musterPer / barePer,
      ratioOf: 'per event',
      target: '<= 2x bare Yjs',
      met: musterPer / barePer <= 2,
      notes: [
        `Floor: raw better-sqlite3 INSERT of the same update bytes + FULL commit, per event: ${formatMs(rawPer)} ` +
          `(${(rawPer / barePer).toFixed(1)}x bare Yjs)` +
          (rawPer / barePer > 2 ? ', so no per-event durable append can reach 2x on this disk.' : '.'),
        `Without the per-commit fsync (synchronous=NORMAL, ${normalSample} appends, not a product setting): ${formatMs(normalPer)}/ev ` +
          `(${(normalPer / barePer).toFixed(1)}x bare Yjs).`,
      ],
      raw: {
        sampledEvents: done,
        musterPerEventMs: musterPer,
        barePerEventMs: barePer,
        rawPerEventMs: rawPer,
        normalPerEventMs: normalPer,
      },
    };
  } finally {
    rooms.forEach((room) => room.close());
    bare.destroy();
  }
}

type BatchedPass = { musterMs: number; bareMs: number; stored: number; compactedRooms: number };

/** Room.appendEvents `batch` at a time (one commit each), interleaved with bare Yjs chunk by chunk. */
function batchedPass(
  db: Store,
  names: string[],
  events: EventEnvelope[],
  batch: number,
  roomOptions: RoomOptions,
): BatchedPass {
  const rooms: Room[] = names.map((name) => openRoom(db, name, roomOptions));
  const bare = new BareRooms(names.length);
  const CHUNK = 1000;
  let musterMs = 0;
  let bareMs = 0;
  const count = events.length;
  try {
    collectGarbage();
    for (let start = 0; start < count; start += CHUNK) {
      const end = Math.min(start + CHUNK, count);
      // Events arrive in bursts of `batch` into one room (a playbook launch, an import), rooms in turn.
      const roomOf = (i: number) => Math.floor(i / batch) % names.length;
      const runBare = () => {
        bareMs += time(() => {
          for (let i = start; i < end; i++) bare.maps[roomOf(i)]!.set(events[i]!.id, events[i]);
        });
      };
      const runMuster = () => {
        musterMs += time(() => {
          for (let b = start; b < end; b += batch) {
            rooms[roomOf(b)]!.appendEvents(events.slice(b, Math.min(b + batch, end)));
          }
        });
      };
      if ((start / CHUNK) % 2 === 0) {
        runMuster();
        runBare();
      } else {
        runBare();
        runMuster();
      }
    }
    const stored = rooms.reduce((sum, room) => sum + room.events().length, 0);
    if (stored !== count || bare.updates.length !== count)
      throw new Error(
        `append: ${stored} events stored, ${bare.updates.length} bare updates; expected ${count}`,
      );
    const snapshot = db.prepare<[string], { n: number }>(
      'SELECT count(*) AS n FROM room_snapshots WHERE room = ?',
    );
    const compactedRooms = names.filter((name) => snapshot.get(name)!.n > 0).length;
    return { musterMs, bareMs, stored, compactedRooms };
  } finally {
    rooms.forEach((room) => room.close());
    bare.destroy();
  }
}

function batchedFigure(db: Store, ids: string[], events: EventEnvelope[], options: AppendOptions): Figure {
  const { layout, batch } = options;
  const count = events.length;
  const main = batchedPass(
    db,
    ids.map((id) => roomNameOf('incident', id)),
    events,
    batch,
    {},
  );
  // The same appends with automatic compaction switched off (a RoomOptions setting), then each room
  // compacted once: separates what compaction costs from the rest of the write path.
  const deferredNames = ids.map((id) => roomNameOf('deferred', id));
  const deferred = batchedPass(db, deferredNames, events, batch, { compactAfter: Number.POSITIVE_INFINITY });
  const compactOnceMs = time(() => deferredNames.forEach((name) => compactRoom(db, name)));
  return {
    id: 'room-append-batched',
    name: `append ${thousands(count)}, ${batch} per commit`,
    data:
      `Appending ${describeLayout(layout)} in bursts of ${batch} per room, rooms in turn, through ` +
      `Room.appendEvents (one update and one synchronous=FULL commit per ${batch}); automatic compaction included.`,
    muster: formatMs(main.musterMs),
    baseline: `bare Yjs ${formatMs(main.bareMs)}`,
    ratio: main.musterMs / main.bareMs,
    ratioOf: 'total',
    target: '<= 2x bare Yjs',
    met: main.musterMs / main.bareMs <= 2,
    notes: [
      `Interleaved with bare Yjs in chunks of 1000; every event read back (${main.stored.toLocaleString('en')}); ` +
        `${main.compactedRooms} of ${layout.rooms} rooms compacted on the way.`,
      `Diagnostic, same appends with compactAfter: Infinity: ${formatMs(deferred.musterMs)} vs bare ` +
        `${formatMs(deferred.bareMs)} (${(deferred.musterMs / deferred.bareMs).toFixed(2)}x); compacting each room ` +
        `once afterwards: ${formatMs(compactOnceMs)}.`,
    ],
    raw: { ...main, batch, layout, deferred, compactOnceMs },
  };
}
