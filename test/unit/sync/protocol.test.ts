/**
 * protocol.ts: the hub reads untrusted frames with these helpers only, so a frame either reads
 * completely or is refused with MalformedFrame, and the framing is y-websocket's own.
 */
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import {
  assertWellFormedAwareness,
  awarenessMessage,
  MalformedFrame,
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
  readClientMessage,
  syncStep1Message,
  syncStep2Message,
  updateMessage,
} from '../../../electron/core/sync/protocol';
import { seededRandom } from '../../support/seeded-random';

const bytes = (...values: number[]) => Uint8Array.from(values);

function docWithContent(): Y.Doc {
  const doc = new Y.Doc();
  doc.getMap('events').set('e1', { type: 'incident.created', title: 'Signals dark on Ring Road' });
  return doc;
}

/** A frame as y-protocols (and so y-websocket's provider) writes it. */
function yProtocolsFrame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** The same bytes at an offset inside a larger buffer, as `ws` hands frames over. */
function inLargerBuffer(frame: Uint8Array, before = 7, after = 64): Uint8Array {
  const buffer = new Uint8Array(before + frame.length + after).fill(0x41);
  buffer.set(frame, before);
  return buffer.subarray(before, before + frame.length);
}

/** The MalformedFrame message `read` throws (and that it throws nothing else). */
function malformation(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(MalformedFrame);
    return (error as Error).message;
  }
  throw new Error('expected MalformedFrame, but it read');
}

