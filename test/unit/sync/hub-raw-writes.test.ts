/**
 * Members with write access can send the hub any well-formed Yjs update, not only the appends their
 * copies make. Events are signed and append-only (DESIGN.md sections 3 and 5), so the hub's write
 * policy (electron/core/sync/hub/write-policy.ts) takes only new keys of a room's `events` map whose
 * values are events with that id, signed by a device the workspace certified. Whatever else a
 * member writes straight into a room costs it the connection (1008, saying why) and changes
 * nothing: it cannot forge an administrator's decision, lift a revocation, or remove, replace or
 * pre-empt other members' events.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Yjs from 'yjs';
import { signEvent } from '../../../electron/core/identity/event-signing';
import { generateKeyPair } from '../../../electron/core/identity/keys';
import type { DeviceCredentials } from '../../../electron/core/sync/hub-auth';
import { startHub, type Hub } from '../../../electron/core/sync/hub/hub-server';
import { syncStep1Message } from '../../../electron/core/sync/protocol';
import { createClock, format as formatHlc, tick } from '../../../shared/hlc';
import type { IncidentSummary } from '../../../shared/incident';
import {
  adminCopy,
  certifiedWorkspace,
  connectRaw,
  credentialsFor,
  documentOf,
  enrolMember,
  expectHubServes,
  hasEvent,
  hubFor,
  metricValue,
  probeEvent,
  probeUpdate,
  roomPath,
  sendUpdate,
  tryConnect,
  waitUntil,
  workspacePublicOf,
  type RawClient,
} from '../../support/sync';
import { createIncident } from '../../support/workspace';

// Cores, hubs and the update-check worker start from the TypeScript sources: slow on a busy machine.
vi.setConfig({ testTimeout: 30_000 });

const bytes = (...values: number[]) => Uint8Array.from(values);

/** Everything the hub holds of the room `client` is in, as a document (asks for it first). */
async function roomOf(client: RawClient): Promise<Yjs.Doc> {
  const answers = client.messages().filter((m) => m.kind === 'sync-step-2').length;
  client.send(syncStep1Message(bytes(0)));
  await waitUntil(
    () => client.messages().filter((m) => m.kind === 'sync-step-2').length > answers,
    "the hub's copy of the room",
  );
  return documentOf(client);
}

/**
 * The reason the hub gave for closing `member`'s connection to `room` with 1008, in full: the close
 * frame carries only its first 120 characters, the hub's log all of it (exactly one such line).
 */
function refusal(
  hub: { lines: string[] },
  member: DeviceCredentials,
  room: string,
  outcome: 'acknowledged' | { code: number; reason: string },
): string {
  expect(outcome, 'the hub took the update').not.toBe('acknowledged');
  const closed = outcome as { code: number; reason: string };
  expect(closed.code).toBe(1008);
  const prefix = `closed member=${member.member.memberId} `;
  const logged = hub.lines.filter((l) => l.startsWith(prefix) && l.includes(` room=${room}: `));
  expect(logged, hub.lines.slice(-5).join('\n')).toHaveLength(1);
  const reason = logged[0]!.slice(logged[0]!.indexOf(` room=${room}: `) + ` room=${room}: `.length);
  expect(closed.reason).toBe(reason.slice(0, 120));
  return reason;
}

/** The update `change` makes to `doc`, as one Yjs update. */
function changeOf(doc: Yjs.Doc, change: (events: Yjs.Map<unknown>) => void): Uint8Array {
  const updates: Uint8Array[] = [];
  const listen = (update: Uint8Array) => updates.push(update);
  doc.on('update', listen);
  doc.transact(() => change(doc.getMap('events')));
  doc.off('update', listen);
  expect(updates).toHaveLength(1);
  return updates[0]!;
}

