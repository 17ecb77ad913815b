/**
 * hub-auth.ts on its own: the token a device makes for one request, and every way the hub refuses
 * one (DESIGN.md section 5). Each refusal must say why in words fit for a log, never the token.
 */
import { describe, expect, it } from 'vitest';
import { exportPrivateKey, verify } from '../../../electron/core/identity/keys';
import {
  AUTH_SCHEME,
  authorizationFor,
  NonceCache,
  TOKEN_LIFETIME_MS,
  verifyAuthorization,
  type AuthVerdict,
} from '../../../electron/core/sync/hub-auth';
import { certifiedWorkspace } from '../../support/sync';

const NOW = Date.parse('2025-03-01T08:00:00Z');
const city = certifiedWorkspace();
const elsewhere = certifiedWorkspace('Town of Elm Creek');
const tom = city.member('responder', 'traffic', 'Tom Berg');
const pia = city.member('commander', 'police', 'Pia Holm');
const vera = city.member('viewer', 'energy', 'Vera Lind');
const olaf = elsewhere.member('admin', 'police', 'Olaf Berg');
const PATH = `/w/${city.workspace.id}/incident:auth`;
const request = { path: PATH, workspace: city.workspace };

type Token = Record<string, unknown> & {
  v: number;
  member: Record<string, unknown>;
  device: Record<string, unknown>;
  path: string;
  issuedAt: number;
  nonce: string;
  sig: string;
};

const decode = (header: string): Token =>
  JSON.parse(Buffer.from(header.slice(`${AUTH_SCHEME} `.length), 'base64url').toString('utf8')) as Token;
const encode = (token: unknown) =>
  `${AUTH_SCHEME} ${Buffer.from(JSON.stringify(token)).toString('base64url')}`;
/** A header for `PATH` made at NOW by Tom's device, changed by `change` after signing. */
const tampered = (change: (token: Token) => void, credentials = tom) => {
  const token = decode(authorizationFor(credentials, PATH, NOW));
  change(token);
  return encode(token);
};

const check = (header: string | undefined, now = NOW, nonces = new NonceCache()) =>
  verifyAuthorization(header, request, nonces, now);

/** The refusal, checked not to repeat the token (or its signature or nonce). */
function refusal(verdict: AuthVerdict, header?: string): { status: number; reason: string } {
  if (verdict.ok) throw new Error(`expected a refusal, got ${JSON.stringify(verdict.peer)}`);
  if (header) {
    const encoded = header.split(' ')[1] ?? '';
    if (encoded.length > 20) expect(verdict.reason).not.toContain(encoded.slice(0, 20));
    try {
      const token = decode(header);
      for (const secret of [token.sig, token.nonce])
        if (typeof secret === 'string' && secret.length > 10) expect(verdict.reason).not.toContain(secret);
    } catch {
      // not a token
    }
  }
  return { status: verdict.status, reason: verdict.reason };
}

describe('authorizationFor', () => {
  it('makes a Muster token bound to the path, the time and a fresh nonce, signed by the device key', () => {
    const header = authorizationFor(tom, PATH, NOW);
    expect(header).toMatch(/^Muster [A-Za-z0-9_-]+$/);
    const token = decode(header);
    expect(token).toEqual({
      v: 1,
      member: tom.member,
      device: tom.device,
      path: PATH,
      issuedAt: NOW,
      nonce: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      sig: expect.stringMatching(/^[A-Za-z0-9_-]{86}$/),
    });
    // Signed over the canonical fields with the device key, and nothing else verifies it.
    const signed = new TextEncoder().encode(
      JSON.stringify({
        deviceId: tom.device.deviceId,
        issuedAt: NOW,
        memberId: tom.member.memberId,
        nonce: token.nonce,
        path: PATH,
        purpose: 'muster-hub-auth',
        v: 1,
        workspaceId: city.workspace.id,
      }),
    );
    expect(verify(signed, token.sig, tom.device.deviceKey)).toBe(true);
    expect(verify(signed, token.sig, pia.device.deviceKey)).toBe(false);
    // No private key travels in it.
    expect(JSON.stringify(token)).not.toContain(exportPrivateKey(tom.deviceKey));
  });

  it('makes a different nonce every time and defaults the time to now', () => {
    const before = Date.now();
    const [a, b] = [decode(authorizationFor(tom, PATH)), decode(authorizationFor(tom, PATH))];
    expect(a.nonce).not.toBe(b.nonce);
    expect(a.issuedAt).toBeGreaterThanOrEqual(before);
    expect(a.issuedAt).toBeLessThanOrEqual(Date.now());
  });
});

