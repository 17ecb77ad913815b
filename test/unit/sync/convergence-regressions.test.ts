/**
 * Sync schedules kept as regression cases (see convergence.property.test.ts for the random ones and
 * test/support/sync.ts for what a step does):
 * - hand-written schedules for the nastiest cases, so they run whatever the property's seed finds: a hub
 *   that loses its data after members edited offline, a member offline across hub restarts (one of them in
 *   the middle of a sync), everyone editing one incident offline and coming back in different orders;
 * - schedules the property found, pasted as it printed them, with their seed and path;
 * - sync bugs found along the way that a schedule cannot express (background syncing, a viewer, closing a
 *   copy mid-sync, the hub's update checks), each open one as `it.fails` naming the bug.
 * MUSTER_FUZZ_TRACE=1 prints each schedule's trace.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createCore, STORE_FILE, type Core } from '../../../electron/core/core';
import { openStore } from '../../../electron/core/db/open';
import { hubIsUp, listHubRooms } from '../../../electron/core/sync/client/hub-requests';
import type { Hub } from '../../../electron/core/sync/hub/hub-server';
import type { HubLimits } from '../../../electron/core/sync/hub/limits';
import { requireLocalIdentity } from '../../../electron/core/workspace/local-identity';
import type { IncidentDetail } from '../../../shared/contract';
import type { IncidentSummary } from '../../../shared/incident';
import type { SyncResult, SyncStatus } from '../../../shared/sync';
import {
  adminCopy,
  enrolMember,
  hubFor,
  SyncWorld,
  workspacePublicOf,
  WARM_UP,
  type CopySnapshot,
  type Schedule,
  type ScheduleStep,
} from '../../support/sync';
import { tempDir } from '../../support/temp-dir';
import { createIncident } from '../../support/workspace';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the copies agreed on for the first incident (I0): its conflicts, as `field:status`. */
const conflictsOfI0 = (world: SyncWorld, agreed: CopySnapshot) =>
  agreed.records[world.incidents[0]!]!.conflicts.map((c) => `${c.field}:${c.status}`).sort();

/** Police opens I0 and every member has it before anything else happens. */
const sharedIncident = (members: number): ScheduleStep[] => [
  { do: 'edit', by: 0, edit: 'create', pick: 1 },
  { do: 'sync', by: 0 },
  ...Array.from({ length: members - 1 }, (_, i): ScheduleStep => ({ do: 'sync', by: i + 1 })),
];

async function play(
  members: number,
  steps: ScheduleStep[],
  options: { lateJoiner?: boolean } = {},
): Promise<{ world: SyncWorld; agreed: CopySnapshot }> {
  const world = await SyncWorld.start(members);
  try {
    const agreed = await world.play(steps, options);
    if (process.env.MUSTER_FUZZ_TRACE) console.log(world.trace.join('\n'));
    return { world, agreed };
  } finally {
    await world.close();
  }
}

