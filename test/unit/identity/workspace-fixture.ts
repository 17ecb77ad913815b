/** Builds real workspaces, members and devices (fresh keys each time) for the identity tests. */
import type { Directory } from '../../../electron/core/identity/event-signing';
import { issueDeviceCertificate, issueMemberCertificate } from '../../../electron/core/identity/certificates';
import { exportPublicKey, generateKeyPair, type KeyObject } from '../../../electron/core/identity/keys';
import type { UnsignedEvent } from '../../../shared/events';
import {
  DEFAULT_DEPARTMENTS,
  type DeviceCertificate,
  type MemberCertificate,
  type Role,
  type WorkspacePublic,
} from '../../../shared/identity';

export type TestWorkspace = { identity: WorkspacePublic; privateKey: KeyObject };
export type TestMember = { certificate: MemberCertificate; privateKey: KeyObject };
export type TestDevice = { certificate: DeviceCertificate; privateKey: KeyObject };

export function makeWorkspace(id = 'ws-riverton', name = 'City of Riverton'): TestWorkspace {
  const keys = generateKeyPair();
  return {
    identity: { id, name, publicKey: exportPublicKey(keys.publicKey), departments: [...DEFAULT_DEPARTMENTS] },
    privateKey: keys.privateKey,
  };
}

export function makeMember(
  workspace: TestWorkspace,
  memberId: string,
  options: { user?: string; department?: string; role?: Role } = {},
): TestMember {
  const keys = generateKeyPair();
  const certificate = issueMemberCertificate(workspace, {
    memberId,
    user: options.user ?? `User ${memberId}`,
    department: options.department ?? 'police',
    role: options.role ?? 'responder',
    memberKey: exportPublicKey(keys.publicKey),
    issuedAt: '2025-11-24T08:00:00.000Z',
  });
  return { certificate, privateKey: keys.privateKey };
}

export function makeDevice(member: TestMember, deviceId: string): TestDevice {
  const keys = generateKeyPair();
  const certificate = issueDeviceCertificate(member, {
    deviceId,
    deviceKey: exportPublicKey(keys.publicKey),
    issuedAt: '2025-11-24T08:05:00.000Z',
  });
  return { certificate, privateKey: keys.privateKey };
}

export function directoryOf(
  workspace: TestWorkspace,
  members: TestMember[],
  devices: TestDevice[],
): Directory {
  return {
    workspace: workspace.identity,
    members: new Map(members.map((m) => [m.certificate.memberId, m.certificate])),
    devices: new Map(devices.map((d) => [d.certificate.deviceId, d.certificate])),
  };
}

export function unsignedEvent(
  member: TestMember,
  overrides: Partial<Omit<UnsignedEvent, 'device'>> = {},
): Omit<UnsignedEvent, 'device'> {
  return {
    id: 'evt-1',
    type: 'incident.reported',
    hlc: '000001764000000000-0000-dev-a',
    actor: member.certificate.memberId,
    department: member.certificate.department,
    payload: { title: 'Power cut, Main St', severity: 'major' },
    ...overrides,
  };
}
