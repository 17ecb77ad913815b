import { randomUUID } from 'node:crypto';
import type { MemberSummary, WhoAmI } from '../../../shared/contract';
import type { EventEnvelope } from '../../../shared/events';
import {
  DEFAULT_DEPARTMENTS,
  type Department,
  type Role,
  type WorkspacePublic,
} from '../../../shared/identity';
import type { Store } from '../db/open';
import { openRoom } from '../docs/room-store';
import { MusterError } from '../errors';
import { readEnrolmentBundle, writeEnrolmentBundle } from '../identity/bundle';
import { issueDeviceCertificate, issueMemberCertificate } from '../identity/certificates';
import type { Directory } from '../identity/event-signing';
import { exportPublicKey, generateKeyPair } from '../identity/keys';
import { createAuthor } from './author';
import type { directoryPayloads } from './directory';
import { buildDirectory, DIRECTORY_ROOM, revokedMembers, workspaceDepartments } from './directory';
import {
  loadLocalIdentity,
  requireLocalIdentity,
  saveLocalIdentity,
  type LocalIdentity,
} from './local-identity';

const whoAmI = (identity: LocalIdentity, departments = identity.workspace.departments): WhoAmI => ({
  workspace: {
    id: identity.workspace.id,
    name: identity.workspace.name,
    publicKey: identity.workspace.publicKey,
    departments,
  },
  member: {
    memberId: identity.member.memberId,
    user: identity.member.user,
    department: identity.member.department,
    role: identity.member.role,
  },
  deviceId: identity.device.deviceId,
});

/** A device key and its certificate for a member whose private key this installation holds. */
function enrolDevice(member: Pick<LocalIdentity, 'member' | 'memberKey'>) {
  const deviceKeys = generateKeyPair();
  const device = issueDeviceCertificate(
    { certificate: member.member, privateKey: member.memberKey },
    { deviceId: randomUUID(), deviceKey: exportPublicKey(deviceKeys.publicKey) },
  );
  return { device, deviceKey: deviceKeys.privateKey };
}

/** Publishes this installation's certificates in the directory room, so others can verify its events. */
function publishEnrolment(db: Store, identity: LocalIdentity, withWorkspace: boolean): void {
  const room = openRoom(db, DIRECTORY_ROOM);
  try {
    const author = createAuthor(db, identity);
    if (withWorkspace) author.write(room, 'workspace.created', { workspace: identity.workspace });
    author.write(room, 'member.certified', { certificate: identity.member });
    author.write(room, 'device.enrolled', { certificate: identity.device });
  } finally {
    room.close();
  }
}

