/**
 * The directory room holds the workspace's public identity and every member and device certificate
 * (DESIGN.md section 3). Certificates verify on their own against the workspace key, so the
 * directory is built from the certificates it carries, not from who wrote the events.
 */
import { z } from 'zod';
import { compareEvents, type EventEnvelope } from '../../../shared/events';
import { playbookIdSchema, templateSchema } from '../../../shared/playbook';
import { mapSourceSchema } from '../../../shared/map-source';
import {
  departmentSchema,
  deviceCertificateSchema,
  idSchema,
  memberCertificateSchema,
  workspacePublicSchema,
  type Department,
  type DeviceCertificate,
  type MemberCertificate,
  type Role,
  type WorkspacePublic,
} from '../../../shared/identity';
import { verifyDeviceCertificate, verifyMemberCertificate } from '../identity/certificates';
import { verifyEvent, type Directory } from '../identity/event-signing';

export const DIRECTORY_ROOM = 'directory';

export const directoryPayloads = {
  'workspace.created': z.object({ workspace: workspacePublicSchema }).strict(),
  'member.certified': z.object({ certificate: memberCertificateSchema }).strict(),
  'device.enrolled': z.object({ certificate: deviceCertificateSchema }).strict(),
  'department.added': z.object({ department: departmentSchema }).strict(),
  /** An administrator withdraws a member: hubs refuse and disconnect them (issue 7 adds more). */
  'member.revoked': z.object({ memberId: idSchema, reason: z.string().min(1).max(500) }).strict(),
  /** A commander or administrator publishes a playbook version for everyone (issue 5). */
  'playbook.published': z.object({ template: templateSchema }).strict(),
  /** An administrator lets a playbook start by itself when its triggers match, or stops that. */
  'playbook.autostart': z.object({ playbookId: playbookIdSchema, enabled: z.boolean() }).strict(),
  /** A commander or administrator removes exercise runs; every copy drops their rooms. */
  'exercise.purged': z.object({ runIds: z.array(idSchema).min(1).max(10_000) }).strict(),
  /** An administrator chooses where every copy's map tiles come from (issue 6). */
  'map.source': z.object({ source: mapSourceSchema }).strict(),
};
type DirectoryEventType = keyof typeof directoryPayloads;

/**
 * The payloads of `type` events that parse, verify, and whose author held one of `roles` (by their
 * current certificate), in event order.
 */
export function authorisedPayloads<T extends DirectoryEventType>(
  events: readonly EventEnvelope[],
  directory: Directory,
  type: T,
  roles: readonly Role[],
): Array<{ event: EventEnvelope; payload: z.output<(typeof directoryPayloads)[T]> }> {
  const found: Array<{ event: EventEnvelope; payload: z.output<(typeof directoryPayloads)[T]> }> = [];
  for (const event of [...events].sort(compareEvents)) {
    if (event.type !== type) continue;
    const parsed = directoryPayloads[type].safeParse(event.payload);
    if (!parsed.success) continue;
    const role = directory.members.get(event.actor)?.role;
    if (!role || !roles.includes(role) || !verifyEvent(event, directory).ok) continue;
    found.push({ event, payload: parsed.data as z.output<(typeof directoryPayloads)[T]> });
  }
  return found;
}

/** When a member is certified again (a new role), the newest certificate counts. */
const newer = (a: { issuedAt: string; sig: string }, b: { issuedAt: string; sig: string }) =>
  a.issuedAt > b.issuedAt || (a.issuedAt === b.issuedAt && a.sig > b.sig);

/**
 * Every valid certificate in the directory room's events, plus `own` (this installation's, which
 * may not have reached the room's other copies yet). Certificates that do not verify are skipped.
 * A hub has no `own`.
 */
export function buildDirectory(
  workspace: WorkspacePublic,
  events: readonly EventEnvelope[],
  own?: { member: MemberCertificate; device: DeviceCertificate },
): Directory {
  const members = new Map<string, MemberCertificate>();
  const memberCandidates: MemberCertificate[] = own ? [own.member] : [];
  const deviceCandidates: DeviceCertificate[] = own ? [own.device] : [];
  for (const event of events) {
    if (event.type === 'member.certified') {
      const parsed = directoryPayloads['member.certified'].safeParse(event.payload);
      if (parsed.success) memberCandidates.push(parsed.data.certificate);
    } else if (event.type === 'device.enrolled') {
      const parsed = directoryPayloads['device.enrolled'].safeParse(event.payload);
      if (parsed.success) deviceCandidates.push(parsed.data.certificate);
    }
  }
  for (const certificate of memberCandidates) {
    if (!verifyMemberCertificate(certificate, workspace).ok) continue;
    const current = members.get(certificate.memberId);
    if (!current || newer(certificate, current)) members.set(certificate.memberId, certificate);
  }
  const devices = new Map<string, DeviceCertificate>();
  for (const certificate of deviceCandidates) {
    const member = members.get(certificate.memberId);
    if (member && verifyDeviceCertificate(certificate, member).ok)
      devices.set(certificate.deviceId, certificate);
  }
  return { workspace, members, devices };
}

/**
 * The workspace's departments: those it was created with, then each one an administrator added
 * (in event order; a department id is never redefined). Additions by anyone else are ignored.
 */
export function workspaceDepartments(
  workspace: WorkspacePublic,
  events: readonly EventEnvelope[],
  directory: Directory,
): Department[] {
  const departments = [...workspace.departments];
  for (const { payload } of authorisedPayloads(events, directory, 'department.added', ['admin'])) {
    if (!departments.some((d) => d.id === payload.department.id)) departments.push(payload.department);
  }
  return departments;
}

/** Members an administrator has revoked, by member id, with the reason given. */
export function revokedMembers(events: readonly EventEnvelope[], directory: Directory): Map<string, string> {
  const revoked = new Map<string, string>();
  for (const { payload } of authorisedPayloads(events, directory, 'member.revoked', ['admin'])) {
    revoked.set(payload.memberId, payload.reason);
  }
  return revoked;
}
