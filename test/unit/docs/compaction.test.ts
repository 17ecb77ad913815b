import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { compactRoom } from '../../../electron/core/docs/compaction';
import { COMPACT_AFTER_UPDATES, compactionDue } from '../../../electron/core/docs/compaction-policy';
import { mergeUpdatesInRounds } from '../../../electron/core/docs/merge-updates';
import { EVENTS_MAP } from '../../../electron/core/docs/room-events';
import { openRoom } from '../../../electron/core/docs/room-store';
import { ids, makeEvent, openTempStore, tempStoreFile } from '../../support/room-fixtures';
import type { Store } from '../../../electron/core/db/open';

const logLength = (db: Store, room: string) =>
  (db.prepare('SELECT count(*) AS n FROM room_updates WHERE room = ?').get(room) as { n: number }).n;
const snapshotCovers = (db: Store, room: string) =>
  (
    db.prepare('SELECT covers_seq FROM room_snapshots WHERE room = ?').get(room) as
      { covers_seq: number } | undefined
  )?.covers_seq;

describe('compaction', () => {
  it('keeps every event and empties the log into the snapshot', () => {
    const file = tempStoreFile();
    const db = openTempStore(file);
    const room = openRoom(db, 'incident:i1');
    const expected = Array.from({ length: 50 }, (_, i) => `e${i}`);
    for (const id of expected) room.appendEvent(makeEvent(id));
    expect(logLength(db, 'incident:i1')).toBe(50);

    expect(compactRoom(db, 'incident:i1')).toEqual({
      mergedUpdates: 50,
      coversSeq: expect.any(Number),
      snapshotBytes: expect.any(Number),
    });
    expect(logLength(db, 'incident:i1')).toBe(0);
    expect(compactRoom(db, 'incident:i1')).toMatchObject({ mergedUpdates: 0 });

    room.appendEvent(makeEvent('after'));
    room.close();
    const reopened = openRoom(openTempStore(file), 'incident:i1');
    expect(ids(reopened.events())).toEqual([...expected, 'after'].sort());
    expect(reopened.events().find((e) => e.id === 'e7')).toEqual(makeEvent('e7'));
  });

  it('compacts only the room it is asked to', () => {
    const db = openTempStore();
    openRoom(db, 'incident:a').appendEvent(makeEvent('a1'));
    openRoom(db, 'incident:b').appendEvent(makeEvent('b1'));
    compactRoom(db, 'incident:a');
    expect([logLength(db, 'incident:a'), logLength(db, 'incident:b')]).toEqual([0, 1]);
    expect(snapshotCovers(db, 'incident:b')).toBeUndefined();
  });

  it('runs by itself once a room log reaches the threshold', () => {
    const db = openTempStore();
    const room = openRoom(db, 'incident:i1', { compactAfter: 10 });
    for (let i = 0; i < 9; i++) room.appendEvent(makeEvent(`e${i}`));
    expect(logLength(db, 'incident:i1')).toBe(9);
    room.appendEvent(makeEvent('e9'));
    expect(logLength(db, 'incident:i1')).toBe(0);
    for (let i = 10; i < 25; i++) room.appendEvent(makeEvent(`e${i}`));
    expect(logLength(db, 'incident:i1')).toBe(5);
    expect(openRoom(db, 'incident:i1').events()).toHaveLength(25);
  });

  it('keeps a held-back remote update (missing dependencies) through compaction', () => {
    const file = tempStoreFile();
    const db = openTempStore(file);
    const peer = new Y.Doc();
    const peerUpdates: Uint8Array[] = [];
    peer.on('update', (update: Uint8Array) => peerUpdates.push(update));
    peer.getMap(EVENTS_MAP).set('first', makeEvent('first'));
    peer.getMap(EVENTS_MAP).set('second', makeEvent('second'));
    const room = openRoom(db, 'incident:i1');
    room.applyUpdate(peerUpdates[1]!);
    room.close();
    compactRoom(db, 'incident:i1');

    const reopened = openRoom(db, 'incident:i1');
    reopened.applyUpdate(peerUpdates[0]!);
    expect(ids(reopened.events())).toEqual(['first', 'second']);
  });

  it('reports an automatic compaction that failed without failing the append, and retries it', () => {
    const db = openTempStore();
    const errors: unknown[] = [];
    const room = openRoom(db, 'incident:i1', { compactAfter: 3, onBackgroundError: (e) => errors.push(e) });
    db.exec(`CREATE TEMP TRIGGER no_snapshots BEFORE INSERT ON room_snapshots
             BEGIN SELECT RAISE(ABORT, 'snapshot write failed'); END`);
    for (let i = 0; i < 4; i++) room.appendEvent(makeEvent(`e${i}`));
    expect(errors.map(String)).toEqual([
      'SqliteError: snapshot write failed',
      'SqliteError: snapshot write failed',
    ]);
    expect(logLength(db, 'incident:i1')).toBe(4);
    db.exec('DROP TRIGGER no_snapshots');
    room.appendEvent(makeEvent('e4'));
    expect(logLength(db, 'incident:i1')).toBe(0);
    expect(ids(openRoom(db, 'incident:i1').events())).toEqual(['e0', 'e1', 'e2', 'e3', 'e4']);
  });

  it('refuses an invalid room name', () => {
    expect(() => compactRoom(openTempStore(), 'No Such Room')).toThrow(/invalid room name/);
  });

  it('waits, in a room much larger than its log, until the log is a quarter of the snapshot', () => {
    expect(compactionDue({ updates: COMPACT_AFTER_UPDATES - 1, bytes: 1e6, snapshotBytes: 0 })).toBe(false);
    expect(compactionDue({ updates: COMPACT_AFTER_UPDATES, bytes: 1e5, snapshotBytes: 0 })).toBe(true);
    expect(compactionDue({ updates: COMPACT_AFTER_UPDATES, bytes: 1e5, snapshotBytes: 4e5 })).toBe(true);
    expect(compactionDue({ updates: 5000, bytes: 1e5, snapshotBytes: 4e5 + 1 })).toBe(false);
  });

  it('applies that rule to a room with large events', () => {
    const db = openTempStore();
    const room = openRoom(db, 'incident:i1', { compactAfter: 10 });
    for (let i = 0; i < 10; i++) room.appendEvent(makeEvent(`big${i}`, 'x'.repeat(4000)));
    expect(logLength(db, 'incident:i1')).toBe(0); // ~40 kB snapshot
    for (let i = 0; i < 20; i++) room.appendEvent(makeEvent(`small${i}`));
    expect(logLength(db, 'incident:i1')).toBe(20); // 20 small updates are far below 10 kB
    expect(openRoom(db, 'incident:i1').events()).toHaveLength(30);
  });

  it('merges a long log in rounds into the same content as applying it update by update', () => {
    const source = new Y.Doc();
    const updates: Uint8Array[] = [];
    source.on('update', (update: Uint8Array) => updates.push(update));
    const other = new Y.Doc();
    for (let i = 0; i < 200; i++) {
      const author = i % 7 === 0 ? other : source;
      author.getMap(EVENTS_MAP).set(`e${i}`, makeEvent(`e${i}`));
      if (author === other) Y.applyUpdate(source, Y.encodeStateAsUpdate(other, Y.encodeStateVector(source)));
    }
    const merged = mergeUpdatesInRounds(updates);
    const rebuilt = new Y.Doc();
    Y.applyUpdate(rebuilt, merged);
    expect(rebuilt.getMap(EVENTS_MAP).toJSON()).toEqual(source.getMap(EVENTS_MAP).toJSON());
    expect(Y.encodeStateVector(rebuilt)).toEqual(Y.encodeStateVector(source));
    expect(() => mergeUpdatesInRounds([])).toThrow(/nothing to merge/);
  });
});
