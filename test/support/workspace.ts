import { createCore, type Core } from '../../electron/core/core';
import type { IncidentSummary } from '../../shared/incident';
import { tempDir } from './temp-dir';

/** A core on a fresh data folder that already holds a workspace, its creator an administrator. */
export async function coreWithWorkspace(
  options: { dataDir?: string; department?: string; user?: string } = {},
): Promise<{ core: Core; dataDir: string }> {
  const dataDir = options.dataDir ?? tempDir();
  const core = createCore({ dataDir, host: 'cli' });
  await core.call('initWorkspace', {
    workspace: 'City of Riverton',
    department: options.department ?? 'traffic',
    user: options.user ?? 'Ana Lindqvist',
  });
  return { core, dataDir };
}

export async function createIncident(
  core: Core,
  fields: Record<string, unknown> = {},
): Promise<IncidentSummary> {
  return (await core.call('createIncident', {
    title: 'Substation 14 outage',
    severity: 'major',
    ...fields,
  })) as IncidentSummary;
}
