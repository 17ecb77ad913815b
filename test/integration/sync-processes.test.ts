/**
 * The sync issue's acceptance, scripted across processes as departments would run it: a hub, a
 * police copy, a traffic copy that starts offline, and an energy copy reached only by file bundle.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import * as Y from 'yjs';
import { createCore, STORE_FILE } from '../../electron/core/core';
import { openStore } from '../../electron/core/db/open';
import { openRoom } from '../../electron/core/docs/room-store';
import { readRoomSyncs } from '../../electron/core/sync/client/sync-state';
import type { SyncStatus } from '../../shared/sync';
import { runMuster, startHubProcess, type CliRun } from '../support/muster-process';
import { workspacePublicOf } from '../support/sync';
import { tempDir } from '../support/temp-dir';
import { createIncident } from '../support/workspace';

/** Runs muster on a data folder and insists it succeeded. */
const on =
  (data: string) =>
  (args: string[]): CliRun => {
    const run = runMuster(['--data', data, ...args]);
    if (run.status !== 0) throw new Error(`muster ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
    return run;
  };

describe('sync across processes', () => {
  it('converges a hub-synced pair and a bundle-only copy on identical incident lists', async () => {
    const files = tempDir('muster-files-');
    const [policeDir, trafficDir, energyDir] = [tempDir(), tempDir(), tempDir()];
    const police = on(policeDir);
    const traffic = on(trafficDir);
    const energy = on(energyDir);
    const file = (name: string) => path.join(files, name);

    police(['init', '--workspace', 'City of Riverton', '--department', 'police', '--user', 'Pia']);
    police([
      'invite',
      '--department',
      'traffic',
      '--role',
      'responder',
      '--user',
      'Tom',
      '--out',
      file('tom.json'),
    ]);
    police([
      'invite',
      '--department',
      'energy',
      '--role',
      'responder',
      '--user',
      'Eva',
      '--out',
      file('eva.json'),
    ]);
    police(['workspace', 'public', '--out', file('workspace.json')]);
    const hub = await startHubProcess(tempDir('muster-hub-'), [file('workspace.json')]);

    const created = police([
      '--json',
      'incident',
      'create',
      '--title',
      'Substation 14 fire',
      '--severity',
      'critical',
    ]);
    const incidentId = (JSON.parse(created.stdout) as { id: string }).id;
    police(['sync', '--hub', hub.url, '--once']);

    // Traffic joins later and works offline: the hub it knows is not reachable.
    traffic(['join', file('tom.json')]);
    const own = traffic([
      '--json',
      'incident',
      'create',
      '--title',
      'Signals dark on Ring Road',
      '--severity',
      'major',
    ]);
    const ownId = (JSON.parse(own.stdout) as { id: string }).id;
    traffic(['incident', 'log', ownId, '--text', 'Officers requested at junction 4']);
    const offline = runMuster(['--data', trafficDir, 'sync', '--hub', 'ws://127.0.0.1:9', '--once']);
    expect(offline.status).toBe(1);
    expect(offline.stderr).toMatch(/could not reach any hub/);

    type RoomStatus = { room: string; pendingChanges: number; since: string | null };
    const pendingOn = (run: (args: string[]) => CliRun, room: string) => {
      const status = JSON.parse(run(['--json', 'sync', 'status']).stdout) as { rooms: RoomStatus[] };
      return status.rooms.find((r) => r.room === room);
    };
    expect(pendingOn(traffic, `incident:${ownId}`)).toMatchObject({ since: null, pendingChanges: 2 });

    traffic(['sync', '--hub', 'ws://127.0.0.1:9', '--hub', hub.url, '--once']);
    expect(pendingOn(traffic, `incident:${ownId}`)?.pendingChanges).toBe(0);
    traffic(['incident', 'log', incidentId, '--text', 'Diversion via Mill Street in place']);
    traffic(['sync', '--hub', hub.url, '--once']);
    police(['sync', '--hub', hub.url, '--once']);

    const list = (run: (args: string[]) => CliRun) => JSON.parse(run(['--json', 'incident', 'list']).stdout);
    const policeList = list(police);
    expect(policeList.map((i: { title: string }) => i.title).sort()).toEqual([
      'Signals dark on Ring Road',
      'Substation 14 fire',
    ]);
    expect(list(traffic)).toEqual(policeList);
    const shown = JSON.parse(police(['--json', 'incident', 'show', incidentId]).stdout);
    expect(shown.timeline.map((e: { text: string }) => e.text)).toContain(
      'Diversion via Mill Street in place',
    );

    // Energy has no network at all: a USB stick carries its state one way and a bundle back.
    energy(['join', file('eva.json')]);
    energy(['bundle', 'state', '--out', file('energy.state')]);
    police(['bundle', 'export', '--out', file('to-energy.bundle'), '--for-state', file('energy.state')]);
    energy(['bundle', 'import', file('to-energy.bundle')]);
    expect(list(energy)).toEqual(policeList);
    const again = JSON.parse(energy(['--json', 'bundle', 'import', file('to-energy.bundle')]).stdout);
    expect(again).toMatchObject({ changed: 0 });
    expect(list(energy)).toEqual(policeList);
  }, 120_000);
});

describe('a hub killed mid-stream', () => {
  it('still holds every update it acknowledged when it comes back', async () => {
    const dataDir = tempDir();
    const core = createCore({ dataDir, host: 'cli', sync: { background: true, probeIntervalMs: 100 } });
    onTestFinished(() => core.close());
    await core.call('initWorkspace', { workspace: 'City of Riverton', department: 'police', user: 'Pia' });
    const workspace = await workspacePublicOf(core);
    const workspaceFile = path.join(tempDir('muster-files-'), 'workspace.json');
    writeFileSync(workspaceFile, JSON.stringify(workspace));
    const hubDir = tempDir('muster-hub-');
    const hub = await startHubProcess(hubDir, [workspaceFile]);
    await core.call('setSyncHubs', { hubs: [hub.url] });
    const incident = await createIncident(core, { title: 'Water main burst under Bridge Street' });
    const room = `incident:${incident.id}`;

    const acknowledged = () => {
      const store = openStore(path.join(dataDir, STORE_FILE));
      try {
        return readRoomSyncs(store).get(room)?.hubStateVector ?? undefined;
      } finally {
        store.close();
      }
    };
    for (let i = 0; i < 200; i++) {
      await core.call('addLogEntry', { id: incident.id, text: `Pump report ${i}` });
      if (i === 100) await hub.kill();
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    core.close();

    const ack = acknowledged();
    expect(ack).toBeDefined();
    const acked = Y.decodeStateVector(ack!);
    expect([...acked.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(10);

    // What the restarted hub loads from its store covers everything it acknowledged.
    const hubStore = openStore(path.join(hubDir, 'workspaces', `${workspace.id}.db`));
    const hubRoom = openRoom(hubStore, room);
    const held = Y.decodeStateVector(hubRoom.stateVector());
    hubRoom.close();
    hubStore.close();
    for (const [client, clock] of acked) expect(held.get(client) ?? 0).toBeGreaterThanOrEqual(clock);

    // And once the copy reconnects, the hub gets what it never acknowledged.
    const restarted = await startHubProcess(hubDir, [workspaceFile]);
    const again = createCore({ dataDir, host: 'cli' });
    onTestFinished(() => again.close());
    expect(await again.call('syncNow', { hubs: [restarted.url] })).toMatchObject({ inSync: true });
    const status = (await again.call('getSyncStatus', {})) as SyncStatus;
    expect(status.rooms.find((r) => r.room === room)?.pendingChanges).toBe(0);
  }, 120_000);
});
