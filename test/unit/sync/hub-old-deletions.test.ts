/**
 * Yjs sends a document's whole delete set with every update. A deletion the hub already holds (from
 * before its write policy, say) must therefore not block the room: only new deletions are refused.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openStore } from '../../../electron/core/db/open';
import { openRoom } from '../../../electron/core/docs/room-store';
import { syncStep1Message } from '../../../electron/core/sync/protocol';
import {
  certifiedWorkspace,
  connectRaw,
  documentOf,
  hubFor,
  probeUpdate,
  roomPath,
  sendUpdate,
  waitUntil,
} from '../../support/sync';
import { tempDir } from '../../support/temp-dir';

describe('deletions a hub already holds', () => {
  it('come back with every update and do not stop members writing', async () => {
    const city = certifiedWorkspace();
    const hubDir = tempDir('muster-hub-');
    const room = 'incident:legacy';
    // A room stored before the hub refused deletions: one value set, then deleted.
    mkdirSync(path.join(hubDir, 'workspaces'));
    const store = openStore(path.join(hubDir, 'workspaces', `${city.workspace.id}.db`));
    const legacy = openRoom(store, room);
    legacy.doc.getMap('events').set('legacy', { note: 'written before the write policy' });
    legacy.doc.getMap('events').delete('legacy');
    legacy.close();
    store.close();
    const hub = await hubFor([city.workspace], { dataDir: hubDir });

    const writer = city.member('responder');
    const client = await connectRaw(hub.url, roomPath(city.workspace.id, room), writer);
    client.send(syncStep1Message(Y.encodeStateVector(new Y.Doc())));
    await waitUntil(() => client.messages().some((m) => m.kind === 'sync-step-2'), 'the room');
    expect(documentOf(client).getMap('events').size).toBe(0);
    // The member's copy holds the hub's deletion; its next update carries it along with a new event.
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(documentOf(client)));
    const { clientID } = probeUpdate('fresh-event', writer, doc);
    const diff = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(documentOf(client)));
    expect(Y.decodeUpdate(diff).ds.clients.size).toBe(1);
    expect(await sendUpdate(client, diff, { clientID, clock: 0 })).toBe('acknowledged');

    // A deletion of something the hub holds undeleted is still refused.
    const other = await connectRaw(hub.url, roomPath(city.workspace.id, room), city.member('responder'));
    other.send(syncStep1Message(Y.encodeStateVector(new Y.Doc())));
    await waitUntil(() => documentOf(other).getMap('events').has('fresh-event'), 'the fresh event');
    const attacker = new Y.Doc();
    Y.applyUpdate(attacker, Y.encodeStateAsUpdate(documentOf(other)));
    const before = Y.encodeStateVector(attacker);
    attacker.getMap('events').delete('fresh-event');
    const refused = await sendUpdate(other, Y.encodeStateAsUpdate(attacker, before));
    expect(refused).toMatchObject({ code: 1008, reason: expect.stringMatching(/may not delete/) });
  });
});
