/**
 * Outages (DESIGN.md section 4): copies fail over along their hub list to a LAN hub, a desktop copy
 * can host that hub itself, and everything reaches the city hub when it is back, with no manual step.
 */
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { createCore, type Core } from '../../../electron/core/core';
import { startHub } from '../../../electron/core/sync/hub/hub-server';
import type { IncidentSummary } from '../../../shared/incident';
import type { SyncStatus } from '../../../shared/sync';
import { hubFor, workspacePublicOf } from '../../support/sync';
import { tempDir } from '../../support/temp-dir';
import { createIncident } from '../../support/workspace';

/** A copy that syncs in the background like the desktop app, checking its hub list often. */
function backgroundCopy(): Core {
  const core = createCore({
    dataDir: tempDir(),
    host: 'cli',
    sync: { background: true, probeIntervalMs: 100 },
  });
  onTestFinished(() => core.close());
  return core;
}

async function policeAndTraffic(): Promise<{ police: Core; traffic: Core }> {
  const police = backgroundCopy();
  await police.call('initWorkspace', { workspace: 'City of Riverton', department: 'police', user: 'Pia' });
  const invite = { department: 'traffic', role: 'responder', user: 'Tom' };
  const { bundle } = (await police.call('inviteMember', invite)) as { bundle: string };
  const traffic = backgroundCopy();
  await traffic.call('joinWorkspace', { bundle });
  return { police, traffic };
}

const titles = async (core: Core) =>
  ((await core.call('listIncidents', {})) as IncidentSummary[]).map((i) => i.title).sort();
const statusOf = async (core: Core) => (await core.call('getSyncStatus', {})) as SyncStatus;
const eventually = (check: () => Promise<void>) => vi.waitFor(check, { timeout: 15_000, interval: 50 });

/** Starts a city hub and takes it down again, keeping its address and data for its return. */
async function cityHubThatIsDown(workspace: Parameters<typeof hubFor>[0]) {
  const dataDir = tempDir('muster-city-');
  const first = await startHub({ dataDir, workspaces: workspace });
  const { url, port } = first;
  await first.close();
  return { url, comeBack: () => hubFor(workspace, { dataDir, port }) };
}

/** What a copy that syncs only with `hub` sees, once it has synced. */
async function seenThrough(admin: Core, hub: string): Promise<string[]> {
  const { bundle } = (await admin.call('inviteMember', {
    department: 'it',
    role: 'viewer',
    user: 'Ivo',
  })) as {
    bundle: string;
  };
  const fresh = createCore({ dataDir: tempDir(), host: 'cli' });
  onTestFinished(() => fresh.close());
  await fresh.call('joinWorkspace', { bundle });
  await fresh.call('syncNow', { hubs: [hub] });
  return titles(fresh);
}

describe('LAN fallback', () => {
  it('fails over to a LAN hub while the city hub is down, and back once it returns', async () => {
    const { police, traffic } = await policeAndTraffic();
    const workspace = [await workspacePublicOf(police)];
    const city = await cityHubThatIsDown(workspace);
    const lan = await hubFor(workspace);
    for (const copy of [police, traffic]) await copy.call('setSyncHubs', { hubs: [city.url, lan.url] });

    await createIncident(police, { title: 'Citywide network outage' });
    await createIncident(traffic, { title: 'Signals on fallback timing' });
    const both = ['Citywide network outage', 'Signals on fallback timing'];
    await eventually(async () => {
      expect(await titles(police)).toEqual(both);
      expect(await titles(traffic)).toEqual(both);
    });
    expect((await statusOf(traffic)).hub).toBe(lan.url);

    await city.comeBack();
    await eventually(async () => {
      for (const copy of [police, traffic]) {
        const status = await statusOf(copy);
        expect(status.hub).toBe(city.url);
        expect(status.rooms.every((r) => r.state === 'online' && r.pendingChanges === 0)).toBe(true);
      }
    });
    expect(await seenThrough(police, city.url)).toEqual(both);
  }, 60_000);

  it('lets a desktop copy host the LAN hub and bridges it to the city hub when that returns', async () => {
    const { police, traffic } = await policeAndTraffic();
    const city = await cityHubThatIsDown([await workspacePublicOf(police)]);
    await police.call('setSyncHubs', { hubs: [city.url] });
    const hosting = (await police.call('setLanHosting', {
      enabled: true,
      host: '127.0.0.1',
      port: 0,
    })) as SyncStatus;
    expect(hosting.lanHub).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    await traffic.call('setSyncHubs', { hubs: [city.url, hosting.lanHub!] });

    await createIncident(traffic, { title: 'Radio fallback in place' });
    await eventually(async () => expect(await titles(police)).toEqual(['Radio fallback in place']));

    await city.comeBack();
    await eventually(async () =>
      expect(await seenThrough(police, city.url)).toEqual(['Radio fallback in place']),
    );

    const stopped = (await police.call('setLanHosting', { enabled: false })) as SyncStatus;
    expect(stopped.lanHub).toBeNull();
  }, 60_000);
});
