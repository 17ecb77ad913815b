/** Update bundles out: what another copy lacks, signed by this device. */
import * as Y from 'yjs';
import type { Store } from '../../db/open';
import { listRooms, openRoom } from '../../docs/room-store';
import { MusterError } from '../../errors';
import { requireLocalIdentity } from '../../workspace/local-identity';
import { nothingToSend } from './coverage';
import {
  encodeBase64Url,
  UPDATE_BUNDLE_FORMAT,
  UPDATE_BUNDLE_MAX_BYTES,
  UPDATE_BUNDLE_VERSION,
  type RoomUpdate,
  type UpdateBundle,
} from './format';
import { signBundle, type BundleHeader } from './signing';
import { readSyncState } from './state';

const NOTHING = Y.encodeStateVector(new Map());

/**
 * The text of a bundle holding, per room, what the copy that wrote `theirStateText` (a state file)
 * lacks: everything in a room it does not have, everything at all without a state file. Rooms with
 * nothing to send are left out.
 */
export function exportUpdateBundle(db: Store, theirStateText?: string): { text: string; rooms: number } {
  const identity = requireLocalIdentity(db);
  const theirState =
    theirStateText === undefined ? undefined : readSyncState(theirStateText, identity.workspace.id);
  const rooms: RoomUpdate[] = [];
  for (const name of listRooms(db)) {
    const room = openRoom(db, name);
    try {
      const theirs = theirState?.get(name) ?? NOTHING;
      const update = room.encodeStateAsUpdate(theirs);
      if (!nothingToSend(theirs, update)) rooms.push({ room: name, update });
    } finally {
      room.close();
    }
  }
  const header: BundleHeader = {
    format: UPDATE_BUNDLE_FORMAT,
    version: UPDATE_BUNDLE_VERSION,
    workspaceId: identity.workspace.id,
    createdAt: new Date().toISOString(),
    exporter: { member: identity.member, device: identity.device },
  };
  const encoded = rooms.map(({ room, update }) => ({ room, update: encodeBase64Url(update) }));
  // Checked on the updates first, so a huge workspace fails here rather than in JSON.stringify.
  assertImportable(encoded.reduce((sum, r) => sum + r.update.length, 0));
  const bundle: UpdateBundle = {
    ...header,
    rooms: encoded,
    sig: signBundle(header, rooms, identity.deviceKey),
  };
  const text = `${JSON.stringify(bundle)}\n`;
  assertImportable(Buffer.byteLength(text, 'utf8'));
  return { text, rooms: rooms.length };
}

/** Never hand over a file the other copy would refuse unread. */
function assertImportable(bytes: number): void {
  if (bytes > UPDATE_BUNDLE_MAX_BYTES)
    throw new MusterError(
      'precondition',
      `the bundle would be at least ${bytes} bytes, more than an import accepts (${UPDATE_BUNDLE_MAX_BYTES}): export against the other copy's state file (--for-state) to send less`,
    );
}