describe('members who write raw updates to stored events', () => {
  /** An admin, a member they revoke and a responder who tries to interfere, on one hub. */
  async function revokedSetup() {
    const police = await adminCopy();
    const traffic = await enrolMember(police.core, {
      department: 'traffic',
      role: 'responder',
      user: 'Tom Berg',
    });
    const energy = await enrolMember(police.core, {
      department: 'energy',
      role: 'responder',
      user: 'Mallory Quist',
    });
    const workspace = await workspacePublicOf(police.core);
    const hub = await hubFor([workspace]);
    const tom = credentialsFor(traffic.dataDir);
    const mallory = credentialsFor(energy.dataDir);
    /** Mallory's raw connection to a room, holding the hub's whole document of it. */
    const openRoom = async (room = 'directory') => {
      const client = await connectRaw(hub.url, roomPath(workspace.id, room), mallory);
      const doc = await roomOf(client);
      /** Sends what `change` does to the document as one update; the hub's answer. */
      const write = (change: (events: Yjs.Map<unknown>) => void) => sendUpdate(client, changeOf(doc, change));
      return { client, doc, write };
    };
    return { police, traffic, energy, workspace, hub, tom, mallory, openRoom };
  }

  it('ignores a member.revoked event signed by a member who is not an administrator', async () => {
    const s = await revokedSetup();
    // The responder's enrolment (its device certificate) reaches the hub's directory, so its
    // event verifies: it is refused for the role, not for the signature.
    expect(await s.energy.core.call('syncNow', { hubs: [s.hub.url] })).toMatchObject({ inSync: true });
    const { write } = await s.openRoom();
    const event = signEvent(
      {
        id: randomUUID(),
        type: 'member.revoked',
        hlc: formatHlc(tick(createClock(s.mallory.device.deviceId), Date.now())),
        actor: s.mallory.member.memberId,
        department: s.mallory.member.department,
        payload: { memberId: s.tom.member.memberId, reason: 'I say so' },
      },
      s.mallory.device.deviceId,
      s.mallory.deviceKey,
    );
    // A new, well-signed event: the hub stores it (what it means is for the copies to decide).
    expect(await write((events) => events.set(event.id, event))).toBe('acknowledged');
    expect((await tryConnect(s.hub.url, roomPath(s.workspace.id, 'incident:a'), s.tom)).status).toBe(101);
    // The administrator's copy does not take it either.
    await s.police.core.call('syncNow', { hubs: [s.hub.url] });
    const members = (await s.police.core.call('listMembers', {})) as { memberId: string; revoked: boolean }[];
    expect(members.find((m) => m.memberId === s.tom.member.memberId)?.revoked).toBe(false);
  });

  // Revocations are computed from the directory room's events, so deleting the administrator's
  // signed member.revoked event would let the revoked member in again. The hub refuses any update
  // with a delete set.
  it("does not let a member lift a revocation by deleting the administrator's event", async () => {
    const s = await revokedSetup();
    await s.police.core.call('revokeMember', { memberId: s.tom.member.memberId, reason: 'laptop stolen' });
    expect(await s.police.core.call('syncNow', { hubs: [s.hub.url] })).toMatchObject({ inSync: true });
    const room = roomPath(s.workspace.id, 'incident:a');
    expect(await tryConnect(s.hub.url, room, s.tom)).toEqual({ status: 403 });

    const { doc, write } = await s.openRoom();
    const revocation = [...doc.getMap<{ type?: string }>('events').entries()].find(
      ([, event]) => event?.type === 'member.revoked',
    );
    expect(revocation).toBeDefined();
    expect(await write((events) => events.delete(revocation![0]))).toEqual({
      code: 1008,
      reason: 'updates may not delete anything: events are never removed',
    });
    expect(s.hub.lines).toContainEqual(
      expect.stringMatching(
        new RegExp(`^closed member=${s.mallory.member.memberId} .* room=directory: updates may not delete`),
      ),
    );

    expect(await tryConnect(s.hub.url, room, s.tom)).toEqual({ status: 403 });
    const reader = await connectRaw(s.hub.url, roomPath(s.workspace.id, 'directory'), s.mallory);
    expect((await roomOf(reader)).getMap('events').has(revocation![0])).toBe(true);
    await expectHubServes(s.hub, {
      workspaceId: s.workspace.id,
      room: 'incident:a',
      writer: credentialsFor(s.police.dataDir),
      reader: s.mallory,
    });
  });

  // Deleting the keys of an incident's events from the hub's copy of the room would take the
  // incident from every copy on its next sync (and from any copy that syncs later). Refused.
  it("does not let a member delete another member's incident from everyone's copy", async () => {
    const s = await revokedSetup();
    const incident = await createIncident(s.police.core, { title: 'Gas leak on Mill Street' });
    expect(await s.police.core.call('syncNow', { hubs: [s.hub.url] })).toMatchObject({ inSync: true });
    const { doc, write } = await s.openRoom(`incident:${incident.id}`);
    const ids = [...doc.getMap('events').keys()];
    expect(ids.length).toBeGreaterThan(0);
    expect(await write((events) => ids.forEach((id) => events.delete(id)))).toEqual({
      code: 1008,
      reason: 'updates may not delete anything: events are never removed',
    });

    await s.police.core.call('syncNow', { hubs: [s.hub.url] });
    expect(await s.traffic.core.call('syncNow', { hubs: [s.hub.url] })).toMatchObject({ inSync: true });
    const board = (await s.traffic.core.call('listIncidents', {})) as IncidentSummary[];
    expect(board.map((i) => i.title)).toEqual(['Gas leak on Mill Street']);
    expect(await s.police.core.call('showIncident', { id: incident.id })).toMatchObject({
      title: 'Gas leak on Mill Street',
    });
  });

  it('takes the first events of a new member whose certificates have not reached the directory yet', async () => {
    const s = await revokedSetup();
    expect(await s.police.core.call('syncNow', { hubs: [s.hub.url] })).toMatchObject({ inSync: true });
    // Enrolled after the administrator's last sync: the hub's directory has never heard of Nina.
    const newcomer = await enrolMember(s.police.core, {
      department: 'it',
      role: 'responder',
      user: 'Nina Ny',
    });
    const nina = credentialsFor(newcomer.dataDir);
    const directory = await roomOf(await connectRaw(s.hub.url, roomPath(s.workspace.id, 'directory'), s.tom));
    expect(JSON.stringify(directory.getMap('events').toJSON())).not.toContain(nina.device.deviceId);

    // Her token carries her certificates, and they count for what she writes.
    const room = roomPath(s.workspace.id, 'incident:new');
    const reader = await connectRaw(s.hub.url, room, s.tom);
    const writer = await connectRaw(s.hub.url, room, nina);
    const { update, clientID, event } = probeUpdate(randomUUID(), nina);
    expect(await sendUpdate(writer, update, { clientID, clock: 0 })).toBe('acknowledged');
    await waitUntil(() => hasEvent(reader, event), "Nina's event to reach another member");
  });
});

