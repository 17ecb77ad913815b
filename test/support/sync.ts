import { onTestFinished } from 'vitest';
import { createCore, type Core } from '../../electron/core/core';
import { startHub, type Hub, type HubOptions } from '../../electron/core/sync/hub/hub-server';
import type { WhoAmI } from '../../shared/contract';
import type { Role, WorkspacePublic } from '../../shared/identity';
import { tempDir } from './temp-dir';
import { coreWithWorkspace } from './workspace';

/** The public identity `muster workspace public` writes, read from a member's whoAmI. */
export async function workspacePublicOf(core: Core): Promise<WorkspacePublic> {
  const me = (await core.call('whoAmI', {})) as WhoAmI;
  const { id, name, publicKey, departments } = me.workspace;
  return { id, name, publicKey, departments };
}

/** A hub on 127.0.0.1, port 0, with its own data folder; closed when the test finishes. */
export async function hubFor(
  workspaces: WorkspacePublic[],
  options: Partial<HubOptions> = {},
): Promise<Hub & { lines: string[] }> {
  const lines: string[] = [];
  const hub = await startHub({
    dataDir: options.dataDir ?? tempDir('muster-hub-'),
    workspaces,
    log: (line) => lines.push(line),
    ...options,
  });
  onTestFinished(() => hub.close());
  return Object.assign(hub, { lines });
}

/** A second member of `admin`'s workspace on a fresh copy, enrolled the way `invite`/`join` do. */
export async function enrolMember(
  admin: Core,
  member: { department: string; role: Role; user: string },
): Promise<{ core: Core; dataDir: string }> {
  const { bundle } = (await admin.call('inviteMember', member)) as { bundle: string };
  const dataDir = tempDir();
  const core = createCore({ dataDir, host: 'cli' });
  onTestFinished(() => core.close());
  await core.call('joinWorkspace', { bundle });
  return { core, dataDir };
}

/** An administrator's copy (police), closed when the test finishes. */
export async function adminCopy(): Promise<{ core: Core; dataDir: string }> {
  const admin = await coreWithWorkspace({ department: 'police', user: 'Pia Holm' });
  onTestFinished(() => admin.core.close());
  return admin;
}