describe('readClientMessage', () => {
  it("reads every message y-protocols writes (y-websocket's provider)", () => {
    const doc = docWithContent();
    const stateVector = Y.encodeStateVector(doc);
    const update = Y.encodeStateAsUpdate(doc);

    const step1 = yProtocolsFrame((e) => {
      encoding.writeVarUint(e, MESSAGE_SYNC);
      syncProtocol.writeSyncStep1(e, doc);
    });
    expect(readClientMessage(step1)).toEqual({ kind: 'sync-step-1', stateVector });

    const step2 = yProtocolsFrame((e) => {
      encoding.writeVarUint(e, MESSAGE_SYNC);
      syncProtocol.writeSyncStep2(e, doc, new Uint8Array([0]));
    });
    expect(readClientMessage(step2)).toEqual({ kind: 'sync-step-2', update });

    const updateFrame = yProtocolsFrame((e) => {
      encoding.writeVarUint(e, MESSAGE_SYNC);
      syncProtocol.writeUpdate(e, update);
    });
    expect(readClientMessage(updateFrame)).toEqual({ kind: 'update', update });

    const awareness = new Awareness(doc);
    awareness.setLocalState({ user: 'Tom Berg', department: 'traffic' });
    const awarenessUpdate = encodeAwarenessUpdate(awareness, [doc.clientID]);
    const awarenessFrame = yProtocolsFrame((e) => {
      encoding.writeVarUint(e, MESSAGE_AWARENESS);
      encoding.writeVarUint8Array(e, awarenessUpdate);
    });
    expect(readClientMessage(awarenessFrame)).toEqual({ kind: 'awareness', update: awarenessUpdate });
    awareness.destroy();

    expect(readClientMessage(bytes(MESSAGE_QUERY_AWARENESS))).toEqual({ kind: 'query-awareness' });
  });

  it('writes what y-protocols writes, and reads back what it writes', () => {
    const doc = docWithContent();
    const update = Y.encodeStateAsUpdate(doc);
    const stateVector = Y.encodeStateVector(doc);
    expect(syncStep1Message(stateVector)).toEqual(
      yProtocolsFrame((e) => {
        encoding.writeVarUint(e, MESSAGE_SYNC);
        syncProtocol.writeSyncStep1(e, doc);
      }),
    );
    expect(updateMessage(update)).toEqual(
      yProtocolsFrame((e) => {
        encoding.writeVarUint(e, MESSAGE_SYNC);
        syncProtocol.writeUpdate(e, update);
      }),
    );
    expect(readClientMessage(syncStep1Message(stateVector))).toEqual({ kind: 'sync-step-1', stateVector });
    expect(readClientMessage(syncStep2Message(update))).toEqual({ kind: 'sync-step-2', update });
    expect(readClientMessage(updateMessage(update))).toEqual({ kind: 'update', update });
    expect(readClientMessage(awarenessMessage(bytes(0)))).toEqual({ kind: 'awareness', update: bytes(0) });
  });

  it('reads empty byte arrays as such (their contents are checked later)', () => {
    expect(readClientMessage(bytes(0, 0, 0))).toEqual({ kind: 'sync-step-1', stateVector: bytes() });
    expect(readClientMessage(bytes(0, 2, 0))).toEqual({ kind: 'update', update: bytes() });
    expect(readClientMessage(bytes(1, 0))).toEqual({ kind: 'awareness', update: bytes() });
  });

  it('reads a frame that sits inside a larger buffer, and only that frame', () => {
    const update = Y.encodeStateAsUpdate(docWithContent());
    const message = readClientMessage(inLargerBuffer(updateMessage(update)));
    expect(message).toEqual({ kind: 'update', update });
  });

  const MALFORMED: { name: string; frame: Uint8Array; reason: string }[] = [
    { name: 'an empty frame', frame: bytes(), reason: 'truncated message' },
    { name: 'a truncated message type', frame: bytes(0x80), reason: 'truncated message' },
    {
      name: 'a message type beyond 2^53',
      frame: bytes(...Array(8).fill(0xff), 0x7f),
      reason: 'truncated message',
    },
    { name: 'a sync message without its type', frame: bytes(0), reason: 'truncated message' },
    { name: 'a truncated sync type', frame: bytes(0, 0x80), reason: 'truncated message' },
    { name: 'a sync message without its bytes', frame: bytes(0, 2), reason: 'truncated message' },
    { name: 'a truncated length', frame: bytes(0, 2, 0x85), reason: 'truncated message' },
    { name: 'a length beyond the frame', frame: bytes(0, 2, 5, 1, 2), reason: 'truncated message' },
    { name: 'a huge length', frame: bytes(0, 1, 0xff, 0xff, 0xff, 0xff, 0x0f), reason: 'truncated message' },
    { name: 'an awareness message without its bytes', frame: bytes(1), reason: 'truncated message' },
    { name: 'the auth message type', frame: bytes(2, 0), reason: 'unknown message type 2' },
    { name: 'an unknown message type', frame: bytes(4), reason: 'unknown message type 4' },
    { name: 'a large unknown message type', frame: bytes(0xac, 0x02), reason: 'unknown message type 300' },
    { name: 'an unknown sync type', frame: bytes(0, 3, 0), reason: 'unknown sync message type 3' },
    { name: 'bytes after a query', frame: bytes(3, 0), reason: 'bytes left over after the message' },
    {
      name: 'bytes after a sync message',
      frame: bytes(0, 2, 1, 0, 9),
      reason: 'bytes left over after the message',
    },
    {
      name: 'bytes after an awareness message',
      frame: bytes(1, 1, 0, 0),
      reason: 'bytes left over after the message',
    },
    { name: 'two messages in one frame', frame: bytes(3, 3), reason: 'bytes left over after the message' },
  ];

  it.each(MALFORMED)('refuses $name: $reason', ({ frame, reason }) => {
    expect(malformation(() => readClientMessage(frame))).toBe(reason);
  });

  it('refuses a length that runs past the frame into the rest of its buffer', () => {
    // lib0 reads byte arrays as views of the underlying buffer, so this does not throw by itself:
    // only the leftover check stops bytes outside the frame from being taken as the update.
    const frame = inLargerBuffer(bytes(0, 2, 40, 1, 2, 3));
    expect(malformation(() => readClientMessage(frame))).toMatch(
      /^(truncated message|bytes left over after the message)$/,
    );
  });

  it('on random bytes, either reads the whole frame or throws MalformedFrame, never anything else', () => {
    const random = seededRandom(20250301);
    let read = 0;
    for (let i = 0; i < 5000; i++) {
      const length = Math.floor(random() * 12);
      const frame = inLargerBuffer(
        Uint8Array.from({ length }, () => {
          // Mostly small values, so real message types and lengths come up often.
          const r = random();
          return r < 0.6 ? Math.floor(random() * 4) : Math.floor(random() * 256);
        }),
      );
      let message;
      try {
        message = readClientMessage(frame);
      } catch (error) {
        expect(error, `frame ${[...frame]}`).toBeInstanceOf(MalformedFrame);
        continue;
      }
      read++;
      // Whatever it read lies within the frame (varuints may be spelled with extra bytes, so
      // writing the message again need not give the same bytes, but it must read the same).
      const payload =
        'stateVector' in message ? message.stateVector : 'update' in message ? message.update : null;
      if (payload) {
        expect(payload.buffer).toBe(frame.buffer);
        expect(payload.byteOffset + payload.byteLength).toBeLessThanOrEqual(
          frame.byteOffset + frame.byteLength,
        );
      }
      const again =
        message.kind === 'sync-step-1'
          ? syncStep1Message(message.stateVector)
          : message.kind === 'sync-step-2'
            ? syncStep2Message(message.update)
            : message.kind === 'update'
              ? updateMessage(message.update)
              : message.kind === 'awareness'
                ? awarenessMessage(message.update)
                : bytes(MESSAGE_QUERY_AWARENESS);
      expect(readClientMessage(again), `frame ${[...frame]}`).toEqual(message);
      expect(again.byteLength).toBeLessThanOrEqual(frame.byteLength);
    }
    expect(read).toBeGreaterThan(100);
  });
});

