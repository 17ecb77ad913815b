/**
 * Issuing and checking the two certificates of the trust chain (shared/identity.ts): the workspace
 * key signs member certificates, a member key signs that member's device certificates. Signatures
 * cover the RFC 8785 canonical JSON of the certificate without `sig`, so any replica reproduces the
 * signed bytes from a stored certificate whatever order its keys arrive in.
 */
import type { z } from 'zod';
import {
  CERTIFICATE_VERSION,
  deviceCertificateSchema,
  memberCertificateSchema,
  type DeviceCertificate,
  type MemberCertificate,
  type WorkspacePublic,
} from '../../../shared/identity';
import { describeIssues } from '../../../shared/validation';
import { MusterError } from '../errors';
import { canonicalBytes } from './canonical-bytes';
import { publicKeyOf, sign, verify, type KeyObject } from './keys';

export type MemberCertificateFields = Omit<MemberCertificate, 'v' | 'workspaceId' | 'sig' | 'issuedAt'> & {
  /** Defaults to now. */
  issuedAt?: string;
};
export type DeviceCertificateFields = Omit<
  DeviceCertificate,
  'v' | 'workspaceId' | 'memberId' | 'sig' | 'issuedAt'
> & {
  issuedAt?: string;
};

export type CertificateProblem =
  /** Not a certificate of the current version (fields missing, extra or of the wrong shape). */
  | 'malformed'
  /** Issued for another workspace (member) or by a member of another workspace (device). */
  | 'wrong_workspace'
  /** A device certificate checked against a member certificate of someone else. */
  | 'member_mismatch'
  /** The signature does not verify against the key that should have made it. */
  | 'bad_signature';

export type Verdict<Problem extends string> = { ok: true } | { ok: false; reason: Problem; message: string };

/**
 * Signs a member certificate with the workspace key. Throws `invalid_params` for fields that do not
 * make a valid certificate (unknown department included), and if the key is not this workspace's.
 */
export function issueMemberCertificate(
  workspace: { identity: WorkspacePublic; privateKey: KeyObject },
  fields: MemberCertificateFields,
): MemberCertificate {
  const { identity, privateKey } = workspace;
  if (publicKeyOf(privateKey) !== identity.publicKey)
    throw new MusterError('invalid_params', `this key is not the workspace key of "${identity.name}"`);
  if (!identity.departments.some((d) => d.id === fields.department))
    throw new MusterError('invalid_params', `"${identity.name}" has no department "${fields.department}"`);
  const unsigned = {
    v: CERTIFICATE_VERSION,
    workspaceId: identity.id,
    memberId: fields.memberId,
    user: fields.user,
    department: fields.department,
    role: fields.role,
    memberKey: fields.memberKey,
    issuedAt: fields.issuedAt ?? new Date().toISOString(),
  };
  // Checked before signing: the workspace key never signs something that is not a valid certificate.
  const valid = checked(memberCertificateSchema.omit({ sig: true }), unsigned, 'member certificate');
  return { ...valid, sig: sign(memberSigningBytes(valid), privateKey) };
}

/** Signs a device certificate with the member key; the member key must be the one `member` names. */
export function issueDeviceCertificate(
  member: { certificate: MemberCertificate; privateKey: KeyObject },
  fields: DeviceCertificateFields,
): DeviceCertificate {
  const { certificate, privateKey } = member;
  if (publicKeyOf(privateKey) !== certificate.memberKey)
    throw new MusterError('invalid_params', `this key is not the member key of ${certificate.user}`);
  const unsigned = {
    v: CERTIFICATE_VERSION,
    workspaceId: certificate.workspaceId,
    memberId: certificate.memberId,
    deviceId: fields.deviceId,
    deviceKey: fields.deviceKey,
    issuedAt: fields.issuedAt ?? new Date().toISOString(),
  };
  const valid = checked(deviceCertificateSchema.omit({ sig: true }), unsigned, 'device certificate');
  return { ...valid, sig: sign(deviceSigningBytes(valid), privateKey) };
}

/** Checks that the certificate was signed by this workspace's key for this workspace. */
export function verifyMemberCertificate(
  certificate: MemberCertificate,
  workspace: Pick<WorkspacePublic, 'id' | 'publicKey'>,
): Verdict<CertificateProblem> {
  const parsed = memberCertificateSchema.safeParse(certificate);
  if (!parsed.success)
    return fail('malformed', `malformed member certificate: ${describeIssues(parsed.error)}`);
  const cert = parsed.data;
  if (cert.workspaceId !== workspace.id)
    return fail(
      'wrong_workspace',
      `member certificate of ${cert.memberId} belongs to another workspace (${cert.workspaceId})`,
    );
  if (!verify(memberSigningBytes(cert), cert.sig, workspace.publicKey))
    return fail('bad_signature', `member certificate of ${cert.memberId} is not signed by the workspace key`);
  return { ok: true };
}

/**
 * Checks that the device certificate was signed by this member's key, for this member, in the same
 * workspace. It does not check the member certificate itself: see `verifyMemberCertificate`.
 */
export function verifyDeviceCertificate(
  device: DeviceCertificate,
  member: MemberCertificate,
): Verdict<CertificateProblem> {
  const parsed = deviceCertificateSchema.safeParse(device);
  if (!parsed.success)
    return fail('malformed', `malformed device certificate: ${describeIssues(parsed.error)}`);
  const cert = parsed.data;
  if (cert.workspaceId !== member.workspaceId)
    return fail(
      'wrong_workspace',
      `device certificate of ${cert.deviceId} belongs to another workspace (${cert.workspaceId})`,
    );
  if (cert.memberId !== member.memberId)
    return fail(
      'member_mismatch',
      `device ${cert.deviceId} belongs to member ${cert.memberId}, not ${member.memberId}`,
    );
  if (!verify(deviceSigningBytes(cert), cert.sig, member.memberKey))
    return fail(
      'bad_signature',
      `device certificate of ${cert.deviceId} is not signed by the key of member ${member.memberId}`,
    );
  return { ok: true };
}

/** The signed fields are listed by name, so nothing but them can ever be covered by a signature. */
function memberSigningBytes(cert: Omit<MemberCertificate, 'sig'>): Uint8Array {
  const { v, workspaceId, memberId, user, department, role, memberKey, issuedAt } = cert;
  return canonicalBytes({ v, workspaceId, memberId, user, department, role, memberKey, issuedAt });
}

function deviceSigningBytes(cert: Omit<DeviceCertificate, 'sig'>): Uint8Array {
  const { v, workspaceId, memberId, deviceId, deviceKey, issuedAt } = cert;
  return canonicalBytes({ v, workspaceId, memberId, deviceId, deviceKey, issuedAt });
}

function checked<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new MusterError('invalid_params', `invalid ${what}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

function fail<Problem extends string>(reason: Problem, message: string): Verdict<Problem> {
  return { ok: false, reason, message };
}
