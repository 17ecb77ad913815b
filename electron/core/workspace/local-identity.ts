import {
  deviceCertificateSchema,
  memberCertificateSchema,
  workspacePublicSchema,
  type DeviceCertificate,
  type MemberCertificate,
  type WorkspacePublic,
} from '../../../shared/identity';
import type { Store } from '../db/open';
import { MusterError } from '../errors';
import { exportPrivateKey, importPrivateKey, type KeyObject } from '../identity/keys';

/** Who this installation is: its workspace, member and device, with the private keys it holds. */
export type LocalIdentity = {
  workspace: WorkspacePublic;
  member: MemberCertificate;
  device: DeviceCertificate;
  memberKey: KeyObject;
  deviceKey: KeyObject;
  /** Only on the installation that created the workspace: it signs member certificates. */
  workspaceKey?: KeyObject;
};

const json = (value: unknown) => JSON.stringify(value);

/** Stores the identity once; a data folder belongs to one member of one workspace for good. */
export function saveLocalIdentity(db: Store, identity: LocalIdentity): void {
  db.transaction(() => {
    const existing = loadLocalIdentity(db);
    if (existing) {
      throw new MusterError(
        'precondition',
        `this data folder already belongs to ${existing.member.user} in workspace "${existing.workspace.name}"; use another --data folder`,
      );
    }
    const insert = db.prepare('INSERT INTO local_identity (name, value) VALUES (?, ?)');
    insert.run('workspace', json(identity.workspace));
    insert.run('member', json(identity.member));
    insert.run('device', json(identity.device));
    insert.run('member_key', exportPrivateKey(identity.memberKey));
    insert.run('device_key', exportPrivateKey(identity.deviceKey));
    if (identity.workspaceKey) insert.run('workspace_key', exportPrivateKey(identity.workspaceKey));
  }).immediate();
}

export function loadLocalIdentity(db: Store): LocalIdentity | null {
  const rows = db.prepare('SELECT name, value FROM local_identity').all() as {
    name: string;
    value: string;
  }[];
  const value = new Map(rows.map((r) => [r.name, r.value]));
  const text = (name: string) => {
    const found = value.get(name);
    if (found === undefined) throw new Error(`local identity is incomplete: ${name} is missing`);
    return found;
  };
  if (!value.has('workspace')) return null;
  const workspaceKey = value.get('workspace_key');
  return {
    workspace: workspacePublicSchema.parse(JSON.parse(text('workspace'))),
    member: memberCertificateSchema.parse(JSON.parse(text('member'))),
    device: deviceCertificateSchema.parse(JSON.parse(text('device'))),
    memberKey: importPrivateKey(text('member_key')),
    deviceKey: importPrivateKey(text('device_key')),
    ...(workspaceKey ? { workspaceKey: importPrivateKey(workspaceKey) } : {}),
  };
}

/** The identity, or a clear error telling the user how to get one. */
export function requireLocalIdentity(db: Store): LocalIdentity {
  const identity = loadLocalIdentity(db);
  if (!identity) {
    throw new MusterError(
      'precondition',
      'no workspace in this data folder: create one with `muster init` or join one with `muster join FILE`',
    );
  }
  return identity;
}