export function createWorkspaceService(db: Store) {
  /** This installation's identity, the workspace's verified certificates and its departments. */
  const directory = (): {
    identity: LocalIdentity;
    directory: Directory;
    departments: Department[];
    revoked: Map<string, string>;
    /** The directory room's events, for readers of other workspace-wide settings. */
    events: EventEnvelope[];
  } => {
    const identity = requireLocalIdentity(db);
    const room = openRoom(db, DIRECTORY_ROOM);
    try {
      const events = room.events();
      const verified = buildDirectory(identity.workspace, events, identity);
      return {
        identity,
        directory: verified,
        departments: workspaceDepartments(identity.workspace, events, verified),
        revoked: revokedMembers(events, verified),
        events,
      };
    } finally {
      room.close();
    }
  };

  /** Administrators only: the workspace key and an admin certificate. */
  const requireAdmin = (action: string) => {
    const identity = requireLocalIdentity(db);
    if (identity.member.role !== 'admin' || !identity.workspaceKey) {
      throw new MusterError('forbidden', `only an administrator holding the workspace key can ${action}`);
    }
    return { ...identity, workspaceKey: identity.workspaceKey };
  };

  const writeToDirectory = (identity: LocalIdentity, type: string, payload: unknown) => {
    const room = openRoom(db, DIRECTORY_ROOM);
    try {
      createAuthor(db, identity).write(room, type, payload);
    } finally {
      room.close();
    }
  };

  return {
    whoAmI(): WhoAmI | null {
      if (!loadLocalIdentity(db)) return null;
      const { identity, departments } = directory();
      return whoAmI(identity, departments);
    },

    /** Creates a workspace with the default departments; its creator is its first administrator. */
    init({
      workspace: name,
      department,
      user,
    }: {
      workspace: string;
      department: string;
      user: string;
    }): WhoAmI {
      const workspaceKeys = generateKeyPair();
      const workspace: WorkspacePublic = {
        id: randomUUID(),
        name,
        publicKey: exportPublicKey(workspaceKeys.publicKey),
        departments: [...DEFAULT_DEPARTMENTS],
      };
      const memberKeys = generateKeyPair();
      const member = issueMemberCertificate(
        { identity: workspace, privateKey: workspaceKeys.privateKey },
        {
          memberId: randomUUID(),
          user,
          department,
          role: 'admin',
          memberKey: exportPublicKey(memberKeys.publicKey),
        },
      );
      const identity: LocalIdentity = {
        workspace,
        member,
        memberKey: memberKeys.privateKey,
        workspaceKey: workspaceKeys.privateKey,
        ...enrolDevice({ member, memberKey: memberKeys.privateKey }),
      };
      saveLocalIdentity(db, identity);
      publishEnrolment(db, identity, true);
      return whoAmI(identity);
    },

    /** Administrators only: certifies a new member and returns the enrolment bundle to hand over. */
    invite({ department, role, user }: { department: string; role: Role; user: string }) {
      const identity = requireAdmin('invite members');
      const workspace = { ...identity.workspace, departments: directory().departments };
      const memberKeys = generateKeyPair();
      const certificate = issueMemberCertificate(
        { identity: workspace, privateKey: identity.workspaceKey },
        { memberId: randomUUID(), user, department, role, memberKey: exportPublicKey(memberKeys.publicKey) },
      );
      const bundle = writeEnrolmentBundle({
        workspace,
        memberCertificate: certificate,
        memberPrivateKey: memberKeys.privateKey,
      });
      writeToDirectory(identity, 'member.certified', { certificate });
      return { memberId: certificate.memberId, bundle };
    },

    /** Administrators only: a department beyond the defaults (e.g. water, fire), for everyone. */
    addDepartment(department: Department): WhoAmI {
      const identity = requireAdmin('add departments');
      if (directory().departments.some((d) => d.id === department.id)) {
        throw new MusterError('precondition', `the workspace already has a department "${department.id}"`);
      }
      writeToDirectory(identity, 'department.added', { department });
      return whoAmI(identity, directory().departments);
    },

    /** Administrators only: withdraws a member; hubs refuse and disconnect them once they sync this. */
    revokeMember({ memberId, reason }: { memberId: string; reason: string }): MemberSummary[] {
      const identity = requireAdmin('revoke members');
      if (!directory().directory.members.has(memberId))
        throw new MusterError('not_found', `no member ${memberId} in this workspace`);
      if (memberId === identity.member.memberId)
        throw new MusterError('precondition', 'an administrator cannot revoke themselves');
      writeToDirectory(identity, 'member.revoked', { memberId, reason });
      return this.listMembers();
    },

    /** Enrols this (fresh) data folder as the member a bundle names, with a new device key. */
    join({ bundle }: { bundle: string }): WhoAmI {
      const enrolment = readEnrolmentBundle(bundle);
      const member = { member: enrolment.memberCertificate, memberKey: enrolment.memberPrivateKey };
      const identity: LocalIdentity = { workspace: enrolment.workspace, ...member, ...enrolDevice(member) };
      saveLocalIdentity(db, identity);
      publishEnrolment(db, identity, false);
      return whoAmI(identity);
    },

    directory,

    /** Writes a workspace-wide event to the directory room as this member (the caller checks the role). */
    writeToDirectory(type: keyof typeof directoryPayloads, payload: unknown): void {
      writeToDirectory(requireLocalIdentity(db), type, payload);
    },

    listMembers(): MemberSummary[] {
      const { directory: members, revoked } = directory();
      const devices = [...members.devices.values()];
      return [...members.members.values()]
        .map((m) => ({
          memberId: m.memberId,
          user: m.user,
          department: m.department,
          role: m.role,
          devices: devices.filter((d) => d.memberId === m.memberId).length,
          revoked: revoked.has(m.memberId),
        }))
        .sort((a, b) => a.department.localeCompare(b.department) || a.user.localeCompare(b.user));
    },
  };
}

export type WorkspaceService = ReturnType<typeof createWorkspaceService>;
