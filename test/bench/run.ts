/**
 * `npm run bench`: the performance figures of issue 3, each as a ratio against a baseline measured
 * in the same run (DESIGN.md section 6), with the absolute numbers and the target.
 *
 *   npm run bench                      all figures, compact table
 *   npm run bench -- --json            the same as JSON on stdout (progress goes to stderr)
 *   npm run bench -- --only board,search,load,append
 *   npm run bench -- --quick           a tenth of the data, to try the bench out
 *   npm run bench -- --full-durable    time all 100k per-event durable appends (several minutes)
 *   npm run bench -- --single-room     also load 200k events from one room
 *   npm run bench -- --only fanout,merge   the sync figures (they run the built hub: npm run build)
 *   npm run bench -- --only runfold        issue 5's playbook run fold
 *
 * Data lives in a temp directory under os.tmpdir(), removed at the end (also on Ctrl-C), and the
 * sync figures' servers are child processes, stopped at the end too.
 * Not part of `npm test`, and nothing here asserts on time.
 */
import { mkdtempSync, rmSync, statfsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEventFactory } from './event-data';
import { boardFigure, openQueryStore, searchFigure } from './query-bench';
import { formatMs, formatTable, type Figure } from './report';
import { roomAppendFigures, roomLoadFigure } from './room-bench';
import { runFoldFigure } from './run-fold-bench';
import { fanoutFigures, loopbackRoundTrip, mergeFigures, startSyncServers } from './sync-bench';
import { stopAllServers } from './sync-servers';

const FIGURES = ['board', 'search', 'load', 'append', 'fanout', 'merge', 'runfold'] as const;
type FigureName = (typeof FIGURES)[number];

type Options = {
  json: boolean;
  only: Set<FigureName>;
  quick: boolean;
  fullDurable: boolean;
  singleRoom: boolean;
};

class UsageError extends Error {}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    json: false,
    only: new Set(FIGURES),
    quick: false,
    fullDurable: false,
    singleRoom: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json') options.json = true;
    else if (arg === '--quick') options.quick = true;
    else if (arg === '--full-durable') options.fullDurable = true;
    else if (arg === '--single-room') options.singleRoom = true;
    else if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg.includes('=') ? arg.slice('--only='.length) : argv[++i];
      const names = (value ?? '').split(',').filter(Boolean);
      const unknown = names.filter((n) => !(FIGURES as readonly string[]).includes(n));
      if (names.length === 0 || unknown.length > 0)
        throw new UsageError(`--only takes a comma-separated list of ${FIGURES.join(', ')}`);
      options.only = new Set(names as FigureName[]);
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write(
        'usage: npm run bench -- [--json] [--only board,search,load,append,fanout,merge,runfold] [--quick] [--full-durable] [--single-room]\n',
      );
      process.exit(0);
    } else throw new UsageError(`unknown argument ${arg} (try --help)`);
  }
  return options;
}

function sizes(quick: boolean) {
  const scale = quick ? 10 : 1;
  return {
    projections: { incidents: 100_000 / scale, logEntries: 1_000_000 / scale },
    load: { rooms: 2_000 / scale, perRoom: 100 },
    append: { rooms: 100 / scale, perRoom: 1_000 },
    fanout: {
      clients: 50,
      updates: 300 / scale,
      rounds: 3,
      warmup: 20,
      intervalMs: 10,
      paced: { updates: 60 / scale, intervalMs: 50 },
    },
    merge: { perSide: 10_000 / scale, base: 100, batch: 500, repetitions: 3 },
  };
}

const progress = (message: string) =>
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