describe('assertWellFormedAwareness', () => {
  it('accepts what y-protocols encodes: states, removed clients (null) and no clients', () => {
    const doc = new Y.Doc();
    const awareness = new Awareness(doc);
    awareness.setLocalState({ user: 'Tom Berg', cursor: { anchor: 3 }, note: 'ünïcødé ✓' });
    expect(() => assertWellFormedAwareness(encodeAwarenessUpdate(awareness, [doc.clientID]))).not.toThrow();
    awareness.setLocalState(null);
    expect(() => assertWellFormedAwareness(encodeAwarenessUpdate(awareness, [doc.clientID]))).not.toThrow();
    expect(() => assertWellFormedAwareness(encodeAwarenessUpdate(awareness, []))).not.toThrow();
    awareness.destroy();
  });

  const entry = (clientID: number, clock: number, state: string) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, clientID);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, state);
    return encoding.toUint8Array(encoder);
  };
  const update = (count: number, ...entries: Uint8Array[]) =>
    Uint8Array.from([
      ...yProtocolsFrame((e) => encoding.writeVarUint(e, count)),
      ...entries.flatMap((x) => [...x]),
    ]);

  it('accepts several clients hand-encoded', () => {
    expect(() =>
      assertWellFormedAwareness(update(2, entry(1, 1, '{"a":1}'), entry(2, 7, 'null'))),
    ).not.toThrow();
  });

  const MALFORMED: { name: string; update: Uint8Array; reason: string }[] = [
    { name: 'an empty update', update: bytes(), reason: 'malformed awareness update' },
    { name: 'a truncated client count', update: bytes(0x80), reason: 'malformed awareness update' },
    {
      name: 'fewer clients than counted',
      update: update(2, entry(1, 1, 'null')),
      reason: 'malformed awareness update',
    },
    {
      name: 'a huge client count',
      update: update(0xfffffff, entry(1, 1, 'null')),
      reason: 'malformed awareness update',
    },
    { name: 'a client without its clock', update: bytes(1, 5), reason: 'malformed awareness update' },
    { name: 'a client without its state', update: bytes(1, 5, 1), reason: 'malformed awareness update' },
    {
      name: 'a state that is not JSON',
      update: update(1, entry(1, 1, '{"user":')),
      reason: 'malformed awareness update',
    },
    { name: 'an empty state', update: update(1, entry(1, 1, '')), reason: 'malformed awareness update' },
    {
      name: 'a state length past the end',
      update: bytes(1, 1, 1, 9, 0x6e),
      reason: 'malformed awareness update',
    },
    {
      name: 'bytes after the last client',
      update: Uint8Array.from([...update(1, entry(1, 1, 'null')), 0]),
      reason: 'bytes left over after the awareness update',
    },
    {
      name: 'more clients than counted',
      update: update(1, entry(1, 1, 'null'), entry(2, 1, 'null')),
      reason: 'bytes left over after the awareness update',
    },
  ];

  it.each(MALFORMED)('refuses $name', ({ update: bad, reason }) => {
    expect(malformation(() => assertWellFormedAwareness(bad))).toBe(reason);
  });

  it('refuses a state length that runs past the update into the rest of its buffer', () => {
    const bad = inLargerBuffer(bytes(1, 1, 1, 9, 0x6e));
    expect(malformation(() => assertWellFormedAwareness(bad))).toMatch(
      /^(malformed awareness update|bytes left over after the awareness update)$/,
    );
  });
});
