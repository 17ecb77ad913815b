/**
 * How a member's device proves who it is to a hub, at the HTTP upgrade (DESIGN.md section 4).
 *
 * The client sends `Authorization: Muster <token>`: its member and device certificates plus a
 * signature by the device key over the request path, a time and a nonce. A hub holds only the
 * workspace's public identity, so it checks the chain workspace key -> member -> device itself,
 * without any directory, and never sees a private key. The path binds a token to one room, the
 * time bounds how long a captured token is good for, and the nonce lets the hub refuse a replay
 * within that time.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import {
  deviceCertificateSchema,
  memberCertificateSchema,
  signatureSchema,
  type DeviceCertificate,
  type MemberCertificate,
  type Role,
  type WorkspacePublic,
} from '../../../shared/identity';
import { canonicalBytes } from '../identity/canonical-bytes';
import { verifyDeviceCertificate, verifyMemberCertificate } from '../identity/certificates';
import { sign, verify, type KeyObject } from '../identity/keys';

export const AUTH_SCHEME = 'Muster';
const TOKEN_VERSION = 1;
/** Tokens are made fresh for every connection, so only clock skew needs room here. */
export const TOKEN_LIFETIME_MS = 5 * 60_000;
/** Two certificates and a signature are about 1.5 KiB; anything much larger is not a token. */
const MAX_HEADER_CHARS = 8192;

const tokenSchema = z
  .object({
    v: z.literal(TOKEN_VERSION),
    member: memberCertificateSchema,
    device: deviceCertificateSchema,
    path: z.string().max(512),
    issuedAt: z.number().int().nonnegative(),
    nonce: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
    sig: signatureSchema,
  })
  .strict();

export type DeviceCredentials = {
  member: MemberCertificate;
  device: DeviceCertificate;
  deviceKey: KeyObject;
};

/** Who is on the other end of an authenticated connection. */
export type HubPeer = {
  workspaceId: string;
  memberId: string;
  user: string;
  department: string;
  role: Role;
  deviceId: string;
};

export type AuthVerdict =
  | { ok: true; peer: HubPeer; certificates: { member: MemberCertificate; device: DeviceCertificate } }
  | { ok: false; status: 401 | 403; reason: string };

const signingBytes = (token: Omit<z.infer<typeof tokenSchema>, 'sig'>) =>
  canonicalBytes({
    purpose: 'muster-hub-auth',
    v: token.v,
    workspaceId: token.member.workspaceId,
    memberId: token.member.memberId,
    deviceId: token.device.deviceId,
    path: token.path,
    issuedAt: token.issuedAt,
    nonce: token.nonce,
  });

/** The Authorization header value for one request to `path` (the URL's path, without the query). */
export function authorizationFor(credentials: DeviceCredentials, path: string, now = Date.now()): string {
  const unsigned = {
    v: TOKEN_VERSION,
    member: credentials.member,
    device: credentials.device,
    path,
    issuedAt: now,
    nonce: randomBytes(16).toString('base64url'),
  } as const;
  const token = { ...unsigned, sig: sign(signingBytes(unsigned), credentials.deviceKey) };
  return `${AUTH_SCHEME} ${Buffer.from(JSON.stringify(token)).toString('base64url')}`;
}

/** Nonces seen within the token lifetime, so a token is good for one connection only. */
export class NonceCache {
  private readonly seen = new Map<string, number>();

  /** False if the nonce was seen already; otherwise remembers it until `expiresAt`. */
  claim(nonce: string, expiresAt: number, now: number): boolean {
    if (this.seen.size > 10_000) {
      for (const [key, expiry] of this.seen) if (expiry < now) this.seen.delete(key);
    }
    const expiry = this.seen.get(nonce);
    // Inclusive: a token is still accepted at exactly its expiry, so its nonce must still count.
    if (expiry !== undefined && expiry >= now) return false;
    this.seen.set(nonce, expiresAt);
    return true;
  }
}

/**
 * Checks an Authorization header for a request to `path` in workspace `workspaceId`. Refusals say
 * why in words fit for the hub's log; they never repeat the token.
 */
export function verifyAuthorization(
  header: string | undefined,
  request: { path: string; workspace: Pick<WorkspacePublic, 'id' | 'publicKey'> },
  nonces: NonceCache,
  now = Date.now(),
): AuthVerdict {
  if (!header) return refuse(401, 'no credentials');
  if (header.length > MAX_HEADER_CHARS) return refuse(401, 'credentials too large');
  const [scheme, encoded, ...rest] = header.split(' ');
  if (scheme !== AUTH_SCHEME || !encoded || rest.length > 0) return refuse(401, 'not a Muster token');
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    return refuse(401, 'token is not valid JSON');
  }
  const parsed = tokenSchema.safeParse(json);
  if (!parsed.success) return refuse(401, 'malformed token');
  const token = parsed.data;
  const { workspace } = request;
  if (token.member.workspaceId !== workspace.id)
    return refuse(403, `certificate of member ${token.member.memberId} is for another workspace`);
  const member = verifyMemberCertificate(token.member, workspace);
  if (!member.ok) return refuse(403, member.message);
  const device = verifyDeviceCertificate(token.device, token.member);
  if (!device.ok) return refuse(403, device.message);
  if (token.path !== request.path) return refuse(401, 'token was made for another path');
  if (Math.abs(now - token.issuedAt) > TOKEN_LIFETIME_MS)
    return refuse(401, 'token expired or clock skew above 5 minutes');
  if (!verify(signingBytes(token), token.sig, token.device.deviceKey))
    return refuse(401, `token not signed by device ${token.device.deviceId}`);
  if (!nonces.claim(token.nonce, token.issuedAt + TOKEN_LIFETIME_MS, now))
    return refuse(401, 'token replayed');
  const { memberId, user, department, role } = token.member;
  return {
    ok: true,
    peer: { workspaceId: workspace.id, memberId, user, department, role, deviceId: token.device.deviceId },
    certificates: { member: token.member, device: token.device },
  };
}

const refuse = (status: 401 | 403, reason: string): AuthVerdict => ({ ok: false, status, reason });