describe('Yjs client ids, which updates do not authenticate', () => {
  // Yjs identifies every item by (client id, clock) and skips an item whose id it already holds.
  // A member who has seen another member's client id in the room (every update carries it) could
  // write that member's *next* item id first: the real change would then be skipped as a
  // duplicate yet acknowledged, and never reach any other copy. The hub binds a client id to the
  // device whose event first used it and refuses other devices' events under it.
  it("does not let a member pre-empt another member's next change by reusing its client id", async () => {
    const city = certifiedWorkspace();
    const hub = await hubFor([city.workspace]);
    const room = 'incident:ids';
    const urlPath = roomPath(city.workspace.id, room);
    const [victim, attacker] = [city.member('responder'), city.member('responder', 'energy')];
    const victimClient = await connectRaw(hub.url, urlPath, victim);
    const attackerClient = await connectRaw(hub.url, urlPath, attacker);
    const reader = await connectRaw(hub.url, urlPath, city.member('viewer'));
    const victimDoc = new Yjs.Doc();

    const first = probeUpdate('e1', victim, victimDoc);
    expect(await sendUpdate(victimClient, first.update, { clientID: victimDoc.clientID, clock: 0 })).toBe(
      'acknowledged',
    );
    await waitUntil(() => hasEvent(attackerClient, first.event), 'e1 to reach others');

    const forged = new Yjs.Doc();
    Yjs.applyUpdate(forged, Yjs.encodeStateAsUpdate(documentOf(attackerClient)));
    forged.clientID = victimDoc.clientID;
    const forgery = probeUpdate('forged', attacker, forged);
    expect(refusal(hub, attacker, room, await sendUpdate(attackerClient, forgery.update))).toBe(
      `event forged by device ${attacker.device.deviceId} uses the Yjs client id of device ${victim.device.deviceId}`,
    );

    const second = probeUpdate('e2', victim, victimDoc);
    expect(await sendUpdate(victimClient, second.update, { clientID: victimDoc.clientID, clock: 1 })).toBe(
      'acknowledged',
    );
    await waitUntil(
      () => hasEvent(reader, second.event),
      "the victim's second change to reach another member",
    );
    expect(documentOf(reader).getMap('events').has('forged')).toBe(false);
  });
});

