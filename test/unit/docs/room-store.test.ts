import * as Y from 'yjs';
import { describe, expect, it, vi } from 'vitest';
import { MusterError } from '../../../electron/core/errors';
import { EVENTS_MAP } from '../../../electron/core/docs/room-events';
import { listRooms, openRoom } from '../../../electron/core/docs/room-store';
import { ids, makeEvent, openTempStore, roomTables, tempStoreFile } from '../../support/room-fixtures';

describe('room store', () => {
  it('keeps appended events across a reload, one logged update per event', () => {
    const file = tempStoreFile();
    const db = openTempStore(file);
    const room = openRoom(db, 'incident:i1');
    room.appendEvent(makeEvent('e1'));
    room.appendEvent(makeEvent('e2', 'second'));
    room.close();
    db.close();

    const reopened = openRoom(openTempStore(file), 'incident:i1');
    expect(ids(reopened.events())).toEqual(['e1', 'e2']);
    expect(reopened.events().find((e) => e.id === 'e2')).toEqual(makeEvent('e2', 'second'));
    expect(reopened.doc.getMap(EVENTS_MAP).size).toBe(2);
  });

  it('stores an event in the form every replica reads back: plain JSON', () => {
    const room = openRoom(openTempStore(), 'directory');
    const when = new Date('2026-11-25T03:00:00Z');
    room.appendEvent({ ...makeEvent('e1'), payload: { when, gone: undefined } });
    expect(room.events()[0]?.payload).toEqual({ when: '2026-11-25T03:00:00.000Z' });
  });

  it('refuses an id the room already holds and stores nothing', () => {
    const db = openTempStore();
    const room = openRoom(db, 'incident:i1');
    room.appendEvent(makeEvent('e1', 'first'));
    const before = roomTables(db);
    expect(() => room.appendEvent(makeEvent('e1', 'overwrite'))).toThrow(
      new MusterError('invalid_params', 'event e1 already exists in room incident:i1'),
    );
    expect(roomTables(db)).toEqual(before);
    expect(room.events()).toEqual([makeEvent('e1', 'first')]);
  });

  it('appends a batch as one logged update, and refuses a batch with any known id whole', () => {
    const db = openTempStore();
    const room = openRoom(db, 'incident:i1');
    room.appendEvents([makeEvent('e1'), makeEvent('e2'), makeEvent('e3')]);
    expect(roomTables(db).updates).toHaveLength(1);
    const before = roomTables(db);
    expect(() => room.appendEvents([makeEvent('e4'), makeEvent('e2', 'again')])).toThrow(
      /event e2 already exists/,
    );
    expect(() => room.appendEvents([makeEvent('e5'), makeEvent('e5')])).toThrow(/appears twice/);
    expect(roomTables(db)).toEqual(before);
    expect(ids(room.events())).toEqual(['e1', 'e2', 'e3']);
  });

  it('refuses an invalid envelope with the failing field named', () => {
    const db = openTempStore();
    const room = openRoom(db, 'incident:i1');
    const { sig: _sig, ...unsigned } = makeEvent('e1');
    expect(() => room.appendEvent(unsigned as never)).toThrow(/invalid event: sig/);
    expect(() => room.appendEvent({ ...makeEvent('e2'), extra: 1 } as never)).toThrow(
      /unknown field\(s\): extra/,
    );
    expect(() => room.appendEvent({ ...makeEvent('e3'), payload: { n: 1n } })).toThrow(/not plain JSON/);
    expect(roomTables(db).updates).toEqual([]);
  });

  it.each(['', 'Directory', 'incident i1', '../etc', ':x', 'x'.repeat(129)])(
    'refuses room name %j',
    (name) => {
      expect(() => openRoom(openTempStore(), name)).toThrow(/invalid room name/);
    },
  );

  it('merges an update made by another Y.Doc and stores it', () => {
    const file = tempStoreFile();
    const db = openTempStore(file);
    const room = openRoom(db, 'incident:i1');
    room.appendEvent(makeEvent('local'));

    const peer = new Y.Doc();
    Y.applyUpdate(peer, room.encodeStateAsUpdate());
    const peerUpdates: Uint8Array[] = [];
    peer.on('update', (update: Uint8Array) => peerUpdates.push(update));
    peer.getMap(EVENTS_MAP).set('remote', makeEvent('remote'));
    for (const update of peerUpdates) room.applyUpdate(update);

    expect(ids(room.events())).toEqual(['local', 'remote']);
    expect(Y.encodeStateVector(peer)).toEqual(room.stateVector());
    room.close();
    expect(ids(openRoom(db, 'incident:i1').events())).toEqual(['local', 'remote']);
  });

  it('sends a peer only what it is missing', () => {
    const room = openRoom(openTempStore(), 'incident:i1');
    room.appendEvent(makeEvent('e1'));
    const peer = new Y.Doc();
    Y.applyUpdate(peer, room.encodeStateAsUpdate());
    room.appendEvent(makeEvent('e2'));
    const missing = room.encodeStateAsUpdate(Y.encodeStateVector(peer));
    expect(Y.decodeUpdate(missing).structs).toHaveLength(1);
    Y.applyUpdate(peer, missing);
    expect([...peer.getMap(EVENTS_MAP).keys()].sort()).toEqual(['e1', 'e2']);
  });

  it('stores a remote update whose dependencies have not arrived yet, so a reload still has it', () => {
    const file = tempStoreFile();
    const peer = new Y.Doc();
    const peerUpdates: Uint8Array[] = [];
    peer.on('update', (update: Uint8Array) => peerUpdates.push(update));
    peer.getMap(EVENTS_MAP).set('first', makeEvent('first'));
    peer.getMap(EVENTS_MAP).set('second', makeEvent('second'));
    const [first, second] = peerUpdates as [Uint8Array, Uint8Array];

    const room = openRoom(openTempStore(file), 'incident:i1');
    room.applyUpdate(second); // arrives first: Yjs holds it back until `first` is known
    expect(room.events()).toEqual([]);
    room.close();

    const reopened = openRoom(openTempStore(file), 'incident:i1');
    reopened.applyUpdate(first);
    expect(ids(reopened.events())).toEqual(['first', 'second']);
  });

  const good = (() => {
    const doc = new Y.Doc();
    doc.getMap(EVENTS_MAP).set('e1', makeEvent('e1'));
    return Y.encodeStateAsUpdate(doc);
  })();

  it.each([
    ['empty', new Uint8Array()],
    ['random bytes', new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9])],
    ['text', new TextEncoder().encode('hello, not an update')],
    ['a truncated update', good.slice(0, good.length - 3)],
    ['an update with bytes left over', new Uint8Array([...good, 7, 7])],
    ['a huge declared length', new Uint8Array([255, 255, 255, 255, 15, 1, 2])],
    ['not bytes at all', 'AAEC' as unknown as Uint8Array],
  ])('refuses %s as an update and stores nothing', (_label, bytes) => {
    const db = openTempStore();
    const room = openRoom(db, 'incident:i1');
    room.appendEvent(makeEvent('e0'));
    const before = roomTables(db);
    const stateBefore = room.stateVector();
    let thrown: unknown;
    try {
      room.applyUpdate(bytes);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(MusterError);
    expect(thrown).toMatchObject({
      code: 'invalid_params',
      message: expect.stringMatching(/^malformed Yjs update: /),
    });
    expect(roomTables(db)).toEqual(before);
    expect(room.stateVector()).toEqual(stateBefore);
    room.appendEvent(makeEvent('e1')); // the room is still usable
    expect(ids(room.events())).toEqual(['e0', 'e1']);
  });

  it('leaves a value that is not a valid envelope out of events() and names its key', () => {
    const room = openRoom(openTempStore(), 'incident:i1');
    const peer = new Y.Doc();
    peer.getMap(EVENTS_MAP).set('junk', { hello: 'world' });
    peer.getMap(EVENTS_MAP).set('wrong-key', makeEvent('another-id'));
    peer.getMap(EVENTS_MAP).set('ok', makeEvent('ok'));
    room.applyUpdate(Y.encodeStateAsUpdate(peer));
    expect(ids(room.events())).toEqual(['ok']);
    expect(room.malformedKeys().sort()).toEqual(['junk', 'wrong-key']);
  });

  it('tells change listeners which events arrived, after they are stored, local and remote alike', () => {
    const db = openTempStore();
    const room = openRoom(db, 'incident:i1');
    const seen: { eventIds: string[]; stored: number }[] = [];
    const stop = room.onChange((change) => {
      expect(db.inTransaction).toBe(false);
      seen.push({ eventIds: change.eventIds, stored: roomTables(db).updates.length });
    });
    room.appendEvent(makeEvent('e1'));
    const peer = new Y.Doc();
    peer.getMap(EVENTS_MAP).set('e2', makeEvent('e2'));
    room.applyUpdate(Y.encodeStateAsUpdate(peer));
    room.doc.getMap(EVENTS_MAP).set('e3', makeEvent('e3')); // a provider writing to the doc directly
    stop();
    room.appendEvent(makeEvent('e4'));
    expect(seen).toEqual([
      { eventIds: ['e1'], stored: 1 },
      { eventIds: ['e2'], stored: 2 },
      { eventIds: ['e3'], stored: 3 },
    ]);
  });

  it('keeps a failing listener from failing the append or silencing the other listeners', () => {
    const errors: unknown[] = [];
    const room = openRoom(openTempStore(), 'incident:i1', { onBackgroundError: (e) => errors.push(e) });
    const other = vi.fn();
    room.onChange(() => {
      throw new Error('projection broke');
    });
    room.onChange(other);
    room.appendEvent(makeEvent('e1'));
    expect(other).toHaveBeenCalledOnce();
    expect(errors).toEqual([new Error('projection broke')]);
    expect(ids(room.events())).toEqual(['e1']);
  });

  it('logs changes made to the doc directly, so a reload has them', () => {
    const file = tempStoreFile();
    const room = openRoom(openTempStore(file), 'incident:i1');
    room.doc.getMap(EVENTS_MAP).set('direct', makeEvent('direct'));
    room.close();
    expect(ids(openRoom(openTempStore(file), 'incident:i1').events())).toEqual(['direct']);
  });

  it('refuses further use when the store failed to keep an update, and a reopen shows the store', () => {
    const db = openTempStore();
    const room = openRoom(db, 'incident:i1');
    room.appendEvent(makeEvent('e1'));
    db.exec(`CREATE TEMP TRIGGER disk_full BEFORE INSERT ON room_updates
             BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`);
    expect(() => room.appendEvent(makeEvent('e2'))).toThrow(/disk is full/);
    expect(() => room.appendEvent(makeEvent('e3'))).toThrow(
      /could not store an update .* close and reopen it/,
    );
    expect(() => room.events()).toThrow(/close and reopen it/);
    db.exec('DROP TRIGGER disk_full');
    room.close();
    expect(ids(openRoom(db, 'incident:i1').events())).toEqual(['e1']);
  });

  it('refuses use after close', () => {
    const room = openRoom(openTempStore(), 'incident:i1');
    room.close();
    expect(() => room.appendEvent(makeEvent('e1'))).toThrow(/room incident:i1 is closed/);
  });

  it('lists the rooms that have anything stored', () => {
    const db = openTempStore();
    expect(listRooms(db)).toEqual([]);
    openRoom(db, 'incident:b').appendEvent(makeEvent('e1'));
    openRoom(db, 'directory').appendEvent(makeEvent('e2'));
    openRoom(db, 'incident:empty');
    expect(listRooms(db)).toEqual(['directory', 'incident:b']);
  });
});
