/**
 * Update bundles in. Everything is checked before anything is written: the file's shape, that it
 * is for this workspace, the exporter's certificate chain up to the workspace key, the signature
 * over every byte that matters, and every room's update. Only then are the rooms written, in one
 * transaction, so a bad bundle changes nothing.
 *
 * The signature is checked before any Yjs bytes are decoded: only a certified device of this
 * workspace can make this copy parse an update at all.
 */
import type { MemberCertificate } from '../../../../shared/identity';
import type { Store } from '../../db/open';
import { openRoom, type Room } from '../../docs/room-store';
import { assertWellFormedUpdate } from '../../docs/update-validation';
import { MusterError } from '../../errors';
import { verifyDeviceCertificate, verifyMemberCertificate } from '../../identity/certificates';
import { requireLocalIdentity } from '../../workspace/local-identity';
import { roomAlreadyHas } from './coverage';
import {
  decodeBase64Url,
  invalid,
  parseTaggedFile,
  UPDATE_BUNDLE_FORMAT,
  UPDATE_BUNDLE_VERSION,
  updateBundleSchema,
  type RoomUpdate,
} from './format';
import { bundleSignatureValid } from './signing';

export type ImportResult = {
  /** Rooms the bundle added something to. */
  changed: number;
  /** Rooms that already held everything the bundle had for them; nothing was written for them. */
  unchanged: number;
  exporter: Pick<MemberCertificate, 'memberId' | 'user' | 'department'>;
};

export function importUpdateBundle(db: Store, text: string): ImportResult {
  const { header, rooms } = verifiedBundle(db, text);
  let changed = 0;
  const opened: Room[] = [];
  try {
    db.transaction(() => {
      for (const { room: name, update } of rooms) {
        const room = openRoom(db, name);
        opened.push(room);
        // Skipped rather than applied, so importing a bundle twice adds no rows to the log.
        if (roomAlreadyHas(room, update)) continue;
        room.applyUpdate(update);
        changed++;
      }
    }).immediate();
  } finally {
    // Also after a rollback: a document that got ahead of the store must not be used again.
    for (const room of opened) room.close();
  }
  const { memberId, user, department } = header.exporter.member;
  return { changed, unchanged: rooms.length - changed, exporter: { memberId, user, department } };
}

function verifiedBundle(db: Store, text: string) {
  const bundle = parseTaggedFile(
    text,
    { format: UPDATE_BUNDLE_FORMAT, version: UPDATE_BUNDLE_VERSION, what: 'update bundle' },
    updateBundleSchema,
  );
  const { workspace } = requireLocalIdentity(db);
  if (bundle.workspaceId !== workspace.id)
    invalid(`this update bundle is for workspace ${bundle.workspaceId}, not this one (${workspace.id})`);

  const { member, device } = bundle.exporter;
  const memberVerdict = verifyMemberCertificate(member, workspace);
  if (!memberVerdict.ok)
    invalid(
      memberVerdict.reason === 'wrong_workspace'
        ? "the exporter's member certificate in this update bundle is for another workspace"
        : "the exporter's member certificate in this update bundle is not signed by this workspace's key: the file was altered, or it comes from elsewhere",
    );
  const deviceVerdict = verifyDeviceCertificate(device, member);
  if (!deviceVerdict.ok)
    invalid(
      `the exporter's device certificate in this update bundle does not check out (${deviceVerdict.message})`,
    );

  const rooms: RoomUpdate[] = bundle.rooms.map(({ room, update }) => {
    const bytes = decodeBase64Url(update);
    if (!bytes) invalid(`update bundle: the update of room ${room} is not valid base64url`);
    return { room, update: bytes };
  });
  const { sig, rooms: _encoded, ...header } = bundle;
  if (!bundleSignatureValid(header, rooms, sig, device.deviceKey))
    invalid(
      `the signature of this update bundle does not verify against the device key of ${member.user}: the file was altered or damaged`,
    );

  for (const { room, update } of rooms) {
    try {
      assertWellFormedUpdate(update);
    } catch (error) {
      if (error instanceof MusterError) invalid(`update bundle, room ${room}: ${error.message}`);
      throw error;
    }
  }
  return { header, rooms };
}
