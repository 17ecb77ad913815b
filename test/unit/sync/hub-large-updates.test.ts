/**
 * One member's huge update (a copy back after a long outage) is checked event by event on the hub's
 * loop; the checks yield between batches, so other members' changes still go through meanwhile.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { updateMessage } from '../../../electron/core/sync/protocol';
import {
  certifiedWorkspace,
  connectRaw,
  hubFor,
  probeEvent,
  probeUpdate,
  roomPath,
  waitUntil,
} from '../../support/sync';

/** The event keys each update frame the client received carries, in arrival order. */
function keysByFrame(messages: ReturnType<Awaited<ReturnType<typeof connectRaw>>['messages']>): string[][] {
  return messages
    .filter((m) => m.kind === 'update' || m.kind === 'sync-step-2')
    .map((m) =>
      Y.decodeUpdate((m as { update: Uint8Array }).update)
        .structs.map((s) => (s instanceof Y.Item ? s.parentSub : null))
        .filter((key): key is string => typeof key === 'string'),
    )
    .filter((keys) => keys.length > 0);
}

describe('a huge update on the hub', () => {
  it("does not hold up another member's change while its events are checked", async () => {
    const city = certifiedWorkspace();
    const hub = await hubFor([city.workspace]);
    const path = roomPath(city.workspace.id, 'incident:outage');
    const [returning, colleague, reader] = [
      city.member('responder'),
      city.member('responder'),
      city.member('viewer'),
    ];
    const watcher = await connectRaw(hub.url, path, reader);
    const big = await connectRaw(hub.url, path, returning);
    const small = await connectRaw(hub.url, path, colleague);

    const backlog = new Y.Doc();
    const count = 5000;
    backlog.transact(() => {
      for (let i = 0; i < count; i++)
        backlog.getMap('events').set(`backlog-${i}`, probeEvent(`backlog-${i}`, returning));
    });
    big.send(updateMessage(Y.encodeStateAsUpdate(backlog)));
    // Sent once the big one has reached the hub and is being checked (checking takes far longer).
    await new Promise((resolve) => setTimeout(resolve, 150));
    small.send(updateMessage(probeUpdate('meanwhile', colleague).update));

    await waitUntil(
      () => keysByFrame(watcher.messages()).flat().length === count + 1,
      'both updates to arrive',
      30_000,
    );
    const order = keysByFrame(watcher.messages());
    expect(order[0]).toEqual(['meanwhile']);
    expect(order[1]).toHaveLength(count);
  }, 60_000);
});
