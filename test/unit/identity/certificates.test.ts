import { describe, expect, it } from 'vitest';
import {
  issueDeviceCertificate,
  issueMemberCertificate,
  verifyDeviceCertificate,
  verifyMemberCertificate,
} from '../../../electron/core/identity/certificates';
import { MusterError } from '../../../electron/core/errors';
import { exportPublicKey, generateKeyPair } from '../../../electron/core/identity/keys';
import { deviceCertificateSchema, memberCertificateSchema } from '../../../shared/identity';
import { makeDevice, makeMember, makeWorkspace } from './workspace-fixture';

describe('member certificates', () => {
  it('are signed by the workspace key and verify against the workspace', () => {
    const workspace = makeWorkspace();
    const { certificate } = makeMember(workspace, 'm-ana', {
      user: 'Ana Ruiz',
      department: 'energy',
      role: 'admin',
    });
    expect(memberCertificateSchema.parse(certificate)).toEqual(certificate);
    expect(certificate).toMatchObject({ v: 1, workspaceId: 'ws-riverton', memberId: 'm-ana', role: 'admin' });
    expect(verifyMemberCertificate(certificate, workspace.identity)).toEqual({ ok: true });
  });

  it('are refused by another workspace, even one reusing the same id', () => {
    const ours = makeWorkspace('ws-riverton');
    const theirs = makeWorkspace('ws-lakeside');
    const impostor = makeWorkspace('ws-riverton'); // same id, different key
    const { certificate } = makeMember(theirs, 'm-bo');

    expect(verifyMemberCertificate(certificate, ours.identity)).toMatchObject({
      ok: false,
      reason: 'wrong_workspace',
    });
    const forged = makeMember(impostor, 'm-bo').certificate;
    expect(verifyMemberCertificate(forged, ours.identity)).toMatchObject({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('fail verification when any signed field changes', () => {
    const workspace = makeWorkspace();
    const { certificate } = makeMember(workspace, 'm-cy', { role: 'viewer' });
    const changes = [
      { role: 'admin' },
      { department: 'it' },
      { user: 'Someone Else' },
      { memberKey: exportPublicKey(generateKeyPair().publicKey) },
      { issuedAt: '2030-01-01T00:00:00.000Z' },
    ] as const;
    for (const change of changes) {
      const verdict = verifyMemberCertificate({ ...certificate, ...change }, workspace.identity);
      expect(verdict, JSON.stringify(change)).toMatchObject({ ok: false, reason: 'bad_signature' });
    }
    const withExtra = { ...certificate, admin: true } as unknown as typeof certificate;
    expect(verifyMemberCertificate(withExtra, workspace.identity)).toMatchObject({
      ok: false,
      reason: 'malformed',
    });
    const { sig: _sig, ...unsigned } = certificate;
    expect(verifyMemberCertificate(unsigned as typeof certificate, workspace.identity)).toMatchObject({
      ok: false,
      reason: 'malformed',
    });
  });

  it('are not issued with a key that is not the workspace key, or for an unknown department', () => {
    const workspace = makeWorkspace();
    const memberKey = exportPublicKey(generateKeyPair().publicKey);
    const fields = {
      memberId: 'm-dee',
      user: 'Dee',
      department: 'police',
      role: 'viewer',
      memberKey,
    } as const;
    expect(() =>
      issueMemberCertificate({ ...workspace, privateKey: generateKeyPair().privateKey }, fields),
    ).toThrow(/not the workspace key/);
    expect(() => issueMemberCertificate(workspace, { ...fields, department: 'fire' })).toThrow(
      /no department "fire"/,
    );
    expect(() => issueMemberCertificate(workspace, { ...fields, user: '' })).toThrow(MusterError);
    expect(() => issueMemberCertificate(workspace, { ...fields, role: 'owner' as 'admin' })).toThrow(
      /role must be/,
    );
  });
});

describe('device certificates', () => {
  it('are signed by the member key and verify against that member', () => {
    const workspace = makeWorkspace();
    const member = makeMember(workspace, 'm-ana');
    const { certificate } = makeDevice(member, 'dev-laptop');
    expect(deviceCertificateSchema.parse(certificate)).toEqual(certificate);
    expect(certificate).toMatchObject({
      workspaceId: 'ws-riverton',
      memberId: 'm-ana',
      deviceId: 'dev-laptop',
    });
    expect(verifyDeviceCertificate(certificate, member.certificate)).toEqual({ ok: true });
  });

  it('name the problem: another member, another workspace, or a bad signature', () => {
    const workspace = makeWorkspace();
    const ana = makeMember(workspace, 'm-ana');
    const bo = makeMember(workspace, 'm-bo');
    const anasLaptop = makeDevice(ana, 'dev-laptop').certificate;

    expect(verifyDeviceCertificate(anasLaptop, bo.certificate)).toMatchObject({
      ok: false,
      reason: 'member_mismatch',
    });

    const elsewhere = makeMember(makeWorkspace('ws-lakeside'), 'm-ana');
    expect(
      verifyDeviceCertificate(makeDevice(elsewhere, 'dev-x').certificate, ana.certificate),
    ).toMatchObject({
      ok: false,
      reason: 'wrong_workspace',
    });

    // Bo signs a certificate that claims Ana's name: only Ana's key can vouch for Ana's devices.
    const claimed = { ...makeDevice(bo, 'dev-bo').certificate, memberId: 'm-ana' };
    expect(verifyDeviceCertificate(claimed, ana.certificate)).toMatchObject({
      ok: false,
      reason: 'bad_signature',
    });
    const swappedKey = { ...anasLaptop, deviceKey: exportPublicKey(generateKeyPair().publicKey) };
    expect(verifyDeviceCertificate(swappedKey, ana.certificate)).toMatchObject({
      ok: false,
      reason: 'bad_signature',
    });

    // The same key bytes spelt differently (a spare bit set in the last character) are not accepted.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const key = anasLaptop.deviceKey;
    const respelled = key.slice(0, 42) + (alphabet[alphabet.indexOf(key.at(-1) ?? 'A') ^ 1] ?? 'A');
    expect(Buffer.from(respelled, 'base64url').equals(Buffer.from(key, 'base64url'))).toBe(true);
    expect(verifyDeviceCertificate({ ...anasLaptop, deviceKey: respelled }, ana.certificate)).toMatchObject({
      ok: false,
      reason: 'malformed',
    });
  });

  it('are only issued with the key the member certificate names', () => {
    const workspace = makeWorkspace();
    const ana = makeMember(workspace, 'm-ana');
    const deviceKey = exportPublicKey(generateKeyPair().publicKey);
    expect(() =>
      issueDeviceCertificate(
        { ...ana, privateKey: generateKeyPair().privateKey },
        { deviceId: 'dev-1', deviceKey },
      ),
    ).toThrow(/not the member key/);
    expect(() => issueDeviceCertificate(ana, { deviceId: 'has space', deviceKey })).toThrow(/deviceId/);
  });
});