describe('verifyAuthorization', () => {
  it('accepts a fresh token and names the peer from its certificates', () => {
    expect(check(authorizationFor(tom, PATH, NOW))).toEqual({
      ok: true,
      peer: {
        workspaceId: city.workspace.id,
        memberId: tom.member.memberId,
        user: 'Tom Berg',
        department: 'traffic',
        role: 'responder',
        deviceId: tom.device.deviceId,
      },
      // What the hub checks Tom's events against until his enrolment reaches its directory.
      certificates: { member: tom.member, device: tom.device },
    });
    expect(check(authorizationFor(vera, PATH, NOW))).toMatchObject({ ok: true, peer: { role: 'viewer' } });
  });

  it('accepts clock skew up to the token lifetime either way, and no more', () => {
    for (const skew of [TOKEN_LIFETIME_MS, -TOKEN_LIFETIME_MS, 1000, -1000]) {
      expect(check(authorizationFor(tom, PATH, NOW + skew)).ok, `skew ${skew}`).toBe(true);
    }
    for (const skew of [TOKEN_LIFETIME_MS + 1, -TOKEN_LIFETIME_MS - 1, 24 * 3600_000]) {
      const header = authorizationFor(tom, PATH, NOW + skew);
      expect(refusal(check(header), header), `skew ${skew}`).toEqual({
        status: 401,
        reason: 'token expired or clock skew above 5 minutes',
      });
    }
  });

  const REFUSALS: {
    name: string;
    header: () => string | undefined;
    status: 401 | 403;
    reason: string | RegExp;
  }[] = [
    { name: 'no header', header: () => undefined, status: 401, reason: 'no credentials' },
    { name: 'an empty header', header: () => '', status: 401, reason: 'no credentials' },
    {
      name: 'a header over 8192 characters',
      header: () => `Muster ${'A'.repeat(8192)}`,
      status: 401,
      reason: 'credentials too large',
    },
    { name: 'another scheme', header: () => 'Bearer abc', status: 401, reason: 'not a Muster token' },
    {
      name: 'the scheme in lower case',
      header: () => 'muster abc',
      status: 401,
      reason: 'not a Muster token',
    },
    { name: 'the scheme alone', header: () => 'Muster', status: 401, reason: 'not a Muster token' },
    { name: 'the scheme and a space', header: () => 'Muster ', status: 401, reason: 'not a Muster token' },
    {
      name: 'two spaces',
      header: () => `Muster  ${'x'.repeat(30)}`,
      status: 401,
      reason: 'not a Muster token',
    },
    { name: 'a third word', header: () => 'Muster abc def', status: 401, reason: 'not a Muster token' },
    {
      name: 'bytes that are not JSON',
      header: () => 'Muster %%%~~~',
      status: 401,
      reason: 'token is not valid JSON',
    },
    { name: 'JSON null', header: () => encode(null), status: 401, reason: 'malformed token' },
    { name: 'a JSON array', header: () => encode([1, 2]), status: 401, reason: 'malformed token' },
    { name: 'version 2', header: () => tampered((t) => (t.v = 2)), status: 401, reason: 'malformed token' },
    {
      name: 'a missing nonce',
      header: () => tampered((t) => delete (t as Partial<Token>).nonce),
      status: 401,
      reason: 'malformed token',
    },
    {
      name: 'a short nonce',
      header: () => tampered((t) => (t.nonce = t.nonce.slice(1))),
      status: 401,
      reason: 'malformed token',
    },
    {
      name: 'a fractional time',
      header: () => tampered((t) => (t.issuedAt = NOW + 0.5)),
      status: 401,
      reason: 'malformed token',
    },
    {
      name: 'a time as text',
      header: () => tampered((t) => (t.issuedAt = String(NOW) as unknown as number)),
      status: 401,
      reason: 'malformed token',
    },
    {
      name: 'a path over 512 characters',
      header: () => tampered((t) => (t.path = `/${'a'.repeat(512)}`)),
      status: 401,
      reason: 'malformed token',
    },
    {
      name: 'an extra field',
      header: () => tampered((t) => (t.role = 'admin')),
      status: 401,
      reason: 'malformed token',
    },
    {
      name: 'an extra field in the member certificate',
      header: () => tampered((t) => (t.member.admin = true)),
      status: 401,
      reason: 'malformed token',
    },
    {
      name: 'a signature that is not one',
      header: () => tampered((t) => (t.sig = 'x')),
      status: 401,
      reason: 'malformed token',
    },
    {
      name: 'a member of another workspace',
      header: () => authorizationFor(olaf, PATH, NOW),
      status: 403,
      reason: `certificate of member ${olaf.member.memberId} is for another workspace`,
    },
    {
      name: 'a member certificate with its role raised',
      header: () => tampered((t) => (t.member.role = 'admin'), vera),
      status: 403,
      reason: `member certificate of ${vera.member.memberId} is not signed by the workspace key`,
    },
    {
      name: "a member certificate made with another workspace's key for this workspace",
      header: () =>
        authorizationFor({ ...olaf, member: { ...olaf.member, workspaceId: city.workspace.id } }, PATH, NOW),
      status: 403,
      reason: `member certificate of ${olaf.member.memberId} is not signed by the workspace key`,
    },
    {
      name: 'a device certificate of another workspace',
      header: () => tampered((t) => (t.device.workspaceId = elsewhere.workspace.id)),
      status: 403,
      reason: `device certificate of ${tom.device.deviceId} belongs to another workspace (${elsewhere.workspace.id})`,
    },
    {
      name: "another member's device",
      header: () => authorizationFor({ ...tom, member: pia.member }, PATH, NOW),
      status: 403,
      reason: `device ${tom.device.deviceId} belongs to member ${tom.member.memberId}, not ${pia.member.memberId}`,
    },
    {
      name: 'a device certificate for another key than its member signed',
      header: () =>
        authorizationFor({ ...tom, device: { ...tom.device, deviceKey: pia.device.deviceKey } }, PATH, NOW),
      status: 403,
      reason: `device certificate of ${tom.device.deviceId} is not signed by the key of member ${tom.member.memberId}`,
    },
    {
      name: 'a token for another path',
      header: () => authorizationFor(tom, `/w/${city.workspace.id}/incident:other`, NOW),
      status: 401,
      reason: 'token was made for another path',
    },
    {
      name: 'a token for the same room in another workspace',
      header: () => authorizationFor(tom, `/w/${elsewhere.workspace.id}/incident:auth`, NOW),
      status: 401,
      reason: 'token was made for another path',
    },
    {
      name: 'a token for the path with a query',
      header: () => authorizationFor(tom, `${PATH}?x=1`, NOW),
      status: 401,
      reason: 'token was made for another path',
    },
    {
      name: "a device's certificates signed with another device's key",
      header: () => authorizationFor({ ...tom, deviceKey: pia.deviceKey }, PATH, NOW),
      status: 401,
      reason: `token not signed by device ${tom.device.deviceId}`,
    },
    {
      name: 'a path changed after signing',
      header: () => {
        const header = authorizationFor(tom, `/w/${city.workspace.id}/incident:other`, NOW);
        const token = decode(header);
        token.path = PATH;
        return encode(token);
      },
      status: 401,
      reason: `token not signed by device ${tom.device.deviceId}`,
    },
    {
      name: 'a time changed after signing',
      header: () => tampered((t) => (t.issuedAt = NOW + 1)),
      status: 401,
      reason: `token not signed by device ${tom.device.deviceId}`,
    },
    {
      name: 'a nonce changed after signing',
      header: () =>
        tampered((t) => (t.nonce = `${t.nonce.slice(0, 21)}${t.nonce.endsWith('A') ? 'B' : 'A'}`)),
      status: 401,
      reason: `token not signed by device ${tom.device.deviceId}`,
    },
    {
      name: "another token's signature",
      header: () => tampered((t) => (t.sig = decode(authorizationFor(tom, PATH, NOW)).sig)),
      status: 401,
      reason: `token not signed by device ${tom.device.deviceId}`,
    },
  ];

  it.each(REFUSALS)('refuses $name with $status', ({ header, status, reason }) => {
    const value = header();
    const nonces = new NonceCache();
    const verdict = check(value, NOW, nonces);
    expect(refusal(verdict, value)).toEqual({ status, reason });
  });

  it('refuses a replay of the same header within its lifetime', () => {
    const nonces = new NonceCache();
    const header = authorizationFor(tom, PATH, NOW);
    expect(check(header, NOW, nonces).ok).toBe(true);
    for (const later of [NOW, NOW + 1, NOW + 60_000, NOW + TOKEN_LIFETIME_MS - 1]) {
      expect(refusal(check(header, later, nonces), header), `at +${later - NOW} ms`).toEqual({
        status: 401,
        reason: 'token replayed',
      });
    }
    // After its lifetime it is refused as expired, whatever the cache remembers.
    expect(refusal(check(header, NOW + TOKEN_LIFETIME_MS + 1, nonces))).toEqual({
      status: 401,
      reason: 'token expired or clock skew above 5 minutes',
    });
    // Another token of the same device is fine.
    expect(check(authorizationFor(tom, PATH, NOW + 10), NOW + 10, nonces).ok).toBe(true);
  });

  it('does not spend a nonce on a token it refuses for another reason', () => {
    const nonces = new NonceCache();
    const header = authorizationFor(tom, PATH, NOW);
    expect(refusal(verifyAuthorization(header, { ...request, path: `${PATH}x` }, nonces, NOW)).reason).toBe(
      'token was made for another path',
    );
    expect(check(header, NOW, nonces).ok).toBe(true);
  });

  // Regression: the age check accepts a token at exactly issuedAt + TOKEN_LIFETIME_MS, so its nonce
  // must still count then (NonceCache.claim compared `expiry > now`, letting that replay through).
  it('refuses a replay in the last millisecond of the token lifetime', () => {
    const nonces = new NonceCache();
    const header = authorizationFor(tom, PATH, NOW);
    expect(check(header, NOW, nonces).ok).toBe(true);
    expect(check(header, NOW + TOKEN_LIFETIME_MS, nonces).ok).toBe(false);
  });
});

