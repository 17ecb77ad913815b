import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it, onTestFinished } from 'vitest';
import { openStore, type Store } from '../../electron/core/db/open';
import { compactRoom } from '../../electron/core/docs/compaction';
import { openRoom } from '../../electron/core/docs/room-store';
import { makeEvent, openTempStore, roomTables } from '../support/room-fixtures';
import { tempDir } from '../support/temp-dir';
import { seededRandom } from '../support/seeded-random';

const CHILD = path.join(import.meta.dirname, '..', 'support', 'compaction-crash-child.ts');
const ROOMS = ['incident:crash-a', 'incident:crash-b'];

type Child = {
  process: ChildProcess;
  /** Lets a child waiting on standby open the store and start writing. */
  go: () => void;
  appended: string[];
  lastLine: () => string;
  /** Resolves once the child has printed `line` (perhaps already), or rejects if it exits first. */
  waitFor: (line: string) => Promise<void>;
  exited: Promise<void>;
};

function startChild(file: string, prefix: string, mode: 'loop' | 'pause'): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file, prefix, mode], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  onTestFinished(() => void child.kill('SIGKILL'));
  const appended: string[] = [];
  let last = '';
  let stderr = '';
  const seen = new Set<string>();
  const waiters: { line: string; resolve: () => void }[] = [];
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (line) => {
    last = line;
    seen.add(line);
    if (line.startsWith('appended ')) appended.push(line.slice('appended '.length));
    for (const waiter of waiters.filter((w) => w.line === line)) waiter.resolve();
  });
  // Every line the child wrote before dying is read before this resolves.
  const exited = new Promise<void>((resolve) => lines.once('close', resolve));
  return {
    process: child,
    go: () => void child.stdin!.write('go\n'),
    appended,
    lastLine: () => last,
    waitFor: (line) =>
      new Promise<void>((resolve, reject) => {
        if (seen.has(line)) return resolve();
        waiters.push({ line, resolve });
        void exited.then(() => reject(new Error(`child exited before "${line}"; stderr:\n${stderr}`)));
      }),
    exited,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function verify(file: string, mustHave: ReadonlySet<string>): number {
  const db: Store = openStore(file);
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const stored = new Set<string>();
    for (const name of ROOMS) {
      const room = openRoom(db, name);
      for (const event of room.events()) stored.add(event.id);
      room.close();
    }
    const missing = [...mustHave].filter((id) => !stored.has(id));
    expect(missing).toEqual([]);
    return stored.size;
  } finally {
    db.close();
  }
}

describe('compaction under crashes', () => {
  it(
    'loses no acknowledged event when processes appending and compacting are SIGKILLed at random moments',
    async () => {
      const file = path.join(tempDir(), 'muster.db');
      openStore(file).close(); // migrate once, before children race to open it
      const random = seededRandom(0x5eed_2026);
      const acknowledged = new Set<string>();
      let kills = 0;
      let frozenMidCompaction = 0;
      let killedDuringExplicitCompaction = 0;

      // Two processes per round on one store (the desktop app and a CLI command, say), each killed
      // on its own schedule; every third round one of them freezes inside a compaction first.
      const ROUNDS = 10;
      const modesOf = (round: number) =>
        round % 3 === 2 ? (['loop', 'pause'] as const) : (['loop', 'loop'] as const);
      const spawnRound = (round: number) =>
        modesOf(round).map((mode, i) => ({ mode, child: startChild(file, `r${round}c${i}`, mode) }));
      // Children start two rounds ahead and wait on standby, so their startup overlaps earlier rounds.
      const rounds = [spawnRound(0), spawnRound(1)];
      for (let round = 0; round < ROUNDS; round++) {
        if (round + 2 < ROUNDS) rounds.push(spawnRound(round + 2));
        await Promise.all(
          rounds[round]!.map(async ({ mode, child }) => {
            await child.waitFor('standby');
            child.go();
            await child.waitFor('ready');
            if (mode === 'pause') {
              await child.waitFor('mid-compaction');
              frozenMidCompaction++;
            } else {
              await sleep(5 + Math.floor(random() * 150));
            }
            if (child.lastLine() === 'compacting') killedDuringExplicitCompaction++;
            child.process.kill('SIGKILL');
            await child.exited;
            kills++;
            for (const id of child.appended) acknowledged.add(id);
            // Checked while the other process may still be writing and compacting.
            verify(file, acknowledged);
          }),
        );
      }

      const stored = verify(file, acknowledged);
      expect(kills).toBeGreaterThanOrEqual(20);
      expect(frozenMidCompaction).toBe(3);
      // Each freezing child appended 13 events before its first explicit compaction; the others
      // appended however many their random delay allowed (on a busy machine, perhaps none).
      expect(acknowledged.size).toBeGreaterThanOrEqual(3 * 13);
      expect(stored).toBeGreaterThanOrEqual(acknowledged.size);
      console.info(
        `compaction crash test: ${kills} kills, ${acknowledged.size} acknowledged events, ${stored} stored, ` +
          `${frozenMidCompaction} frozen inside compaction, ${killedDuringExplicitCompaction} killed during an explicit compaction`,
      );
    },
    // About 10 s on an idle two-core machine: each child costs about a second of CPU to start
    // (Node with tsx hooks loading the modules). The margin is for a busy machine.
    60_000,
  );
});

describe('compaction that fails part way', () => {
  function roomWithHistory() {
    const db = openTempStore();
    const room = openRoom(db, 'incident:i1');
    for (let i = 0; i < 5; i++) room.appendEvent(makeEvent(`old${i}`));
    compactRoom(db, 'incident:i1'); // an earlier snapshot, which must survive the failed compaction
    for (let i = 0; i < 5; i++) room.appendEvent(makeEvent(`new${i}`));
    room.close();
    return db;
  }

  const expectAllEvents = (db: Store) =>
    expect(
      openRoom(db, 'incident:i1')
        .events()
        .map((e) => e.id)
        .sort(),
    ).toEqual(['new0', 'new1', 'new2', 'new3', 'new4', 'old0', 'old1', 'old2', 'old3', 'old4']);

  it.each([
    ['writing the snapshot', 'BEFORE UPDATE ON room_snapshots'],
    ['deleting the merged updates, after the snapshot was written', 'BEFORE DELETE ON room_updates'],
  ])('leaves snapshot and log exactly as they were when %s fails', (_step, when) => {
    const db = roomWithHistory();
    const before = roomTables(db);
    db.exec(`CREATE TEMP TRIGGER fail_compaction ${when} BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
    expect(() => compactRoom(db, 'incident:i1')).toThrow(/injected failure/);
    expect(db.inTransaction).toBe(false);
    expect(roomTables(db)).toEqual(before);
    expectAllEvents(db);

    db.exec('DROP TRIGGER fail_compaction');
    expect(compactRoom(db, 'incident:i1').mergedUpdates).toBe(5);
    expectAllEvents(db);
  });

  it('leaves snapshot and log exactly as they were when merging throws', () => {
    const db = roomWithHistory();
    // A row no writer of ours would store (applyUpdate refuses it), to make Y.mergeUpdates throw.
    db.prepare(
      "INSERT INTO room_updates (room, created_at, update_bytes) VALUES ('incident:i1', 'now', ?)",
    ).run(new TextEncoder().encode('not an update'));
    const before = roomTables(db);
    expect(() => compactRoom(db, 'incident:i1')).toThrow();
    expect(roomTables(db)).toEqual(before);
    // Without the bad row, everything is still there.
    db.prepare("DELETE FROM room_updates WHERE created_at = 'now'").run();
    expectAllEvents(db);
  });
});