/** What a case may use: the attacker, the room as the hub holds it, and an event already in it. */
type PolicyContext = {
  attacker: DeviceCredentials;
  /** Another member, whose certificates are in the hub's directory room. */
  victim: DeviceCredentials;
  /** The hub's copy of the room, for writing as an informed attacker would. */
  room: Yjs.Doc;
  /** An event of the victim's that the room holds. */
  existing: ReturnType<typeof probeEvent>;
};

type PolicyCase = {
  name: string;
  /** The update the attacker sends. */
  update: (c: PolicyContext) => Uint8Array;
  /** The close reason, exactly. */
  reason: (c: PolicyContext) => string | RegExp;
};

/** `update` (v1) with an empty delete set: what it deletes is cut off, what it adds is kept. */
function withoutDeleteSet(update: Uint8Array): Uint8Array {
  const { ds } = Yjs.decodeUpdate(update);
  expect(ds.clients.size).toBeGreaterThan(0);
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, ds.clients.size);
  for (const [client, ranges] of ds.clients) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, ranges.length);
    for (const { clock, len } of ranges) {
      encoding.writeVarUint(encoder, clock);
      encoding.writeVarUint(encoder, len);
    }
  }
  const tail = encoding.toUint8Array(encoder);
  const structs = update.subarray(0, update.length - tail.length);
  expect(update.subarray(structs.length)).toEqual(tail);
  const cut = Uint8Array.from([...structs, 0]);
  expect(Yjs.decodeUpdate(cut).ds.clients.size).toBe(0);
  return cut;
}

const fresh = (change: (events: Yjs.Map<unknown>) => void) => changeOf(new Yjs.Doc(), change);
/** An event like probeEvent's, signed with `key` as `deviceId` (which need not be the credentials'). */
const signedAs = (by: DeviceCredentials, deviceId: string, key: DeviceCredentials['deviceKey']) =>
  signEvent(
    {
      id: randomUUID(),
      type: 'probe.written',
      hlc: formatHlc(tick(createClock(deviceId), Date.now())),
      actor: by.member.memberId,
      department: by.member.department,
      payload: {},
    },
    deviceId,
    key,
  );

