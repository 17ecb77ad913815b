/** State files: what this copy holds, per room, so another copy can export only what it lacks. */
import * as Y from 'yjs';
import type { Store } from '../../db/open';
import { listRooms, openRoom } from '../../docs/room-store';
import { requireLocalIdentity } from '../../workspace/local-identity';
import {
  decodeBase64Url,
  encodeBase64Url,
  invalid,
  parseTaggedFile,
  SYNC_STATE_FORMAT,
  SYNC_STATE_VERSION,
  syncStateSchema,
  type SyncState,
} from './format';

/** This copy's state as the text of a state file. */
export function writeSyncState(db: Store): { text: string; rooms: number } {
  const { workspace } = requireLocalIdentity(db);
  const rooms: SyncState['rooms'] = [];
  for (const name of listRooms(db)) {
    const room = openRoom(db, name);
    try {
      rooms.push({ room: name, stateVector: encodeBase64Url(room.stateVector()) });
    } finally {
      room.close();
    }
  }
  const state: SyncState = {
    format: SYNC_STATE_FORMAT,
    version: SYNC_STATE_VERSION,
    workspaceId: workspace.id,
    createdAt: new Date().toISOString(),
    rooms,
  };
  return { text: `${JSON.stringify(state, null, 2)}\n`, rooms: rooms.length };
}

/**
 * Reads another copy's state file: per room, its encoded state vector. Refuses a file of another
 * workspace (its room names could match ours by accident, and the export would then be wrong).
 */
export function readSyncState(text: string, workspaceId: string): Map<string, Uint8Array> {
  const state = parseTaggedFile(
    text,
    { format: SYNC_STATE_FORMAT, version: SYNC_STATE_VERSION, what: 'sync state file' },
    syncStateSchema,
  );
  if (state.workspaceId !== workspaceId)
    invalid(`this sync state file is from workspace ${state.workspaceId}, not this one (${workspaceId})`);
  const vectors = new Map<string, Uint8Array>();
  for (const { room, stateVector } of state.rooms) {
    const bytes = decodeBase64Url(stateVector);
    if (!bytes || !isCanonicalStateVector(bytes))
      invalid(`sync state file: the state vector of room ${room} is malformed`);
    vectors.set(room, bytes);
  }
  return vectors;
}

/**
 * Yjs writes a state vector as a count and sorted (client, clock) pairs; decoding is lenient (it
 * ignores trailing bytes, and accepts duplicates), so the bytes must be what re-encoding gives.
 */
function isCanonicalStateVector(bytes: Uint8Array): boolean {
  let decoded: Map<number, number>;
  try {
    decoded = Y.decodeStateVector(bytes);
  } catch {
    return false;
  }
  return Buffer.from(Y.encodeStateVector(decoded)).equals(bytes);
}