describe('NonceCache', () => {
  it('claims a nonce once until it expires', () => {
    const nonces = new NonceCache();
    expect(nonces.claim('n1', 1000, 0)).toBe(true);
    expect(nonces.claim('n1', 1000, 0)).toBe(false);
    expect(nonces.claim('n1', 1000, 999)).toBe(false);
    expect(nonces.claim('n2', 1000, 999)).toBe(true);
    // Still counted at exactly its expiry (a token is accepted until then, inclusive)...
    expect(nonces.claim('n1', 1000, 1000)).toBe(false);
    // ...and free again after it (tokens that old are refused before this is asked).
    expect(nonces.claim('n1', 3000, 1001)).toBe(true);
    expect(nonces.claim('n1', 3000, 2000)).toBe(false);
  });

  it('forgets expired nonces once it holds many, so it cannot grow without bound', () => {
    const nonces = new NonceCache();
    for (let i = 0; i < 10_001; i++) expect(nonces.claim(`old-${i}`, 1000, 0)).toBe(true);
    for (let i = 0; i < 100; i++) expect(nonces.claim(`live-${i}`, 5000, 10)).toBe(true);
    expect(nonces.claim('trigger', 5000, 2000)).toBe(true);
    const seen = (nonces as unknown as { seen: Map<string, number> }).seen;
    expect(seen.size).toBe(101);
    // What it kept still counts.
    expect(nonces.claim('live-7', 5000, 2000)).toBe(false);
    expect(nonces.claim('old-7', 5000, 2000)).toBe(true);
  });
});
