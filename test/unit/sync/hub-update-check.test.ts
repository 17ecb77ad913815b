/**
 * Updates are checked off the hub's main loop under a deadline (DESIGN.md section 4): an update
 * whose check overruns is refused, its connection closed and the worker replaced, while the hub
 * keeps answering everyone else.
 */
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { UpdateChecker, UpdateRefused } from '../../../electron/core/sync/hub/update-checker';
import { syncStep1Message, updateMessage } from '../../../electron/core/sync/protocol';
import { tempDir } from '../../support/temp-dir';
import type { DeviceCredentials as HubCredentials } from '../../../electron/core/sync/hub-auth';
import {
  certifiedWorkspace,
  connectRaw,
  documentOf,
  expectHubServes,
  hubFor,
  metricValue,
  probeEvent,
  roomPath,
  sendUpdate,
  waitUntil,
} from '../../support/sync';

// Cores, hubs and the update-check worker start from the TypeScript sources: slow on a busy machine.
vi.setConfig({ testTimeout: 30_000 });

/** The author of the large updates below. */
const author = certifiedWorkspace().member('responder');

/**
 * A legitimate update of a few hundred kilobytes, as a busy incident has: `entries` new events,
 * each signed by `signer`'s device.
 */
function largeUpdate(entries = 1000, signer: HubCredentials = author): Uint8Array {
  const doc = new Y.Doc();
  const map = doc.getMap('events');
  doc.transact(() => {
    for (let i = 0; i < entries; i++) {
      const event = probeEvent(`entry-${i}`, signer, { text: `Officers directing traffic at junction ${i}` });
      map.set(event.id, event);
    }
  });
  return Y.encodeStateAsUpdate(doc);
}

const httpOf = (url: string) => url.replace(/^ws/, 'http');

describe('the update-check deadline', () => {
  it('refuses an update whose check overruns, closes its connection, and keeps serving', async () => {
    const city = certifiedWorkspace();
    const [member, reader] = [city.member('responder'), city.member('viewer', 'energy')];
    const room = 'incident:deadline';
    const urlPath = roomPath(city.workspace.id, room);
    const dataDir = tempDir('muster-hub-');

    // What the room holds before: written through a hub with the normal deadline.
    const before = await hubFor([city.workspace], { dataDir });
    await expectHubServes(before, { workspaceId: city.workspace.id, room, writer: member, reader });
    // The large update below is one members may write: the normal deadline and the write policy
    // take it (in another room).
    const large = await connectRaw(before.url, roomPath(city.workspace.id, 'incident:large'), member);
    expect(await sendUpdate(large, largeUpdate(1000, member))).toBe('acknowledged');
    await before.close();

    const hub = await hubFor([city.workspace], { dataDir, limits: { updateCheckDeadlineMs: 1 } });
    const watcher = await connectRaw(hub.url, urlPath, reader);
    const client = await connectRaw(hub.url, urlPath, member);
    await waitUntil(() => client.frames.length > 0 && watcher.frames.length > 0, "the hub's greetings");
    const update = largeUpdate(1000, member);
    expect(update.byteLength).toBeGreaterThan(100_000);

    const started = Date.now();
    client.send(updateMessage(update));
    // The main loop stays free while the check runs.
    const health = await fetch(`${httpOf(hub.url)}/healthz`);
    expect(health.status).toBe(200);
    expect(await client.closed).toEqual({ code: 1008, reason: 'update took longer than 1 ms to check' });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(hub.lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^closed member=${member.member.memberId} .* room=${room}: update took longer than 1 ms to check$`,
        ),
      ),
    );
    expect(metricValue(hub, 'muster_hub_updates_applied_total')).toBe(0);
    expect(metricValue(hub, 'muster_hub_connections_closed_total{reason="policy"}')).toBe(1);

    // Everyone else is still served: the open connection reads the room as it was, without the
    // refused update, and new connections are accepted.
    expect(watcher.isOpen()).toBe(true);
    watcher.send(syncStep1Message(new Uint8Array([0])));
    await waitUntil(() => watcher.messages().some((m) => m.kind === 'sync-step-2'), "the room's contents");
    const held = documentOf(watcher).getMap('events');
    expect(held.size).toBe(1);
    expect(held.has('entry-0')).toBe(false);
    const again = await connectRaw(hub.url, urlPath, member);
    await waitUntil(() => again.frames.length > 0, "the hub's greeting to a new connection");
    // The replaced worker answers the next check too (refused again at this deadline, not hung).
    again.send(updateMessage(largeUpdate(10, member)));
    expect((await again.closed).reason).toBe('update took longer than 1 ms to check');
    expect((await fetch(`${httpOf(hub.url)}/healthz`)).status).toBe(200);
  });

  // Regression: UpdateChecker.workerRestarts was not copied into the metrics, so this stayed 0.
  it('counts the replaced worker in muster_hub_update_check_restarts_total', async () => {
    const city = certifiedWorkspace();
    const member = city.member('responder');
    const hub = await hubFor([city.workspace], { limits: { updateCheckDeadlineMs: 1 } });
    const client = await connectRaw(hub.url, roomPath(city.workspace.id, 'incident:deadline'), member);
    client.send(updateMessage(largeUpdate(1000, member)));
    expect((await client.closed).reason).toBe('update took longer than 1 ms to check');
    const metrics = await (await fetch(`${httpOf(hub.url)}/metrics`)).text();
    expect(metrics).toMatch(/^muster_hub_update_check_restarts_total [1-9]\d*$/m);
  });

  it('UpdateChecker itself replaces the worker after an overrun and counts it', async () => {
    const checker = new UpdateChecker({ deadlineMs: 1, memoryLimitMb: 64 });
    try {
      await expect(checker.check(largeUpdate())).rejects.toThrow(
        new UpdateRefused('update took longer than 1 ms to check'),
      );
      expect(checker.workerRestarts).toBe(1);
      // The replacement's start-up is not charged to the next update; the check itself still overruns.
      await expect(checker.check(largeUpdate())).rejects.toBeInstanceOf(UpdateRefused);
      expect(checker.workerRestarts).toBe(2);
    } finally {
      await checker.close();
    }
    await expect(checker.check(largeUpdate(1))).rejects.toThrow('the hub is shutting down');
  });

  it('UpdateChecker accepts a legitimate update and refuses a malformed one within the deadline', async () => {
    const checker = new UpdateChecker({ deadlineMs: 10_000, memoryLimitMb: 64 });
    try {
      await expect(checker.check(largeUpdate(100))).resolves.toBeUndefined();
      await expect(checker.check(new Uint8Array([1, 2, 3]))).rejects.toThrow(/^malformed Yjs update: /);
      await expect(checker.check(largeUpdate(10))).resolves.toBeUndefined();
      expect(checker.workerRestarts).toBe(0);
    } finally {
      await checker.close();
    }
  });
});
