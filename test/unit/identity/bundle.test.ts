import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ENROLMENT_BUNDLE_MAX_BYTES,
  readEnrolmentBundle,
  writeEnrolmentBundle,
} from '../../../electron/core/identity/bundle';
import { MusterError } from '../../../electron/core/errors';
import { exportPrivateKey, generateKeyPair, publicKeyOf } from '../../../electron/core/identity/keys';
import { tempDir } from '../../support/temp-dir';
import { makeMember, makeWorkspace } from './workspace-fixture';

function invitation() {
  const workspace = makeWorkspace();
  const member = makeMember(workspace, 'm-eli', {
    user: 'Eli Park',
    department: 'traffic',
    role: 'commander',
  });
  const text = writeEnrolmentBundle({
    workspace: workspace.identity,
    memberCertificate: member.certificate,
    memberPrivateKey: member.privateKey,
  });
  return { workspace, member, text, json: JSON.parse(text) as Record<string, unknown> };
}

/** Reading must fail with a MusterError `invalid_params` whose message matches. */
function expectRefusal(text: string, message: RegExp, expectedWorkspaceId?: string) {
  let error: unknown;
  try {
    readEnrolmentBundle(text, expectedWorkspaceId);
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(MusterError);
  expect(error).toMatchObject({ code: 'invalid_params', message: expect.stringMatching(message) });
  expect((error as Error).message).not.toContain('\n');
}

describe('enrolment bundles', () => {
  it('carry the workspace, the certificate and the member key from invite to join', () => {
    const { workspace, member, text } = invitation();
    const file = path.join(tempDir(), 'eli.muster-enrolment');
    writeFileSync(file, text, { mode: 0o600 });

    const enrolment = readEnrolmentBundle(readFileSync(file, 'utf8'), workspace.identity.id);
    expect(enrolment.workspace).toEqual(workspace.identity);
    expect(enrolment.memberCertificate).toEqual(member.certificate);
    expect(publicKeyOf(enrolment.memberPrivateKey)).toBe(member.certificate.memberKey);
    expect(readEnrolmentBundle(text)).toBeDefined(); // the expected workspace is optional
  });

  it('say what they are to whoever opens the file', () => {
    const { json } = invitation();
    expect(json).toMatchObject({ format: 'muster-enrolment', version: 1 });
    expect(json.notice).toMatch(/like a password/);
  });

  it('refuse a bundle for another workspace, naming it', () => {
    const { text } = invitation();
    expectRefusal(
      text,
      /^this enrolment bundle is for workspace "City of Riverton" \(ws-riverton\), not this one \(ws-lakeside\)$/,
      'ws-lakeside',
    );
  });

  it('give a clear error for files that are not bundles', () => {
    expectRefusal('', /not valid JSON/);
    expectRefusal('{"format": "muster-enrolment", ', /not valid JSON/);
    expectRefusal('[1, 2, 3]', /not a Muster enrolment bundle/);
    expectRefusal('null', /not a Muster enrolment bundle/);
    expectRefusal(JSON.stringify({ format: 'muster-backup', version: 1 }), /not a Muster enrolment bundle/);
    expectRefusal(JSON.stringify({ format: 'muster-enrolment' }), /has no version/);
    expectRefusal(JSON.stringify({ format: 'muster-enrolment', version: 2 }), /version 2 is not supported/);
  });

  it('refuse oversized input before parsing it', () => {
    const { text } = invitation();
    const padded = text.replace('{', `{"padding": "${'x'.repeat(ENROLMENT_BUNDLE_MAX_BYTES)}",`);
    expectRefusal(padded, /too large/);
  });

  it('name missing or malformed fields', () => {
    const { json } = invitation();
    const { memberCertificate: _cert, ...withoutCertificate } = json;
    expectRefusal(JSON.stringify(withoutCertificate), /incomplete or malformed: memberCertificate/);
    expectRefusal(
      JSON.stringify({ ...json, workspace: { ...(json.workspace as object), publicKey: 'short' } }),
      /incomplete or malformed: workspace\.publicKey/,
    );
    expectRefusal(JSON.stringify({ ...json, extra: 1 }), /unknown field\(s\): extra/);
  });

  it('refuse a certificate the bundled workspace key did not sign', () => {
    const { json } = invitation();
    const cert = json.memberCertificate as Record<string, unknown>;
    expectRefusal(
      JSON.stringify({ ...json, memberCertificate: { ...cert, role: 'admin' } }),
      /not signed by the key of workspace "City of Riverton"/,
    );

    // A certificate from another workspace, presented with this workspace's identity.
    const other = makeWorkspace('ws-lakeside', 'Lakeside');
    const foreign = makeMember(other, 'm-eli', { department: 'traffic' }).certificate;
    expectRefusal(
      JSON.stringify({ ...json, memberCertificate: foreign }),
      /for another workspace than "City of Riverton"/,
    );

    // The workspace key swapped for another one: the certificate no longer verifies.
    const swappedKey = { ...(json.workspace as object), publicKey: other.identity.publicKey };
    expectRefusal(JSON.stringify({ ...json, workspace: swappedKey }), /not signed by the key of workspace/);
  });

  it('refuse a member key that does not match the certificate', () => {
    const { json } = invitation();
    expectRefusal(
      JSON.stringify({ ...json, memberPrivateKey: exportPrivateKey(generateKeyPair().privateKey) }),
      /member key in this enrolment bundle does not match its certificate/,
    );
    expectRefusal(
      JSON.stringify({ ...json, memberPrivateKey: 'AAAA' }),
      /member key in this enrolment bundle is unreadable/,
    );
  });

  it('never echo the private key in an error', () => {
    const { json } = invitation();
    const secret = json.memberPrivateKey as string;
    const attempts = [
      { ...json, extra: secret },
      { ...json, memberPrivateKey: `${secret}!` },
      { ...json, version: secret },
    ];
    for (const attempt of attempts) {
      expect(() => readEnrolmentBundle(JSON.stringify(attempt))).toThrow(MusterError);
      expect(() => readEnrolmentBundle(JSON.stringify(attempt))).not.toThrow(secret);
    }
  });
});