describe('sync convergence regressions (hand-written schedules)', () => {
  it('re-seeds a hub that lost its data after members edited offline', async () => {
    const { world, agreed } = await play(4, [
      ...sharedIncident(4),
      // Traffic's edits reach the hub, then only traffic's own copy and the (soon lost) hub hold them.
      { do: 'edit', by: 1, edit: 'note', pick: 0 },
      { do: 'edit', by: 1, edit: 'status', pick: 0 },
      { do: 'edit', by: 1, edit: 'task', pick: 2 },
      { do: 'sync', by: 1 },
      // Energy goes offline, makes the same status change from the old base, and changes the severity.
      { do: 'offline', by: 2 },
      { do: 'edit', by: 2, edit: 'status', pick: 0 },
      { do: 'edit', by: 2, edit: 'update', pick: 5 },
      { do: 'edit', by: 2, edit: 'create', pick: 2 },
      { do: 'hub-down' },
      // Police and IT edit while the hub is down; police changes the severity energy changed: a conflict.
      { do: 'edit', by: 0, edit: 'update', pick: 1 },
      { do: 'edit', by: 3, edit: 'note', pick: 0 },
      { do: 'sync', by: 0 },
      // The hub comes back with an empty data folder.
      { do: 'hub-wipe' },
      { do: 'sync', by: 3 },
      { do: 'sync', by: 0 },
      { do: 'sync', by: 1 },
      { do: 'online', by: 2 },
      { do: 'sync', by: 2 },
      { do: 'sync', by: 3 },
      // Police now sees energy's severity against its own, and resolves it.
      { do: 'sync', by: 0 },
      { do: 'edit', by: 0, edit: 'resolve', pick: 0 },
      // A second loss, in the middle of traffic's sync, right after re-seeding: the copies still hold
      // everything, and traffic's sync rides it out.
      { do: 'hub-restart-mid-sync', by: 1, afterMs: 20, wipe: true },
      { do: 'edit', by: 3, edit: 'task', pick: 1 },
      { do: 'sync-together', members: [3, 2] },
    ]);
    expect(world.stats).toMatchObject({ hubWipes: 2, offlineEdits: 5, refusedEdits: 0 });
    expect(conflictsOfI0(world, agreed)).toEqual(['severity:resolved']);
  }, 60_000);

  it('brings home the edits of a member offline across two hub restarts', async () => {
    const { world } = await play(
      5,
      [
        ...sharedIncident(5),
        { do: 'offline', by: 3 },
        { do: 'edit', by: 3, edit: 'note', pick: 0 },
        { do: 'edit', by: 3, edit: 'task', pick: 1 },
        { do: 'sync', by: 3 },
        // First restart: a new port. The others learn the new address and carry on.
        { do: 'hub-restart', samePort: false },
        { do: 'edit', by: 1, edit: 'status', pick: 0 },
        { do: 'edit', by: 4, edit: 'update', pick: 2 },
        { do: 'sync-together', members: [1, 4] },
        { do: 'edit', by: 3, edit: 'status', pick: 0 },
        { do: 'restart-member', by: 3 },
        // Second restart: the same port, as a hub under a fixed address comes back.
        { do: 'hub-restart', samePort: true },
        { do: 'edit', by: 0, edit: 'note', pick: 0 },
        { do: 'edit', by: 0, edit: 'create', pick: 3 },
        // A third restart while police is syncing: its sync reconnects and settles.
        { do: 'hub-restart-mid-sync', by: 0, afterMs: 30 },
        { do: 'edit', by: 3, edit: 'task-state', pick: 4 },
        { do: 'online', by: 3 },
        { do: 'sync', by: 3 },
        { do: 'sync', by: 2 },
        { do: 'edit', by: 4, edit: 'resolve', pick: 1 },
        { do: 'sync', by: 4 },
      ],
      { lateJoiner: false },
    );
    expect(world.stats).toMatchObject({ hubRestarts: 3, refusedEdits: 0 });
    expect(world.acknowledged.filter((a) => a.by === 3)).toHaveLength(4);
  }, 60_000);

  // Everyone offline on the same incident: concurrent status changes, severity and title changes, role
  // assignments, notes and tasks; then they come back one by one in different orders, with a commander and
  // the administrator resolving the conflicts they see, partly concurrently.
  const sameIncidentOffline = (order: number[]): ScheduleStep[] => [
    ...sharedIncident(5),
    ...[0, 1, 2, 3, 4].map((by): ScheduleStep => ({ do: 'offline', by })),
    { do: 'edit', by: 0, edit: 'status', pick: 0 },
    { do: 'edit', by: 1, edit: 'status', pick: 0 },
    { do: 'edit', by: 2, edit: 'update', pick: 1 },
    { do: 'edit', by: 3, edit: 'update', pick: 5 },
    { do: 'edit', by: 4, edit: 'update', pick: 0 },
    { do: 'edit', by: 0, edit: 'update', pick: 2 },
    { do: 'edit', by: 1, edit: 'assign', pick: 0 },
    { do: 'edit', by: 4, edit: 'assign', pick: 1 },
    { do: 'edit', by: 2, edit: 'note', pick: 0 },
    { do: 'edit', by: 3, edit: 'task', pick: 3 },
    { do: 'edit', by: 0, edit: 'status', pick: 1 },
    { do: 'edit', by: 4, edit: 'status', pick: 0 },
    ...order.flatMap((by, i): ScheduleStep[] => [
      { do: 'online', by },
      { do: 'sync', by },
      ...(i === 2 ? [{ do: 'hub-restart', samePort: true } as const] : []),
    ]),
    { do: 'sync-together', members: [0, 4] },
    { do: 'edit', by: 0, edit: 'resolve', pick: 0 },
    { do: 'edit', by: 4, edit: 'resolve', pick: 1 },
    { do: 'edit', by: 4, edit: 'resolve', pick: 2 },
    { do: 'sync-together', members: order },
  ];

  it.each([{ order: [4, 3, 2, 1, 0] }, { order: [2, 4, 0, 3, 1] }])(
    'converges when everyone edits one incident offline and reconnects in order $order',
    async ({ order }) => {
      // (Late joiners are checked by the re-seeding case and by the property.)
      const { world, agreed } = await play(5, sameIncidentOffline(order), { lateJoiner: false });
      expect(world.stats).toMatchObject({ offlineEdits: 12, refusedEdits: 0 });
      // Two commanders resolved the severity conflict at once, differently: that is a conflict of its own.
      expect(conflictsOfI0(world, agreed)).toEqual([
        'role:incident-commander:open',
        'severity:open',
        'severity:resolved',
        'title:resolved',
      ]);
    },
    60_000,
  );
});

