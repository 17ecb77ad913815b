/**
 * The hub keeps one SQLite store per workspace it serves (DIR/workspaces/<id>.db), with the same
 * room tables as a member's store, so one workspace's rooms can never be served under another's.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { WorkspacePublic } from '../../../../shared/identity';
import { openStore, type Store } from '../../db/open';

export type ServedWorkspace = { identity: WorkspacePublic; store: Store };

export function openWorkspaceStores(dataDir: string, workspaces: readonly WorkspacePublic[]) {
  const dir = path.join(dataDir, 'workspaces');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const served = new Map<string, ServedWorkspace>();
  try {
    for (const identity of workspaces) {
      if (served.has(identity.id)) throw new Error(`workspace ${identity.id} is given twice`);
      served.set(identity.id, { identity, store: openStore(path.join(dir, `${identity.id}.db`)) });
    }
  } catch (error) {
    for (const { store } of served.values()) store.close();
    throw error;
  }
  return served;
}

/** Makes the stores' files complete on their own (WAL folded in) and closes them. */
export function closeWorkspaceStores(served: Map<string, ServedWorkspace>): void {
  for (const { store } of served.values()) {
    store.pragma('wal_checkpoint(TRUNCATE)');
    store.close();
  }
}