const POLICY_CASES: PolicyCase[] = [
  {
    name: 'a raw value that is not an event',
    update: () => fresh((events) => events.set('raw', 'Signals dark on Ring Road')),
    reason: () => /^event raw is not trusted: malformed event: /,
  },
  {
    name: 'a signed event outside the events map',
    update: ({ attacker }) => {
      const doc = new Yjs.Doc();
      const event = probeEvent(randomUUID(), attacker);
      doc.getMap('probe').set(event.id, event);
      return Yjs.encodeStateAsUpdate(doc);
    },
    reason: () => 'only new keys of the events map may be written',
  },
  {
    name: 'a Yjs type instead of an event',
    update: () => fresh((events) => events.set('nested', new Yjs.Map())),
    reason: () => 'the value of nested is not one event',
  },
  {
    // Setting a key the document holds deletes the value it replaces.
    name: 'an overwrite of an existing event',
    update: ({ room, attacker, existing }) =>
      changeOf(room, (events) => events.set(existing.id, probeEvent(existing.id, attacker))),
    reason: () => 'updates may not delete anything: events are never removed',
  },
  {
    name: 'an overwrite of an existing event with its delete set cut off',
    update: ({ room, attacker, existing }) =>
      withoutDeleteSet(
        changeOf(room, (events) => events.set(existing.id, probeEvent(existing.id, attacker))),
      ),
    reason: () => 'only new keys of the events map may be written',
  },
  {
    name: 'a concurrent write to the key of an existing event',
    update: ({ attacker, existing }) =>
      fresh((events) => events.set(existing.id, probeEvent(existing.id, attacker))),
    reason: ({ existing }) => `event ${existing.id} exists already and may not be replaced`,
  },
  {
    name: 'the deletion of an existing event',
    update: ({ room, existing }) => changeOf(room, (events) => events.delete(existing.id)),
    reason: () => 'updates may not delete anything: events are never removed',
  },
  {
    name: 'an event whose id is not its key',
    update: ({ attacker }) => fresh((events) => events.set('key-a', probeEvent('id-b', attacker))),
    reason: () => 'event id-b is stored under another key (key-a)',
  },
  {
    name: 'an event signed by a device nobody certified',
    update: ({ attacker }) => {
      const device = randomUUID();
      const event = signedAs(attacker, device, generateKeyPair().privateKey);
      return fresh((events) => events.set(event.id, event));
    },
    reason: () => /^event (\S+) is not trusted: event \1 is signed by unknown device [0-9a-f-]{36}$/,
  },
  {
    name: "an event in another member's name, signed with the attacker's key",
    update: ({ attacker, victim }) => {
      const event = signedAs(victim, victim.device.deviceId, attacker.deviceKey);
      return fresh((events) => events.set(event.id, event));
    },
    reason: ({ victim }) =>
      new RegExp(
        `^event (\\S+) is not trusted: event \\1 does not carry a valid signature of device ${victim.device.deviceId}$`,
      ),
  },
  {
    name: 'an event changed after it was signed',
    update: ({ attacker }) => {
      const event = { ...probeEvent(randomUUID(), attacker), payload: { text: 'changed' } };
      return fresh((events) => events.set(event.id, event));
    },
    reason: ({ attacker }) =>
      new RegExp(
        `^event (\\S+) is not trusted: event \\1 does not carry a valid signature of device ${attacker.device.deviceId}$`,
      ),
  },
  {
    name: "an event claiming another department than the author's",
    update: ({ attacker }) => {
      const event = signEvent(
        { ...probeEvent(randomUUID(), attacker), department: 'police' },
        attacker.device.deviceId,
        attacker.deviceKey,
      );
      return fresh((events) => events.set(event.id, event));
    },
    reason: () => /^event (\S+) is not trusted: event \1 claims department police but /,
  },
  {
    name: 'a good event and a bad one in the same update (nothing is taken)',
    update: ({ attacker }) =>
      fresh((events) => {
        const good = probeEvent(randomUUID(), attacker);
        events.set(good.id, good);
        events.set('bad', { ...probeEvent('bad', attacker), sig: good.sig });
      }),
    reason: ({ attacker }) =>
      `event bad is not trusted: event bad does not carry a valid signature of device ${attacker.device.deviceId}`,
  },
];