/**
 * Counterexamples the property printed (`Counterexample: [{"members":..,"steps":[..]}]`), pasted as they
 * are after the WARM_UP the property puts first, with the seed and path it printed (of the generator as it
 * was then: the schedule is what counts). Mark one `fails: '<bug>'` while the bug it shows is open.
 */
const FOUND: Array<{ seed: number; path: string; schedule: Schedule; fails?: string }> = [
  // Seeds 5 (run 15) and 6 (run 9): a sync that did not settle in 20 s (inSync: false) under load (load
  // average 6.5 on 2 cores), each the first sync with updates after the hub (re)started: the update-check
  // start-up bug, fixed in 04d81ca (see "a hub accepts updates even when its checking worker starts slower
  // than the deadline" below).
  {
    seed: 5,
    path: '14',
    schedule: {
      members: 5,
      steps: [
        ...WARM_UP,
        { do: 'sync', by: 0 },
        { do: 'edit', by: 1, edit: 'update', pick: 819 },
        { do: 'edit', by: 0, edit: 'update', pick: 766 },
        { do: 'edit', by: 1, edit: 'status', pick: 338 },
        { do: 'edit', by: 3, edit: 'update', pick: 88 },
        { do: 'sync', by: 1 },
        { do: 'sync', by: 2 },
        { do: 'edit', by: 0, edit: 'status', pick: 367 },
        { do: 'edit', by: 1, edit: 'task-state', pick: 247 },
        { do: 'sync', by: 1 },
        { do: 'hub-restart-mid-sync', by: 4, afterMs: 30 },
        { do: 'edit', by: 2, edit: 'task-state', pick: 665 },
      ],
    },
  },
  // (seed 6, see above)
  {
    seed: 6,
    path: '8',
    schedule: {
      members: 4,
      steps: [
        ...WARM_UP,
        { do: 'sync', by: 2 },
        { do: 'edit', by: 0, edit: 'create', pick: 201 },
        { do: 'sync', by: 0 },
        { do: 'edit', by: 1, edit: 'create', pick: 318 },
        { do: 'sync-together', members: [4, 0, 3, 2] },
        { do: 'sync', by: 3 },
        { do: 'sync-together', members: [0, 1, 4, 2, 3] },
        { do: 'edit', by: 3, edit: 'task-state', pick: 967 },
        { do: 'hub-restart-mid-sync', by: 2, afterMs: 150 },
        { do: 'edit', by: 1, edit: 'resolve', pick: 939 },
        { do: 'edit', by: 0, edit: 'update', pick: 883 },
        { do: 'restart-member', by: 4 },
        { do: 'sync', by: 0 },
        { do: 'edit', by: 3, edit: 'task', pick: 686 },
        { do: 'sync-together', members: [0, 1, 3, 4] },
        { do: 'edit', by: 0, edit: 'create', pick: 890 },
        { do: 'edit', by: 3, edit: 'status', pick: 503 },
        { do: 'edit', by: 1, edit: 'task-state', pick: 371 },
      ],
    },
  },
  // Seeds 8 (run 7) and 9 (run 8): "could not reach any hub" right after same-address hub restarts while
  // the hub was up: the pooled-connection bug, fixed in 04d81ca (see "finds a hub that restarted at the
  // same address up" below).
  {
    seed: 8,
    path: '6',
    schedule: {
      members: 3,
      steps: [
        ...WARM_UP,
        { do: 'online', by: 1 },
        { do: 'sync', by: 0 },
        { do: 'offline', by: 2 },
        { do: 'hub-restart', samePort: false },
        { do: 'sync', by: 1 },
        { do: 'edit', by: 0, edit: 'note', pick: 3 },
        { do: 'edit', by: 0, edit: 'status', pick: 50 },
        { do: 'sync', by: 1 },
        { do: 'sync', by: 1 },
        { do: 'edit', by: 4, edit: 'task-state', pick: 347 },
        { do: 'hub-restart-mid-sync', by: 3, afterMs: 30 },
        { do: 'sync', by: 2 },
        { do: 'edit-during-sync', by: 1, edit: 'task-state', pick: 991, afterMs: 40 },
        { do: 'hub-restart', samePort: true },
        { do: 'sync-together', members: [2, 4] },
        { do: 'sync-together', members: [0, 3, 4] },
        { do: 'restart-member', by: 0 },
        { do: 'hub-restart-mid-sync', by: 3, afterMs: 150 },
        { do: 'edit', by: 4, edit: 'update', pick: 995 },
        { do: 'edit', by: 1, edit: 'update', pick: 870 },
      ],
    },
  },
  // (seed 9, see above)
  {
    seed: 9,
    path: '7',
    schedule: {
      members: 4,
      steps: [
        ...WARM_UP,
        { do: 'hub-restart-mid-sync', by: 0, afterMs: 30 },
        { do: 'hub-restart-mid-sync', by: 4, afterMs: 80 },
        { do: 'edit', by: 4, edit: 'update', pick: 251 },
        { do: 'hub-restart', samePort: true },
        { do: 'edit', by: 2, edit: 'create', pick: 924 },
        { do: 'edit', by: 2, edit: 'assign', pick: 458 },
        { do: 'sync-together', members: [0, 1] },
        { do: 'hub-restart', samePort: true },
        { do: 'sync', by: 1 },
        { do: 'sync', by: 0 },
        { do: 'hub-wipe' },
        { do: 'edit', by: 4, edit: 'update', pick: 822 },
        { do: 'edit', by: 4, edit: 'status', pick: 826 },
        { do: 'restart-member', by: 4 },
        { do: 'sync-together', members: [3, 2] },
        { do: 'edit', by: 2, edit: 'update', pick: 325 },
        { do: 'edit', by: 0, edit: 'update', pick: 916 },
        { do: 'online', by: 4 },
        { do: 'edit', by: 4, edit: 'task', pick: 500 },
        { do: 'edit', by: 1, edit: 'status', pick: 706 },
        { do: 'sync', by: 2 },
        { do: 'sync-together', members: [0, 1] },
        { do: 'sync', by: 1 },
        { do: 'edit', by: 0, edit: 'status', pick: 134 },
      ],
    },
  },
];

