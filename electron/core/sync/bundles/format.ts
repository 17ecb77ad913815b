/**
 * The two files that carry workspace changes by hand when there is no network (DESIGN.md section 4):
 *
 * - a state file (`muster bundle state`): per room, the Yjs state vector of the copy that wrote it,
 *   so the other copy can export only what this one lacks. Not secret and not signed: a wrong one
 *   can only make an export larger or smaller, and an import verifies whatever arrives.
 * - an update bundle (`muster bundle export`): per room, the Yjs update the receiving copy lacks,
 *   signed by the exporting device, with the certificates that tie that device to the workspace key.
 *
 * Both are JSON with binary parts in base64url. The schemas are strict, so no field rides along
 * unsigned, and only check, never transform: what is verified is what the file says.
 */
import { z } from 'zod';
import {
  deviceCertificateSchema,
  idSchema,
  memberCertificateSchema,
  signatureSchema,
} from '../../../../shared/identity';
import { describeIssues } from '../../../../shared/validation';
import { ROOM_NAME_PATTERN } from '../../docs/room-name';
import { MusterError } from '../../errors';

export const UPDATE_BUNDLE_FORMAT = 'muster-update-bundle';
export const UPDATE_BUNDLE_VERSION = 1;
export const SYNC_STATE_FORMAT = 'muster-sync-state';
export const SYNC_STATE_VERSION = 1;

/**
 * Files larger than these are refused before they are read. A bundle is parsed whole in memory
 * (JSON text, then the decoded updates, then each room's document), so its cap keeps an import
 * within a few hundred MB; a workspace that outgrows it exports against a state file instead.
 * State vectors are a few bytes per device and room, so a real state file is far below its cap.
 */
export const UPDATE_BUNDLE_MAX_BYTES = 128 * 1024 * 1024;
export const SYNC_STATE_MAX_BYTES = 8 * 1024 * 1024;
/** More rooms than any workspace has (one per incident plus a few), and few enough to loop over. */
export const MAX_ROOMS = 100_000;

const base64Url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'must be base64url');
const roomName = z.string().regex(ROOM_NAME_PATTERN, 'must be a room name');
const instant = z.iso.datetime({ error: 'must be an ISO 8601 instant in UTC' });
const uniqueRooms = (rooms: readonly { room: string }[]) =>
  new Set(rooms.map((r) => r.room)).size === rooms.length;

export const syncStateSchema = z
  .object({
    format: z.literal(SYNC_STATE_FORMAT),
    version: z.literal(SYNC_STATE_VERSION),
    workspaceId: idSchema,
    createdAt: instant,
    rooms: z
      .array(z.object({ room: roomName, stateVector: base64Url }).strict())
      .max(MAX_ROOMS)
      .refine(uniqueRooms, 'each room may appear only once'),
  })
  .strict();
export type SyncState = z.infer<typeof syncStateSchema>;

export const exporterSchema = z
  .object({ member: memberCertificateSchema, device: deviceCertificateSchema })
  .strict();
export type Exporter = z.infer<typeof exporterSchema>;

export const updateBundleSchema = z
  .object({
    format: z.literal(UPDATE_BUNDLE_FORMAT),
    version: z.literal(UPDATE_BUNDLE_VERSION),
    workspaceId: idSchema,
    createdAt: instant,
    exporter: exporterSchema,
    rooms: z
      .array(z.object({ room: roomName, update: base64Url }).strict())
      .max(MAX_ROOMS)
      .refine(uniqueRooms, 'each room may appear only once'),
    /** Ed25519 signature by the exporter's device key over `bundleDigest` (signing.ts). */
    sig: signatureSchema,
  })
  .strict();
export type UpdateBundle = z.infer<typeof updateBundleSchema>;

/** A room's update, decoded. */
export type RoomUpdate = { room: string; update: Uint8Array };

type Tagged = { format: string; version: number; what: string };

/**
 * Parses one of the two files: JSON, then the format tag and version (so a wrong file or a newer
 * Muster's file gets a message saying so, not a list of schema issues), then the schema. Messages
 * never echo the file's content.
 */
export function parseTaggedFile<T>(text: string, tag: Tagged, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    invalid(`this ${tag.what} is not valid JSON: is it the right file, and was it copied completely?`);
  }
  const fields = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  if (fields.format !== tag.format) invalid(`this file is not a Muster ${tag.what}`);
  if (fields.version !== tag.version) {
    const version = typeof fields.version === 'number' ? `version ${fields.version}` : 'this version';
    invalid(`${tag.what} ${version} is not supported (this Muster reads version ${tag.version})`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) invalid(`${tag.what} is incomplete or malformed: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

export const encodeBase64Url = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');

/**
 * Strict base64url: Buffer.from skips characters it does not know and ignores spare bits, so a text
 * is accepted only if it is exactly the encoding of what it decodes to.
 */
export function decodeBase64Url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  if (bytes.toString('base64url') !== text) return undefined;
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function invalid(message: string): never {
  throw new MusterError('invalid_params', message);
}
