/**
 * Child process for test/integration/compaction-crash.test.ts: appends events to two rooms and
 * compacts them, over and over, until the parent SIGKILLs it. Every line goes to stdout with a
 * synchronous write, so a line the parent read was written before the kill:
 *   standby                    modules are loaded; waiting for a line on stdin to start (starting
 *                              Node with tsx is most of a child's cost, so the parent warms the
 *                              next children up while the current ones run)
 *   ready                      the store is open
 *   appended <id>              appendEvent(<id>) had returned (so the event must survive)
 *   compacting / compacted     around an explicit compactRoom call
 *   mid-compaction             (mode pause) a snapshot was written and compaction is now frozen
 *                              inside its transaction, before deleting the merged updates
 *
 * Usage: node --import tsx compaction-crash-child.ts <store file> <id prefix> <loop|pause>
 */
import { writeSync } from 'node:fs';
import type { EventEnvelope } from '../../shared/events';
import { openStore } from '../../electron/core/db/open';
import { compactRoom } from '../../electron/core/docs/compaction';
import { openRoom } from '../../electron/core/docs/room-store';

export const CRASH_ROOMS = ['incident:crash-a', 'incident:crash-b'] as const;

const [file, prefix, mode] = process.argv.slice(2);
if (!file || !prefix || (mode !== 'loop' && mode !== 'pause')) {
  throw new Error('usage: compaction-crash-child.ts <store file> <id prefix> <loop|pause>');
}

const say = (line: string) => writeSync(1, `${line}\n`);

say('standby');
await new Promise((resolve) => process.stdin.once('data', resolve));

const db = openStore(file);
if (mode === 'pause') {
  // Freezes the process inside compaction's transaction, right after the new snapshot is written.
  db.function('freeze_for_kill', () => {
    say('mid-compaction');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
    return null;
  });
  for (const op of ['INSERT', 'UPDATE']) {
    db.exec(`CREATE TEMP TRIGGER freeze_after_snapshot_${op} AFTER ${op} ON main.room_snapshots
             BEGIN SELECT freeze_for_kill(); END`);
  }
}
// A low threshold so automatic compaction runs often, between the explicit ones below.
const rooms = CRASH_ROOMS.map((name) =>
  openRoom(db, name, {
    compactAfter: 8,
    onBackgroundError: (error) => say(`background-error ${String(error)}`),
  }),
);
say('ready');

const event = (id: string): EventEnvelope => ({
  id,
  type: 'note.added',
  hlc: `2026-11-25T03:00:00.000Z-0000-${id}`,
  actor: 'member-1',
  device: 'device-1',
  department: 'police',
  payload: { text: `crash test ${id}` },
  sig: 'unsigned',
});

for (let i = 0; ; i++) {
  const room = rooms[i % rooms.length]!;
  const id = `${prefix}-${i}`;
  room.appendEvent(event(id));
  say(`appended ${id}`);
  if (i % 13 === 12) {
    say('compacting');
    compactRoom(db, room.name);
    say('compacted');
  }
}