describe('sync convergence regressions (schedules the property found)', () => {
  for (const { seed, path: where, schedule, fails } of FOUND) {
    (fails ? it.fails : it)(
      `seed ${seed} path ${where}${fails ? ` (open bug: ${fails})` : ''}`,
      async () => {
        // The property checks late joiners; here the schedule is the point.
        await play(schedule.members, schedule.steps, { lateJoiner: false });
      },
      60_000,
    );
  }
});

describe('sync regressions found outside the schedules', () => {
  /** Police with one incident on the hub, and traffic holding it too. */
  async function twoCopiesOnAHub(limits: Partial<HubLimits> = {}) {
    const police = await adminCopy();
    const traffic = await enrolMember(police.core, {
      department: 'traffic',
      role: 'responder',
      user: 'Tom Berg',
    });
    const hubDir = tempDir('muster-hub-');
    const hub = await hubFor([await workspacePublicOf(police.core)], { dataDir: hubDir, limits });
    const incident = await createIncident(police.core, { title: 'Gas leak on Mill Lane' });
    return { police, traffic, hub, hubDir, incident };
  }

  async function twoCopiesSynced() {
    const copies = await twoCopiesOnAHub();
    await copies.police.core.call('syncNow', { hubs: [copies.hub.url] });
    return copies;
  }

  /** Reopens a copy as a long-running host (desktop, serve) that syncs with `hub` in the background. */
  async function inBackground(copy: { core: Core; dataDir: string }, hub: string): Promise<Core> {
    copy.core.close();
    const core = createCore({
      dataDir: copy.dataDir,
      host: 'cli',
      sync: { background: true, probeIntervalMs: 5000 },
    });
    onTestFinished(() => core.close());
    await core.call('setSyncHubs', { hubs: [hub] });
    return core;
  }

  async function untilSettled(core: Core, rooms: number, withinMs = 5000): Promise<SyncStatus> {
    for (let deadline = Date.now() + withinMs; Date.now() < deadline;) {
      const status = (await core.call('getSyncStatus', {})) as SyncStatus;
      if (status.rooms.length === rooms && status.rooms.every((r) => r.state === 'online')) return status;
      await sleep(25);
    }
    return (await core.call('getSyncStatus', {})) as SyncStatus;
  }

  const syncMessages = (hub: Pick<Hub, 'metrics'>) =>
    hub.metrics
      .render()
      .split('\n')
      .filter((line) => line.startsWith('muster_hub_messages_total{kind="sync-'))
      .reduce((n, line) => n + Number(line.split(' ').at(-1)), 0);

  // Fixed in 4dfedc8 ("read-only clients that settle"); before it a viewer's sync always ran out its timeout.
  it('a viewer syncing settles instead of waiting out its timeout', async () => {
    const police = await adminCopy();
    const viewer = await enrolMember(police.core, { department: 'it', role: 'viewer', user: 'Vera View' });
    const hub = await hubFor([await workspacePublicOf(police.core)]);
    await createIncident(police.core, { title: 'Water main burst' });
    await police.core.call('syncNow', { hubs: [hub.url] });

    const result = (await viewer.core.call('syncNow', { hubs: [hub.url], timeoutMs: 5000 })) as SyncResult;
    expect(result.inSync).toBe(true);
    const board = (await viewer.core.call('listIncidents', {})) as IncidentSummary[];
    expect(board.map((i) => i.title)).toEqual(['Water main burst']);
  }, 20_000);

  // Found here, fixed in 04d81ca (client/pending.ts, room-sync.ts, sync-service.ts storedStatus): a viewer's
  // own enrolment certificates (written to its directory room on join) can never reach a hub, which drops a
  // read-only connection's updates, so its status said "2 changes waiting" for the directory room forever.
  it("a viewer's status shows no changes waiting after it synced", async () => {
    const police = await adminCopy();
    const viewer = await enrolMember(police.core, { department: 'it', role: 'viewer', user: 'Vera View' });
    const hub = await hubFor([await workspacePublicOf(police.core)]);
    await viewer.core.call('syncNow', { hubs: [hub.url], timeoutMs: 5000 });
    const status = (await viewer.core.call('getSyncStatus', {})) as SyncStatus;
    expect(status.rooms.map((r) => [r.room, r.pendingChanges])).toEqual([['directory', 0]]);
  }, 20_000);

  // Found here and fixed in 89d03a2 ("end the acknowledgement loop"): the hub answered y-websocket's empty
  // reply to each acknowledgement with another acknowledgement, ~50 frames a second each way per open room
  // for as long as a copy stayed connected (measured ~120 in 1 s for an idle copy with two rooms).
  it('an idle copy syncing in the background does not keep exchanging messages with the hub', async () => {
    const { traffic, hub } = await twoCopiesSynced();
    const watching = await inBackground(traffic, hub.url);
    await untilSettled(watching, 2);
    const before = syncMessages(hub);
    await sleep(1000);
    expect(
      syncMessages(hub) - before,
      'sync messages the hub received in 1 s of nothing happening',
    ).toBeLessThan(10);
  }, 20_000);

  // Found here, fixed in 04d81ca (client/room-sync.ts, pending.ts; exposed when 89d03a2 ended the
  // acknowledgement loop, which had hidden it): a room counted as pending every item beyond the hub's last
  // acknowledgement, including items the hub relayed from other members after it, so a copy syncing in the
  // background showed "1 change waiting" and 'syncing' after someone else's edit arrived, and `syncNow` of
  // two members at once often never settled (the schedules' `sync-together` hit it in the re-seeding case
  // above and in both reconnection orders).
  it("another member's edit relayed by the hub is not counted as a change waiting here", async () => {
    const { police, traffic, hub, incident } = await twoCopiesSynced();
    const watching = await inBackground(traffic, hub.url);
    await untilSettled(watching, 2);
    await police.core.call('addLogEntry', { id: incident.id, text: 'Street closed at the bridge' });
    await police.core.call('syncNow', { hubs: [hub.url] });
    await sleep(300);
    const detail = (await watching.call('showIncident', { id: incident.id })) as IncidentDetail;
    expect(detail.timeline.map((e) => e.text)).toContain('Street closed at the bridge');
    const status = await untilSettled(watching, 2, 1500);
    expect(status.rooms.map((r) => [r.state, r.pendingChanges])).toEqual([
      ['online', 0],
      ['online', 0],
    ]);
  }, 20_000);

  // Found here, fixed in 04d81ca (client/hub-requests.ts): fetch keeps connections to the hub in a pool
  // shared by the whole process; after the hub restarted at the same address, the next probe went out on a
  // connection the old hub had closed and failed (UND_ERR_SOCKET "other side closed"; a plain node:http
  // server does the same), so `syncNow` threw "could not reach any hub" while /healthz answered 200. This
  // asks what a sync asks (is it up, which rooms), restarts the hub, asks again: it answered
  // [true, false, true, false].
  it('finds a hub that restarted at the same address up', async () => {
    const police = await adminCopy();
    const store = openStore(path.join(police.dataDir, STORE_FILE));
    const { workspace, member, device, deviceKey } = requireLocalIdentity(store);
    store.close();
    const hubDir = tempDir('muster-hub-');
    let hub = await hubFor([workspace], { dataDir: hubDir });
    const answers: boolean[] = [];
    for (let restart = 0; restart < 3; restart++) {
      // What a sync asks first: is the hub up, and which rooms does it hold.
      answers.push(await hubIsUp(hub.url));
      await listHubRooms(hub.url, workspace.id, { member, device, deviceKey });
      await hub.close();
      hub = await hubFor([workspace], { dataDir: hubDir, port: hub.port });
    }
    answers.push(await hubIsUp(hub.url));
    expect(answers).toEqual([true, true, true, true]);
  }, 20_000);

  // Found here, fixed in 04d81ca (hub/update-checker.ts): the per-update deadline started before the worker
  // that checks updates had loaded, and an overrun replaced the worker, so whenever start-up took longer than
  // the deadline the hub accepted no update at all (every connection closed with "update took longer than
  // N ms to check", forever). A 150 ms deadline shows it (start-up from the sources takes ~450 ms here); with
  // the default 2000 ms it happened under load (property seeds 5 and 6).
  it('a hub accepts updates even when its checking worker starts slower than the deadline', async () => {
    const { police, hub } = await twoCopiesOnAHub({ updateCheckDeadlineMs: 150 });
    const result = (await police.core.call('syncNow', { hubs: [hub.url], timeoutMs: 2500 })) as SyncResult;
    expect(hub.lines.filter((line) => line.includes('took longer than'))).toEqual([]);
    expect(result.inSync).toBe(true);
  }, 20_000);

  // Found here, fixed in 04d81ca (sync-service.ts close, core.ts): closing a copy while `syncNow` ran closed
  // the store under the running sync, which then wrote to a closed database from WebSocket and Yjs handlers:
  // uncaught "The database connection is not open" (room-store logUpdate, sync-state writeRoomState), and
  // SyncClient.close() threw half-way. Runs in a child process, so that uncaught errors stay out of this run.
  it('closing a copy while it syncs stops the sync without uncaught errors', () => {
    const report = closeMidSync();
    expect(report.outcomes, report.stderr).toHaveLength(2);
    expect(report).toMatchObject({ uncaught: [], hubConnectionsLeft: 0 });
  }, 60_000);

  // A sync stopped by closing its copy says so, instead of SQLite's "The database connection is not
  // open" from a store closed under it (sync-service.ts syncOnce).
  it('a sync stopped by closing its copy says so, not with a database error', () => {
    const { outcomes = [] } = closeMidSync();
    expect(outcomes.filter((outcome) => outcome.includes('database connection is not open'))).toEqual([]);
  }, 60_000);
});