describe('the write policy', () => {
  const city = certifiedWorkspace();
  // Known to the hub's directory (so a forgery in her name fails on the signature alone).
  const victim = city.member('commander', 'police', 'Pia Holm');
  const shared = {} as { hub: Hub & { lines: string[] } };
  let dataDir = '';
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'muster-hub-'));
    const lines: string[] = [];
    const hub = await startHub({ dataDir, workspaces: [city.workspace], log: (line) => lines.push(line) });
    shared.hub = Object.assign(hub, { lines });
  });
  /** Pia enrols herself as a joining copy does: her certificates, in events she signs (once). */
  let enrolled: Promise<void> | undefined;
  const enrolVictim = () =>
    (enrolled ??= (async () => {
      const client = await connectRaw(shared.hub.url, roomPath(city.workspace.id, 'directory'), victim);
      const enrolment = fresh((events) => {
        for (const [type, certificate] of [
          ['member.certified', victim.member],
          ['device.enrolled', victim.device],
        ] as const) {
          const event = probeEvent(randomUUID(), victim, { certificate }, type);
          events.set(event.id, event);
        }
      });
      expect(await sendUpdate(client, enrolment)).toBe('acknowledged');
      client.socket.close();
    })());
  afterAll(async () => {
    await shared.hub?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each(POLICY_CASES.map((c, i) => ({ ...c, room: `incident:policy-${i}` })))(
    'refuses $name, closes the connection and keeps serving others',
    async ({ update, reason, room }) => {
      const { hub } = shared;
      await enrolVictim();
      const attacker = city.member('responder', 'traffic', 'Mallory Quist');
      const urlPath = roomPath(city.workspace.id, room);
      const watcher = await connectRaw(hub.url, urlPath, city.member('responder', 'energy'));
      const existing = probeUpdate(randomUUID(), victim);
      const victimClient = await connectRaw(hub.url, urlPath, victim);
      expect(await sendUpdate(victimClient, existing.update)).toBe('acknowledged');
      const client = await connectRaw(hub.url, urlPath, attacker);
      const context = { attacker, victim, room: await roomOf(client), existing: existing.event };
      expect(context.room.getMap('events').get(existing.event.id)).toEqual(existing.event);
      const appliedBefore = metricValue(hub, 'muster_hub_updates_applied_total');
      const closedBefore = metricValue(hub, 'muster_hub_connections_closed_total{reason="policy"}');

      const outcome = await sendUpdate(client, update(context));

      const expected = reason(context);
      const given = refusal(hub, attacker, room, outcome);
      if (typeof expected === 'string') expect(given).toBe(expected);
      else expect(given).toMatch(expected);
      expect(metricValue(hub, 'muster_hub_updates_applied_total')).toBe(appliedBefore);
      expect(metricValue(hub, 'muster_hub_connections_closed_total{reason="policy"}')).toBe(closedBefore + 1);

      // The room is as it was: the victim's event, unchanged, and nothing of the attacker's.
      const held = await roomOf(watcher);
      expect(held.getMap('events').toJSON()).toEqual({ [existing.event.id]: existing.event });
      expect(held.share.size).toBe(1);
      expect(victimClient.isOpen()).toBe(true);
      await expectHubServes(hub, { workspaceId: city.workspace.id, room, writer: victim, reader: watcher });
      // The attacker may come back and write what members may.
      await expectHubServes(hub, { workspaceId: city.workspace.id, room, writer: attacker, reader: watcher });
    },
  );

  it("refuses a member's deletion of its own event", async () => {
    const { hub } = shared;
    const member = city.member('responder');
    const urlPath = roomPath(city.workspace.id, 'incident:own-delete');
    const client = await connectRaw(hub.url, urlPath, member);
    const doc = new Yjs.Doc();
    const { update, event } = probeUpdate(randomUUID(), member, doc);
    expect(await sendUpdate(client, update)).toBe('acknowledged');
    expect(
      await sendUpdate(
        client,
        changeOf(doc, (events) => events.delete(event.id)),
      ),
    ).toEqual({
      code: 1008,
      reason: 'updates may not delete anything: events are never removed',
    });
    const reader = await connectRaw(hub.url, urlPath, city.member('viewer'));
    expect((await roomOf(reader)).getMap('events').get(event.id)).toEqual(event);
  });
});
