/**
 * What an update bundle's signature covers: a SHA-256 digest over the canonical header (every
 * field but the rooms and `sig`, RFC 8785 JSON as for certificates and events) followed by each
 * room's name and update bytes, in file order, each length-prefixed so no two bundles hash alike.
 * Hashing the decoded bytes rather than canonical JSON of the whole file avoids building a second
 * copy of a large bundle as text.
 */
import { createHash } from 'node:crypto';
import { canonicalBytes } from '../../identity/canonical-bytes';
import { sign, verify, type KeyObject } from '../../identity/keys';
import type { RoomUpdate, UpdateBundle } from './format';

export type BundleHeader = Omit<UpdateBundle, 'rooms' | 'sig'>;

/** Keeps a bundle digest from ever equalling the digest of some other signed Muster structure. */
const DOMAIN = 'muster-update-bundle-signature\n';

export function bundleDigest(header: BundleHeader, rooms: readonly RoomUpdate[]): Uint8Array {
  // Named field by field, so nothing but these can ever be covered (or left out) by accident.
  const { format, version, workspaceId, createdAt, exporter } = header;
  const headerBytes = canonicalBytes({
    format,
    version,
    workspaceId,
    createdAt,
    exporter,
    roomCount: rooms.length,
  });
  const hash = createHash('sha256').update(DOMAIN);
  const part = (bytes: Uint8Array) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.byteLength);
    hash.update(length).update(bytes);
  };
  part(headerBytes);
  for (const { room, update } of rooms) {
    part(Buffer.from(room, 'utf8'));
    part(update);
  }
  return hash.digest();
}

export const signBundle = (header: BundleHeader, rooms: readonly RoomUpdate[], deviceKey: KeyObject) =>
  sign(bundleDigest(header, rooms), deviceKey);

export const bundleSignatureValid = (
  header: BundleHeader,
  rooms: readonly RoomUpdate[],
  sig: string,
  deviceKey: string,
) => verify(bundleDigest(header, rooms), sig, deviceKey);