type CloseMidSyncReport = {
  outcomes?: string[];
  uncaught?: string[];
  hubConnectionsLeft?: number;
  stderr: string;
};
let closeMidSyncReport: CloseMidSyncReport | undefined;

/** Runs CLOSE_MID_SYNC in a child process once, for the tests that read its report. */
function closeMidSync(): CloseMidSyncReport {
  if (closeMidSyncReport) return closeMidSyncReport;
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', CLOSE_MID_SYNC],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  const last = child.stdout.trim().split('\n').at(-1) ?? '';
  closeMidSyncReport = {
    ...(JSON.parse(last.startsWith('{') ? last : '{}') as object),
    stderr: child.stderr,
  };
  return closeMidSyncReport;
}

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

/**
 * Two members, each with 5 incidents to fetch, closed as soon as one room, then three rooms, are
 * connected during a sync; after each, the administrator writes to every incident and syncs, so
 * that the hub passes it on to whatever the closed copy left connected. Prints one JSON line.
 */
const CLOSE_MID_SYNC = `
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
const { createCore } = await import(${JSON.stringify(path.resolve(ROOT, 'electron/core/core.ts'))});
const { startHub } = await import(${JSON.stringify(path.resolve(ROOT, 'electron/core/sync/hub/hub-server.ts'))});
const uncaught = [];
process.on('uncaughtException', (e) => uncaught.push(e.message));
process.on('unhandledRejection', (e) => uncaught.push(String(e?.message ?? e)));
console.error = () => {};
const dirs = [];
const tmp = () => dirs[dirs.push(mkdtempSync(path.join(os.tmpdir(), 'muster-close-mid-sync-'))) - 1];
const admin = createCore({ dataDir: tmp(), host: 'cli' });
await admin.call('initWorkspace', { workspace: 'W', department: 'police', user: 'Pia Holm' });
const { id, name, publicKey, departments } = (await admin.call('whoAmI', {})).workspace;
const hub = await startHub({ dataDir: tmp(), workspaces: [{ id, name, publicKey, departments }] });
const incidents = [];
for (let i = 0; i < 5; i++) incidents.push((await admin.call('createIncident', { title: 'I' + i, severity: 'major' })).id);
await admin.call('syncNow', { hubs: [hub.url] });
const connections = async () => (await (await fetch(hub.url.replace('ws', 'http') + '/healthz')).json()).connections;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const outcomes = [];
for (const trigger of ['first-room', 'three-rooms']) {
  const { bundle } = await admin.call('inviteMember', { department: 'traffic', role: 'responder', user: 'Tom Berg' });
  const member = createCore({ dataDir: tmp(), host: 'cli' });
  await member.call('joinWorkspace', { bundle });
  const syncing = member.call('syncNow', { hubs: [hub.url], timeoutMs: 5000 }).then(
    (r) => 'resolved ' + JSON.stringify(r),
    (e) => 'rejected: ' + e.message,
  );
  if (typeof trigger === 'string') {
    const enough = trigger === 'first-room' ? 1 : 3;
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      const { rooms } = await member.call('getSyncStatus', {});
      if (rooms.filter((r) => r.state !== 'offline').length >= enough) break;
      await sleep(2);
    }
  } else await sleep(trigger);
  member.close();
  outcomes.push(await Promise.race([syncing, sleep(6000).then(() => 'still running 6 s after close')]));
  // Others keep writing: the hub passes it on to whatever connections the closed copy left open.
  for (const incident of incidents) await admin.call('addLogEntry', { id: incident, text: 'after ' + trigger });
  await admin.call('syncNow', { hubs: [hub.url] });
  await sleep(300);
}
console.log(JSON.stringify({ outcomes, uncaught, hubConnectionsLeft: await connections() }));
for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
// Not hub.close(): the leaked client sockets never answer its close handshake, so it would wait 30 s.
process.exit(0);
`;
