/**
 * The y-websocket wire format (y-protocols): every message starts with a varuint type; sync
 * messages then carry a varuint sync type and one byte array. The hub parses untrusted frames with
 * these helpers and nothing else, so a frame either reads completely or is refused.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

export const SYNC_STEP_1 = 0;
export const SYNC_STEP_2 = 1;
export const SYNC_UPDATE = 2;

export type ClientMessage =
  | { kind: 'sync-step-1'; stateVector: Uint8Array }
  | { kind: 'sync-step-2' | 'update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'query-awareness' };

export class MalformedFrame extends Error {}

/** About 50,000 devices' entries; a workspace that grows past it needs a format with compaction. */
const MAX_STATE_VECTOR_BYTES = 1024 * 1024;

/** Reads one whole message; anything else (unknown type, truncated, trailing bytes) throws. */
export function readClientMessage(frame: Uint8Array): ClientMessage {
  let message: ClientMessage;
  const decoder = decoding.createDecoder(frame);
  try {
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_SYNC) {
      const syncType = decoding.readVarUint(decoder);
      const bytes = decoding.readVarUint8Array(decoder);
      if (syncType === SYNC_STEP_1) {
        // Decoded on the hub's main loop, so kept small: tens of bytes per device that ever wrote.
        if (bytes.byteLength > MAX_STATE_VECTOR_BYTES) throw new MalformedFrame('state vector too large');
        message = { kind: 'sync-step-1', stateVector: bytes };
      } else if (syncType === SYNC_STEP_2) message = { kind: 'sync-step-2', update: bytes };
      else if (syncType === SYNC_UPDATE) message = { kind: 'update', update: bytes };
      else throw new MalformedFrame(`unknown sync message type ${syncType}`);
    } else if (type === MESSAGE_AWARENESS) {
      message = { kind: 'awareness', update: decoding.readVarUint8Array(decoder) };
    } else if (type === MESSAGE_QUERY_AWARENESS) {
      message = { kind: 'query-awareness' };
    } else {
      throw new MalformedFrame(`unknown message type ${type}`);
    }
  } catch (error) {
    if (error instanceof MalformedFrame) throw error;
    throw new MalformedFrame('truncated message');
  }
  if (decoding.hasContent(decoder)) throw new MalformedFrame('bytes left over after the message');
  return message;
}

const syncMessage = (syncType: number, bytes: Uint8Array) => {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, syncType);
  encoding.writeVarUint8Array(encoder, bytes);
  return encoding.toUint8Array(encoder);
};

export const syncStep1Message = (stateVector: Uint8Array) => syncMessage(SYNC_STEP_1, stateVector);
export const syncStep2Message = (update: Uint8Array) => syncMessage(SYNC_STEP_2, update);
export const updateMessage = (update: Uint8Array) => syncMessage(SYNC_UPDATE, update);

export function awarenessMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/**
 * Checks an awareness update's framing (clients, clocks, JSON states) without keeping it: the hub
 * relays presence between writers but stores none of it.
 */
export function assertWellFormedAwareness(update: Uint8Array): void {
  const decoder = decoding.createDecoder(update);
  try {
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      decoding.readVarUint(decoder);
      decoding.readVarUint(decoder);
      JSON.parse(decoding.readVarString(decoder));
    }
  } catch {
    throw new MalformedFrame('malformed awareness update');
  }
  if (decoding.hasContent(decoder)) throw new MalformedFrame('bytes left over after the awareness update');
}