function machine(dir: string) {
  let filesystem = 'unknown';
  try {
    // ext4 0xef53, tmpfs 0x01021994, overlayfs 0x794c7630: tmpfs would make fsync free.
    const type = statfsSync(dir).type;
    filesystem =
      { 0xef53: 'ext4', 0x01021994: 'tmpfs', 0x794c7630: 'overlayfs', 0x58465342: 'xfs' }[type] ??
      `0x${type.toString(16)}`;
  } catch {
    // statfs is missing on some platforms; the figure is only informative.
  }
  return {
    node: process.version,
    platform: `${process.platform} ${os.arch()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    loadAverage1m: Number(os.loadavg()[0]!.toFixed(2)),
    tmpdir: dir,
    filesystem,
  };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const size = sizes(options.quick);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'muster-bench-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  process.once('SIGINT', () => {
    void stopAllServers().finally(() => {
      cleanup();
      process.exit(130);
    });
  });

  const started = performance.now();
  const before = machine(dir);
  const figures: Figure[] = [];
  try {
    if (options.only.has('board') || options.only.has('search')) {
      const { incidents, logEntries } = size.projections;
      progress(`filling projections: ${incidents} incidents, ${logEntries} log entries`);
      const store = openQueryStore(dir, size.projections);
      progress(`filled in ${formatMs(store.setupMs)}`);
      try {
        if (options.only.has('board')) {
          progress('board query');
          figures.push(boardFigure(store, 8_000));
        }
        if (options.only.has('search')) {
          progress('full-text search');
          figures.push(searchFigure(store, 15_000));
        }
      } finally {
        store.db.close();
      }
    }
    const needsEvents = options.only.has('load') || options.only.has('append');
    const factory = needsEvents ? createEventFactory() : undefined;
    if (factory && options.only.has('load')) {
      progress(`room load: ${size.load.rooms} rooms x ${size.load.perRoom} events`);
      figures.push(roomLoadFigure(dir, factory, size.load, 3));
      if (options.singleRoom) {
        const single = { rooms: 1, perRoom: size.load.rooms * size.load.perRoom };
        progress(`room load: 1 room x ${single.perRoom} events`);
        figures.push(roomLoadFigure(dir, factory, single, 3));
      }
    }
    if (factory && options.only.has('append')) {
      const count = size.append.rooms * size.append.perRoom;
      progress(`append: ${count} events over ${size.append.rooms} rooms`);
      figures.push(
        ...roomAppendFigures(dir, factory, {
          layout: size.append,
          batch: 100,
          durableEvents: options.fullDurable ? count : Math.min(count, 2_000),
          durableBudgetMs: options.fullDurable ? Number.POSITIVE_INFINITY : 12_000,
        }),
      );
    }
    if (options.only.has('runfold')) {
      progress('playbook run fold: 200 steps, 5,000 step events');
      figures.push(runFoldFigure(options.quick ? 1_000 : 8_000));
    }
    if (options.only.has('fanout') || options.only.has('merge')) {
      progress('sync: starting the raw ws relay, the stock y-websocket server and the Muster hub');
      const servers = await startSyncServers(path.join(dir, 'sync'));
      try {
        if (options.only.has('fanout')) {
          const { clients, updates } = size.fanout;
          progress(`fan-out: ${clients} clients, ${updates} updates per server`);
          figures.push(...(await fanoutFigures(servers, size.fanout)));
        }
        if (options.only.has('merge')) {
          progress(`offline merge: 2 x ${size.merge.perSide} events, ${size.merge.repetitions} times`);
          const rtt = await loopbackRoundTrip(servers.servers.raw.url);
          figures.push(...(await mergeFigures(servers, factory ?? createEventFactory(), rtt, size.merge)));
        }
      } finally {
        await stopAllServers();
      }
    }
  } finally {
    await stopAllServers();
    cleanup();
  }

  const elapsedMs = performance.now() - started;
  const after = { loadAverage1m: Number(os.loadavg()[0]!.toFixed(2)) };
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ machine: before, after, elapsedMs, figures }, null, 2)}\n`);
    return;
  }
  const m = before;
  process.stdout.write(
    `Muster bench: node ${m.node}, ${m.cpus} x ${m.cpuModel}, ${m.filesystem} temp dir, ` +
      `load average ${m.loadAverage1m} -> ${after.loadAverage1m}, ${formatMs(elapsedMs)} in all.\n` +
      `Each ratio is Muster / baseline measured interleaved in this run (lower is better, 1.00x = no overhead).\n\n` +
      `${formatTable(figures)}\n`,
  );
}

try {
  await main();
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`bench: ${error.message}\n`);
  process.exitCode = 2;
}
