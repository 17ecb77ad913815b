import { createServer } from 'node:net';
import { expect, onTestFinished } from 'vitest';
import { createCore, type Core } from '../../electron/core/core';
import { MusterError } from '../../electron/core/errors';
import { startHub, type Hub, type HubOptions } from '../../electron/core/sync/hub/hub-server';
import type { IncidentDetail, WhoAmI } from '../../shared/contract';
import type { Role, WorkspacePublic } from '../../shared/identity';
import { SEVERITIES, type IncidentSummary } from '../../shared/incident';
import { LIFECYCLE, REOPEN_FROM, REOPEN_TO, type IncidentRecord } from '../../shared/incident-record';
import type { SyncResult, SyncStatus } from '../../shared/sync';
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

// ---------------------------------------------------------------------------------------------------------
// Sync schedules (test/unit/sync/convergence*.test.ts, after tldraw's store fuzzing): members of several
// departments edit whether or not they can reach the hub, sync when they can, go offline and come back,
// restart; the hub restarts (new port or the same one), goes down, or loses its data folder. A schedule is
// plain data, so a failing one found by fast-check can be pasted into the regression file as is.

/** The cast; a run with `members: n` uses the first n. */
export const SCHEDULE_MEMBERS = [
  { department: 'police', role: 'admin', user: 'Pia Holm' },
  { department: 'traffic', role: 'responder', user: 'Tom Berg' },
  { department: 'energy', role: 'responder', user: 'Eva Lund' },
  { department: 'it', role: 'responder', user: 'Ivo Sand' },
  { department: 'traffic', role: 'commander', user: 'Kai Norr' },
] as const satisfies ReadonlyArray<{ department: string; role: Role; user: string }>;

export const EDIT_KINDS = [
  'create',
  'note',
  'status',
  'task',
  'task-state',
  'update',
  'assign',
  'resolve',
] as const;
export type EditKind = (typeof EDIT_KINDS)[number];

/**
 * One step. `by` and `members` are member indexes (taken modulo the number of members); `pick` chooses
 * deterministically among what the member can see (which incident, which transition, which task...).
 */
export type ScheduleStep =
  | { do: 'edit'; by: number; edit: EditKind; pick: number }
  /** The member edits `afterMs` into its own sync (as with background syncing while someone types). */
  | { do: 'edit-during-sync'; by: number; edit: EditKind; pick: number; afterMs: number }
  | { do: 'sync'; by: number }
  /** These members sync at the same time (each only if it is online). */
  | { do: 'sync-together'; members: number[] }
  | { do: 'offline' | 'online' | 'restart-member'; by: number }
  | { do: 'hub-restart'; samePort: boolean }
  /** The hub restarts on its port `afterMs` into this member's sync, which should ride it out. */
  | { do: 'hub-restart-mid-sync'; by: number; afterMs: number; wipe?: boolean }
  | { do: 'hub-wipe' | 'hub-down' | 'hub-up' };

export type Schedule = { members: number; steps: ScheduleStep[] };

/**
 * What the property puts before every random schedule: police opens an incident and everyone syncs it, so
 * that members work on a shared incident (and its concurrent changes conflict) rather than each on their own.
 */
export const WARM_UP: readonly ScheduleStep[] = [
  { do: 'edit', by: 0, edit: 'create', pick: 1 },
  { do: 'sync', by: 0 },
  { do: 'sync-together', members: [1, 2, 3, 4] },
];

/** What a copy shows, for comparing copies: the board and every incident's folded record. */
export type CopySnapshot = { list: IncidentSummary[]; records: Record<string, IncidentDetail> };

type Copy = {
  index: number;
  label: string;
  memberId: string;
  department: string;
  core: Core;
  dataDir: string;
  online: boolean;
  /** Incidents this member has seen (created, or listed after a sync). */
  known: Set<string>;
  /** Lower bound of the event ids this copy must hold (its own writes and what syncs brought). */
  holds: Set<string>;
};

/** An event a member's edit returned: it was acknowledged locally and must reach every copy. */
export type AcknowledgedEvent = { by: number; incidentId: string; eventId: string; what: string };

/** How the core refuses a command the member's view does not allow (a transition, a resolution...). */
const REFUSALS = new Set(['precondition', 'forbidden']);
const SYNC_TIMEOUT_MS = 20_000;

/**
 * A run: fresh copies and a fresh hub, a model of what each copy and the hub must hold, and a trace of
 * what happened (attached to any failure). Close it when done.
 */
export class SyncWorld {
  readonly trace: string[] = [];
  /** Incident ids in creation order; `I<n>` in the trace. */
  readonly incidents: string[] = [];
  readonly acknowledged: AcknowledgedEvent[] = [];
  /** How much of the interesting stuff a schedule did (to check that generators produce it). */
  readonly stats = {
    offlineEdits: 0,
    hubWipes: 0,
    hubRestarts: 0,
    refusedEdits: 0,
    failedSyncs: 0,
  };
  private readonly incidentOf = new Map<string, string>();
  /** Lower bound of the event ids the hub holds (what synced copies had); emptied when it loses its data. */
  private hubHolds = new Set<string>();
  /** What the hubs logged, minus connections and refusals of nothing (for failures). */
  private readonly hubLog: string[] = [];
  private seq = 0;
  /** The step being played, for the trace. */
  private at = 0;
  private where = 'setup';

  private constructor(
    readonly copies: Copy[],
    private readonly workspaces: WorkspacePublic[],
    private hub: (Hub & { lines: string[] }) | null,
    private hubUrl: string,
    private hubDataDir: string,
  ) {}

  static async start(members: number): Promise<SyncWorld> {
    if (members < 1 || members > SCHEDULE_MEMBERS.length)
      throw new Error(`members must be 1-${SCHEDULE_MEMBERS.length}`);
    const admin = await adminCopy();
    const copies: Copy[] = [];
    for (let index = 0; index < members; index++) {
      const { core, dataDir } = index === 0 ? admin : await enrolMember(admin.core, SCHEDULE_MEMBERS[index]!);
      const me = (await core.call('whoAmI', {})) as WhoAmI;
      copies.push({
        index,
        label: `${SCHEDULE_MEMBERS[index]!.department}/${SCHEDULE_MEMBERS[index]!.role}`,
        memberId: me.member.memberId,
        department: me.member.department,
        core,
        dataDir,
        online: true,
        known: new Set(),
        holds: new Set(),
      });
    }
    const workspaces = [await workspacePublicOf(admin.core)];
    const world = new SyncWorld(copies, workspaces, null, '', tempDir('muster-hub-'));
    await world.startHub(world.hubDataDir);
    world.trace.push(`hub at ${world.hubUrl}; members: ${copies.map((c) => c.label).join(', ')}`);
    return world;
  }

  /** Runs every step, heals, and checks; failures carry the trace. */
  async play(steps: readonly ScheduleStep[], options: { lateJoiner?: boolean } = {}): Promise<CopySnapshot> {
    // The copies' HTTP requests to the hub (is it up, which rooms) swallow their errors; note them.
    const fetchBefore = globalThis.fetch;
    globalThis.fetch = (input, init) =>
      fetchBefore(input, init).catch((error: unknown) => {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        this.trace.push(
          `${this.where} fetch ${String(input)} failed: ${String(error)} (${cause?.code} ${cause?.message})`,
        );
        throw error;
      });
    try {
      for (const step of steps) await this.step(step);
      const agreed = await this.healAndCheck();
      if (options.lateJoiner ?? true) await this.checkLateJoiner(agreed);
      return agreed;
    } catch (error) {
      if (error instanceof Error) {
        const hubLog = this.hubLog.filter(
          (line) => !/ (connected|serving|stopped)\b|hub is shutting down/.test(line),
        );
        error.message += `\n--- schedule trace ---\n${this.trace.join('\n')}`;
        error.message += `\n--- hub log (connections left out) ---\n${hubLog.slice(-40).join('\n')}`;
      }
      throw error;
    } finally {
      globalThis.fetch = fetchBefore;
    }
  }

  async step(step: ScheduleStep): Promise<void> {
    this.where = `#${this.at++}`;
    const copy = (index: number) => this.copies[index % this.copies.length]!;
    switch (step.do) {
      case 'edit':
        return this.edit(copy(step.by), step.edit, step.pick);
      case 'sync':
        return this.syncTogether([copy(step.by)]);
      case 'sync-together':
        return this.syncTogether([...new Set(step.members.map(copy))]);
      case 'offline':
      case 'online':
        copy(step.by).online = step.do === 'online';
        this.trace.push(`${this.where} ${copy(step.by).label} goes ${step.do}`);
        return;
      case 'restart-member': {
        const c = copy(step.by);
        c.core.close();
        c.core = createCore({ dataDir: c.dataDir, host: 'cli' });
        const reopened = c.core;
        onTestFinished(() => reopened.close());
        this.trace.push(`${this.where} ${c.label} restarts its app`);
        // What its edits returned survived the restart.
        return this.expectHolds(c);
      }
      case 'hub-down':
        if (!this.hub) return void this.trace.push(`${this.where} hub already down`);
        await this.stopHub();
        return void this.trace.push(`${this.where} hub goes down`);
      case 'hub-up':
        if (this.hub) return void this.trace.push(`${this.where} hub already up`);
        this.stats.hubRestarts++;
        await this.startHub(this.hubDataDir);
        return void this.trace.push(`${this.where} hub comes back on its data at ${this.hubUrl}`);
      case 'hub-restart': {
        this.stats.hubRestarts++;
        const port = this.hub?.port;
        await this.stopHub();
        await this.startHub(this.hubDataDir, step.samePort ? port : undefined);
        return void this.trace.push(`${this.where} hub restarts at ${this.hubUrl}`);
      }
      case 'hub-restart-mid-sync':
        return this.restartMidSync(copy(step.by), step.afterMs, step.wipe ?? false);
      case 'edit-during-sync':
        return this.editDuringSync(copy(step.by), step.edit, step.pick, step.afterMs);
      case 'hub-wipe':
        this.stats.hubWipes++;
        await this.stopHub();
        this.hubDataDir = tempDir('muster-hub-');
        this.hubHolds = new Set();
        await this.startHub(this.hubDataDir);
        return void this.trace.push(
          `${this.where} hub loses its data folder, restarts empty at ${this.hubUrl}`,
        );
    }
  }

  /** Hub up, everyone online, two rounds of syncing; then every copy must agree and hold everything. */
  async healAndCheck(): Promise<CopySnapshot> {
    this.where = 'heal';
    this.trace.push('--- heal: hub up, everyone online, two rounds of syncing ---');
    if (!this.hub) await this.startHub(this.hubDataDir);
    for (const c of this.copies) c.online = true;
    // One by one, so that the hub ends up with everything; then all at once, so that everyone gets it.
    for (const c of this.copies) await this.syncTogether([c]);
    await this.syncTogether(this.copies);

    const snapshots = await Promise.all(this.copies.map((c) => snapshotOf(c.core)));
    const [first] = snapshots;
    for (const [i, snapshot] of snapshots.entries()) {
      const who = this.copies[i]!.label;
      expect(snapshot.list, `${who}'s board differs from ${this.copies[0]!.label}'s`).toEqual(first!.list);
      expect(snapshot.records, `${who}'s incident records differ from ${this.copies[0]!.label}'s`).toEqual(
        first!.records,
      );
    }
    const board = first!.list.map((i) => i.id).sort();
    expect(board, 'the board lists exactly the incidents members created').toEqual(
      [...this.incidents].sort(),
    );
    for (const [id, record] of Object.entries(first!.records)) {
      expect(record.untrustedEvents, `untrusted events on ${this.label(id)}`).toEqual([]);
    }
    for (const ack of this.acknowledged) {
      const timeline = first!.records[ack.incidentId]?.timeline.map((e) => e.eventId) ?? [];
      expect(timeline, `${ack.what} (acknowledged to ${this.copies[ack.by]!.label}) is missing`).toContain(
        ack.eventId,
      );
    }
    return first!;
  }

  /** A member enrolled now, on a fresh copy, gets everything from the hub alone. */
  async checkLateJoiner(expected: CopySnapshot): Promise<void> {
    const admin = this.copies[0]!;
    const late = await enrolMember(admin.core, { department: 'it', role: 'responder', user: 'Lea Late' });
    try {
      const result = (await late.core.call('syncNow', {
        hubs: [this.hubUrl],
        timeoutMs: SYNC_TIMEOUT_MS,
      })) as SyncResult;
      this.trace.push(`late joiner synced: ${JSON.stringify(result)}`);
      const snapshot = await snapshotOf(late.core);
      expect(snapshot.list, 'a late joiner sees a different board').toEqual(expected.list);
      expect(snapshot.records, 'a late joiner sees different records').toEqual(expected.records);
    } finally {
      late.core.close();
    }
  }

  async close(): Promise<void> {
    await this.stopHub();
    for (const c of this.copies) c.core.close();
  }

  private label(incidentId: string): string {
    const n = this.incidents.indexOf(incidentId);
    return n === -1 ? incidentId : `I${n}`;
  }

  /**
   * Starts the hub on `dataDir`: on `port` if given, else on a new port (the OS tends to hand back the port
   * just freed, so the old one is held while the hub starts: members must really be told the new URL).
   */
  private async startHub(dataDir: string, port?: number): Promise<void> {
    const log = (line: string) => this.hubLog.push(`${this.where} ${line}`);
    const previous = port ? undefined : this.hubUrl && Number(new URL(this.hubUrl).port);
    const hold = previous ? await holdPort(previous) : undefined;
    try {
      this.hub = await hubFor(this.workspaces, { dataDir, log, ...(port ? { port } : {}) });
    } catch (error) {
      if (!port || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      this.trace.push(`  port ${port} was taken; hub moves to a new port`);
      this.hub = await hubFor(this.workspaces, { dataDir, log });
    } finally {
      await hold?.();
    }
    this.hubUrl = this.hub.url;
  }

  private async stopHub(): Promise<void> {
    await this.hub?.close();
    this.hub = null;
  }

  private async syncTogether(copies: Copy[]): Promise<void> {
    const online = copies.filter((c) => c.online);
    const offline = copies.filter((c) => !c.online).map((c) => c.label);
    if (offline.length) this.trace.push(`${this.where} ${offline.join(', ')}: offline, cannot sync`);
    if (online.length === 0) return;
    const names = online.map((c) => c.label).join(' + ');
    if (!this.hub) {
      // The hub is gone: syncing fails (or, if another server took the port, never settles).
      for (const c of online) {
        const outcome = await c.core.call('syncNow', { hubs: [this.hubUrl], timeoutMs: 1000 }).then(
          (r) => (r as SyncResult).inSync,
          () => 'refused',
        );
        expect(outcome, `${c.label} synced with a hub that is down`).not.toBe(true);
        this.stats.failedSyncs++;
      }
      return void this.trace.push(`${this.where} ${names}: sync fails, hub is down`);
    }
    const before = new Set(this.hubHolds);
    const started = Date.now();
    const results = await Promise.all(online.map((c) => this.syncNow(c)));
    this.trace.push(
      `${this.where} ${names} sync (${results.map((r) => (r instanceof Error ? 'failed' : `${r.rooms} rooms`)).join(', ')}; ${Date.now() - started} ms)`,
    );
    for (const [i, c] of online.entries()) {
      const result = results[i]!;
      if (result instanceof Error) throw await this.unreachable(c, result);
      await this.expectSettled(c, result);
      for (const id of c.holds) this.hubHolds.add(id);
      for (const id of before) c.holds.add(id);
    }
    // Each copy must now hold at least what it held plus what the hub held before it synced.
    for (const c of online) {
      const listed = (await c.core.call('listIncidents', {})) as IncidentSummary[];
      for (const i of listed) c.known.add(i.id);
      await this.expectHolds(c);
    }
  }

  private async editDuringSync(c: Copy, kind: EditKind, pick: number, afterMs: number): Promise<void> {
    if (!this.hub || !c.online) return this.edit(c, kind, pick);
    const before = new Set(this.hubHolds);
    const held = new Set(c.holds);
    const started = Date.now();
    const syncing = this.syncNow(c);
    await new Promise((resolve) => setTimeout(resolve, afterMs));
    await this.edit(c, kind, pick);
    const result = await syncing;
    if (result instanceof Error) throw await this.unreachable(c, result);
    this.trace.push(
      `${this.where} ... made ${afterMs} ms into ${c.label}'s sync (${result.rooms} rooms; ${Date.now() - started} ms)`,
    );
    await this.expectSettled(c, result);
    // The edit may or may not have gone out with this sync; what the copy held before it did.
    for (const id of held) this.hubHolds.add(id);
    for (const id of before) c.holds.add(id);
    const listed = (await c.core.call('listIncidents', {})) as IncidentSummary[];
    for (const i of listed) c.known.add(i.id);
    await this.expectHolds(c);
  }

  private async restartMidSync(c: Copy, afterMs: number, wipe: boolean): Promise<void> {
    if (!this.hub || !c.online)
      return this.step(wipe ? { do: 'hub-wipe' } : { do: 'hub-restart', samePort: true });
    if (wipe) this.stats.hubWipes++;
    else this.stats.hubRestarts++;
    const port = this.hub.port;
    let restarting = false;
    let endedFirst = false;
    const syncing = this.syncNow(c).then((result) => {
      endedFirst = !restarting;
      return result;
    });
    await new Promise((resolve) => setTimeout(resolve, afterMs));
    restarting = true;
    const heldBefore = new Set(this.hubHolds);
    await this.stopHub();
    if (wipe) {
      this.hubDataDir = tempDir('muster-hub-');
      this.hubHolds = new Set();
    }
    await this.startHub(this.hubDataDir, port);
    const started = Date.now();
    // The hub may have gone down before the sync first looked for it: it fails, as with any hub that is down.
    const result = await syncing;
    if (result instanceof Error && !(result instanceof MusterError && result.code === 'precondition'))
      throw result;
    const what = result instanceof Error ? `failed (${result.message})` : JSON.stringify(result);
    this.trace.push(
      `${this.where} hub ${wipe ? 'loses its data and restarts empty' : 'restarts'} at ${this.hubUrl} ${afterMs} ms into ${c.label}'s sync, which ${endedFirst ? 'had ended' : `ends ${Date.now() - started} ms later`}: ${what}`,
    );
    if (result instanceof Error) return void this.stats.failedSyncs++;
    expect(result, `${c.label}'s sync did not ride out the hub restart`).toMatchObject({ inSync: true });
    if (endedFirst) {
      // An ordinary sync, then the restart (which loses what the hub held if it is a wipe).
      for (const id of heldBefore) c.holds.add(id);
      if (!wipe) for (const id of c.holds) this.hubHolds.add(id);
    } else {
      // It rode out the restart: the hub that came back holds what this copy holds; the copy got at least
      // what that hub held (nothing, after a wipe).
      if (!wipe) for (const id of heldBefore) c.holds.add(id);
      for (const id of c.holds) this.hubHolds.add(id);
    }
    const listed = (await c.core.call('listIncidents', {})) as IncidentSummary[];
    for (const i of listed) c.known.add(i.id);
    await this.expectHolds(c);
  }

  /** `syncNow` with the current hub; a failure is returned (never an unhandled rejection while we wait). */
  /** `syncNow` with the current hub; a failure is returned (never an unhandled rejection while we wait). */
  private syncNow(c: Copy): Promise<SyncResult | Error> {
    return (
      c.core.call('syncNow', { hubs: [this.hubUrl], timeoutMs: SYNC_TIMEOUT_MS }) as Promise<SyncResult>
    ).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
  }

  /** The sync settled; if not, the failure says what each room's stored sync state is. */
  private async expectSettled(c: Copy, result: SyncResult): Promise<void> {
    if (result.hub === this.hubUrl && result.inSync) return;
    const status = (await c.core.call('getSyncStatus', {})) as SyncStatus;
    const rooms = status.rooms.map(
      (r) =>
        `${this.label(r.room.replace('incident:', ''))} ${r.state} pending=${r.pendingChanges} error=${r.lastError ?? '-'}`,
    );
    const again = await this.syncNow(c);
    rooms.push(
      `a second sync right after: ${again instanceof Error ? again.message : JSON.stringify(again)}`,
    );
    expect(result, `${c.label}'s sync did not settle; rooms now:\n${rooms.join('\n')}`).toMatchObject({
      hub: this.hubUrl,
      inSync: true,
    });
  }

  /** A sync failed although the hub is up: says what the hub's health endpoint answers now. */
  private async unreachable(c: Copy, error: Error): Promise<Error> {
    const started = Date.now();
    const health = await fetch(`${this.hubUrl.replace(/^ws/, 'http')}/healthz`, {
      signal: AbortSignal.timeout(3000),
    })
      .then(async (response) => `${response.status} ${await response.text()}`)
      .catch(
        (failure: unknown) =>
          `failed: ${failure instanceof Error ? `${failure.message} ${String(failure.cause)}` : String(failure)}`,
      );
    error.message = `${c.label}'s sync failed while the hub is up (${error.message}); /healthz now: ${health} after ${Date.now() - started} ms`;
    return error;
  }

  private async expectHolds(c: Copy): Promise<void> {
    const byIncident = new Map<string, string[]>();
    for (const id of c.holds) {
      const incidentId = this.incidentOf.get(id)!;
      byIncident.set(incidentId, [...(byIncident.get(incidentId) ?? []), id]);
    }
    for (const [incidentId, ids] of byIncident) {
      const detail = (await c.core.call('showIncident', { id: incidentId }).catch((error: unknown) => {
        throw new Error(
          `${c.label} cannot show ${this.label(incidentId)}, whose events it holds: ${String(error)}`,
        );
      })) as IncidentDetail;
      const present = new Set([
        ...detail.timeline.map((e) => e.eventId),
        ...detail.untrustedEvents.map((e) => e.eventId),
      ]);
      const missing = ids.filter((id) => !present.has(id));
      expect(missing, `${c.label} lacks events of ${this.label(incidentId)} it must hold`).toEqual([]);
    }
  }

  private async edit(c: Copy, kind: EditKind, pick: number): Promise<void> {
    const known = this.incidents.filter((id) => c.known.has(id));
    if (kind === 'create' || known.length === 0) return this.create(c, pick);
    // Half the picks go to the oldest incident the member knows (the shared one), so edits meet.
    const incidentId = known[pick % 2 ? 0 : (pick >> 1) % known.length]!;
    const before = (await c.core.call('showIncident', { id: incidentId })) as IncidentDetail;
    const tag = `${c.label} ${kind} on ${this.label(incidentId)}`;
    const seq = this.seq++;
    let method: string;
    let params: Record<string, unknown>;
    switch (kind) {
      case 'note':
        [method, params] = ['addLogEntry', { text: `note ${seq} from ${c.label}` }];
        break;
      case 'status': {
        const moves = [
          ...LIFECYCLE[before.status].map((to) => ({ to })),
          ...(REOPEN_FROM.includes(before.status) ? REOPEN_TO.map((to) => ({ to, reopen: true })) : []),
        ];
        [method, params] = ['changeIncidentStatus', moves[pick % moves.length]!];
        break;
      }
      case 'task': {
        const responsible = { kind: 'department', id: SCHEDULE_MEMBERS[pick % 4]!.department };
        [method, params] = [
          'createTask',
          { title: `task ${seq} from ${c.label}`, responsible: [responsible] },
        ];
        break;
      }
      case 'task-state': {
        const task = before.tasks[pick % Math.max(1, before.tasks.length)];
        if (!task) return void this.trace.push(`${this.where} ${tag}: no task to change`);
        const action = (['acknowledge', 'complete', 'cancel', 'reopen'] as const)[(pick >> 2) % 4];
        [method, params] = ['changeTaskState', { taskId: task.id, action }];
        break;
      }
      case 'update':
        [method, params] = [
          'updateIncident',
          pick % 2
            ? { severity: SEVERITIES[(pick >> 1) % SEVERITIES.length] }
            : { title: `title ${seq} from ${c.label}` },
        ];
        break;
      case 'assign':
        [method, params] = [
          'assignIncidentRole',
          {
            role: 'incident-commander',
            holder: pick % 2 ? { kind: 'department', id: c.department } : { kind: 'member', id: c.memberId },
          },
        ];
        break;
      case 'resolve': {
        const open = before.conflicts.filter((x) => x.status === 'open');
        const conflict = open[pick % Math.max(1, open.length)];
        if (!conflict) return void this.trace.push(`${this.where} ${tag}: no open conflict`);
        const chosen = conflict.candidates[(pick >> 1) % conflict.candidates.length]!;
        [method, params] = ['resolveConflict', { conflictId: conflict.id, chosenEventId: chosen.eventId }];
        break;
      }
    }
    let record: IncidentRecord;
    try {
      record = (await c.core.call(method, { id: incidentId, ...params })) as IncidentRecord;
    } catch (error) {
      if (error instanceof MusterError && REFUSALS.has(error.code)) {
        this.stats.refusedEdits++;
        return void this.trace.push(
          `${this.where} ${tag} ${JSON.stringify(params)}: refused (${error.message})`,
        );
      }
      throw error;
    }
    const seen = new Set(before.timeline.map((e) => e.eventId));
    const added = record.timeline.filter((e) => !seen.has(e.eventId));
    expect(
      added.map((e) => e.actor),
      `${tag} should add exactly one event, by ${c.label}`,
    ).toEqual([c.memberId]);
    this.acknowledge(c, incidentId, added[0]!.eventId, `${tag} ${JSON.stringify(params)}`);
  }

  private async create(c: Copy, pick: number): Promise<void> {
    const label = `I${this.incidents.length}`;
    const summary = (await c.core.call('createIncident', {
      title: `${label} from ${c.label}`,
      severity: SEVERITIES[pick % SEVERITIES.length],
    })) as IncidentSummary;
    const detail = (await c.core.call('showIncident', { id: summary.id })) as IncidentDetail;
    this.incidents.push(summary.id);
    c.known.add(summary.id);
    expect(detail.created?.actor).toBe(c.memberId);
    this.acknowledge(c, summary.id, detail.created!.eventId, `${c.label} create ${label}`);
  }

  private acknowledge(c: Copy, incidentId: string, eventId: string, what: string): void {
    if (!c.online || !this.hub) this.stats.offlineEdits++;
    this.acknowledged.push({ by: c.index, incidentId, eventId, what });
    this.incidentOf.set(eventId, incidentId);
    c.holds.add(eventId);
    this.trace.push(`${this.where} ${what}: ok`);
  }
}

/** Listens on `port` (if it is free) until the returned function is called. */
async function holdPort(port: number): Promise<(() => Promise<void>) | undefined> {
  const server = createServer();
  const held = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => resolve(true));
  });
  return held ? () => new Promise<void>((resolve) => server.close(() => resolve())) : undefined;
}

/** The board and every listed incident's record, as `core` shows them. */
export async function snapshotOf(core: Core): Promise<CopySnapshot> {
  const list = (await core.call('listIncidents', {})) as IncidentSummary[];
  const records: Record<string, IncidentDetail> = {};
  for (const { id } of list) records[id] = (await core.call('showIncident', { id })) as IncidentDetail;
  return { list, records };
}

/*
 * Raw hub clients, for tests that speak the y-websocket wire protocol themselves (hub-hostile,
 * hub-http, hub-update-check). Imported under their own names here so this block stays
 * self-contained while the rest of the file changes.
 */
import { randomUUID as freshId } from 'node:crypto';
import { join as joinPath } from 'node:path';
import { WebSocket as RawSocket } from 'ws';
import * as Yjs from 'yjs';
import { STORE_FILE as MEMBER_STORE_FILE } from '../../electron/core/core';
import { openStore as openMemberStore } from '../../electron/core/db/open';
import {
  issueDeviceCertificate as certifyDevice,
  issueMemberCertificate as certifyMember,
} from '../../electron/core/identity/certificates';
import {
  exportPublicKey as publicKeyText,
  generateKeyPair as newKeyPair,
  type KeyObject as PrivateKey,
} from '../../electron/core/identity/keys';
import {
  authorizationFor as signHubToken,
  type DeviceCredentials as HubCredentials,
} from '../../electron/core/sync/hub-auth';
import {
  readClientMessage as readFrame,
  updateMessage as updateFrame,
  type ClientMessage as WireMessage,
} from '../../electron/core/sync/protocol';
import { signEvent as signProbe } from '../../electron/core/identity/event-signing';
import { requireLocalIdentity as readIdentity } from '../../electron/core/workspace/local-identity';
import type { EventEnvelope as SignedEvent } from '../../shared/events';
import { createClock as probeClock, format as formatStamp, tick as tickClock } from '../../shared/hlc';
import { DEFAULT_DEPARTMENTS as STANDARD_DEPARTMENTS } from '../../shared/identity';

/** The device credentials of the copy in `dataDir`, read beside its open core (WAL allows it). */
export function credentialsFor(dataDir: string): HubCredentials & { workspaceId: string } {
  const store = openMemberStore(joinPath(dataDir, MEMBER_STORE_FILE));
  try {
    const { workspace, member, device, deviceKey } = readIdentity(store);
    return { workspaceId: workspace.id, member, device, deviceKey };
  } finally {
    store.close();
  }
}

/**
 * A workspace made with the certificate functions `init`/`invite`/`join` use, without cores or
 * data folders: `member(role)` certifies a new member and one device, for raw hub clients.
 */
export function certifiedWorkspace(name = 'City of Riverton'): {
  workspace: WorkspacePublic;
  workspaceKey: PrivateKey;
  member(role: Role, department?: string, user?: string): HubCredentials;
} {
  const keys = newKeyPair();
  const workspace: WorkspacePublic = {
    id: freshId(),
    name,
    publicKey: publicKeyText(keys.publicKey),
    departments: [...STANDARD_DEPARTMENTS],
  };
  let count = 0;
  return {
    workspace,
    workspaceKey: keys.privateKey,
    member(role, department = 'traffic', user = `Member ${++count}`) {
      const memberKeys = newKeyPair();
      const certificate = certifyMember(
        { identity: workspace, privateKey: keys.privateKey },
        { memberId: freshId(), user, department, role, memberKey: publicKeyText(memberKeys.publicKey) },
      );
      const deviceKeys = newKeyPair();
      const device = certifyDevice(
        { certificate, privateKey: memberKeys.privateKey },
        { deviceId: freshId(), deviceKey: publicKeyText(deviceKeys.publicKey) },
      );
      return { member: certificate, device, deviceKey: deviceKeys.privateKey };
    },
  };
}

/** The path of a room's WebSocket on a hub (what a token for it is signed for). */
export const roomPath = (workspaceId: string, room: string) => `/w/${workspaceId}/${room}`;

/** A bare `ws` client of one hub room, for sending hand-made (or hostile) frames. */
export type RawClient = {
  socket: RawSocket;
  /** The Authorization header it connected with. */
  authorization: string | undefined;
  /** Every binary frame the hub sent, in order. */
  frames: Uint8Array[];
  /** The frames decoded (the y-websocket format is the same both ways). */
  messages(): WireMessage[];
  /** How the connection ended, once it has. */
  closed: Promise<{ code: number; reason: string }>;
  isOpen(): boolean;
  send(frame: Uint8Array | string): void;
};

export type UpgradeOutcome = { status: 101; client: RawClient } | { status: number; client?: undefined };

/**
 * Opens a WebSocket to `urlPath` on the hub and reports the HTTP status of the upgrade. Credentials
 * are turned into a fresh token; a string is sent as the Authorization header as it is; undefined
 * sends none.
 */
export function tryConnect(
  hubUrl: string,
  urlPath: string,
  authorization: HubCredentials | string | undefined,
): Promise<UpgradeOutcome> {
  const header = typeof authorization === 'object' ? signHubToken(authorization, urlPath) : authorization;
  const socket = new RawSocket(
    `${hubUrl}${urlPath}`,
    header === undefined ? {} : { headers: { authorization: header } },
  );
  onTestFinished(() => socket.terminate());
  const frames: Uint8Array[] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') })),
  );
  socket.on('message', (data, isBinary) => {
    if (isBinary) frames.push(new Uint8Array(data as Buffer));
  });
  return new Promise((resolve, reject) => {
    socket.on('unexpected-response', (request, response) => {
      response.resume();
      request.destroy();
      resolve({ status: response.statusCode ?? 0 });
    });
    socket.on('error', reject);
    socket.on('open', () =>
      resolve({
        status: 101,
        client: {
          socket,
          authorization: header,
          frames,
          messages: () => frames.map((frame) => readFrame(frame)),
          closed,
          isOpen: () => socket.readyState === RawSocket.OPEN,
          send: (frame) => socket.send(frame, { binary: typeof frame !== 'string' }),
        },
      }),
    );
  });
}

/** Like tryConnect, but the upgrade must succeed. */
export async function connectRaw(
  hubUrl: string,
  urlPath: string,
  authorization: HubCredentials | string | undefined,
): Promise<RawClient> {
  const outcome = await tryConnect(hubUrl, urlPath, authorization);
  if (!outcome.client) throw new Error(`hub refused the upgrade to ${urlPath} with ${outcome.status}`);
  return outcome.client;
}

/** Polls `condition` every few milliseconds; fails naming `what` if it does not hold in time. */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A document holding everything the hub sent `client` (sync step 2s and updates). */
export function documentOf(client: RawClient): Yjs.Doc {
  const doc = new Yjs.Doc();
  for (const message of client.messages()) {
    if (message.kind === 'sync-step-2' || message.kind === 'update') Yjs.applyUpdate(doc, message.update);
  }
  return doc;
}

/** The state vectors the hub sent `client` as sync step 1s: its greeting, then acknowledgements. */
export const stateVectorsSentTo = (client: RawClient): Map<number, number>[] =>
  client.messages().flatMap((m) => (m.kind === 'sync-step-1' ? [Yjs.decodeStateVector(m.stateVector)] : []));

/**
 * A well-behaved write: an event with id `key`, stamped and signed by `signer`'s device as its
 * copy would (the hub refuses anything else, see electron/core/sync/hub/write-policy.ts).
 */
export function probeEvent(
  key: string,
  signer: HubCredentials,
  payload: unknown = {},
  type = 'probe.written',
): SignedEvent {
  const { member, device, deviceKey } = signer;
  return signProbe(
    {
      id: key,
      type,
      hlc: formatStamp(tickClock(probeClock(device.deviceId), Date.now())),
      actor: member.memberId,
      department: member.department,
      payload,
    },
    device.deviceId,
    deviceKey,
  );
}

/**
 * One Yjs update that adds the signed event `key` to a room's `events` map, the client id that
 * wrote it and the event. `doc` (default: a fresh one) is the document it is written in.
 */
export function probeUpdate(
  key: string,
  signer: HubCredentials,
  doc = new Yjs.Doc(),
): { update: Uint8Array; clientID: number; event: SignedEvent } {
  const event = probeEvent(key, signer);
  const updates: Uint8Array[] = [];
  const listen = (update: Uint8Array) => updates.push(update);
  doc.on('update', listen);
  doc.getMap('events').set(key, event);
  doc.off('update', listen);
  return { update: updates[0]!, clientID: doc.clientID, event };
}

/** Whether the hub has sent `client` this event (under its id, with its signature). */
export const hasEvent = (client: RawClient, event: Pick<SignedEvent, 'id' | 'sig'>): boolean =>
  (documentOf(client).getMap('events').get(event.id) as SignedEvent | undefined)?.sig === event.sig;

/**
 * Sends `update` on `client` (after the hub's greeting) and waits for the hub's answer:
 * 'acknowledged' (a state vector sent after it, covering `clientID` past `clock` when given) or how
 * it closed the connection.
 */
export async function sendUpdate(
  client: RawClient,
  update: Uint8Array,
  covers?: { clientID: number; clock: number },
): Promise<'acknowledged' | { code: number; reason: string }> {
  let closed: { code: number; reason: string } | undefined;
  void client.closed.then((how) => (closed = how));
  await waitUntil(() => stateVectorsSentTo(client).length > 0 || closed !== undefined, "the hub's greeting");
  const before = stateVectorsSentTo(client).length;
  client.send(updateFrame(update));
  const acknowledged = () =>
    stateVectorsSentTo(client)
      .slice(before)
      .some((sv) => covers === undefined || (sv.get(covers.clientID) ?? 0) > covers.clock);
  await waitUntil(() => acknowledged() || closed !== undefined, 'the hub to take or refuse an update');
  return acknowledged() ? 'acknowledged' : closed!;
}

/**
 * Checks the hub still serves well-behaved members: `writer` connects to `room` and writes a new
 * signed event, which the hub must acknowledge and pass on to `reader` (an open client, or
 * credentials to connect one). Throws saying what was missing otherwise.
 */
export async function expectHubServes(
  hub: Pick<Hub, 'url'>,
  options: { workspaceId: string; room: string; writer: HubCredentials; reader: HubCredentials | RawClient },
): Promise<void> {
  const urlPath = roomPath(options.workspaceId, options.room);
  const reader =
    'socket' in options.reader ? options.reader : await connectRaw(hub.url, urlPath, options.reader);
  const writer = await connectRaw(hub.url, urlPath, options.writer);
  try {
    const { update, clientID, event } = probeUpdate(`probe-${freshId()}`, options.writer);
    const outcome = await sendUpdate(writer, update, { clientID, clock: 0 });
    if (outcome !== 'acknowledged')
      throw new Error(`the hub refused a well-behaved update: ${outcome.code} ${outcome.reason}`);
    await waitUntil(() => hasEvent(reader, event), 'a well-behaved update to reach another member');
  } finally {
    writer.socket.close();
    if (reader !== options.reader) reader.socket.close();
  }
}

/** The value of one series of the hub's metrics, e.g. `name{kind="update"}` (0 before it is counted). */
export function metricValue(hub: Pick<Hub, 'metrics'>, series: string): number {
  const line = hub.metrics
    .render()
    .split('\n')
    .find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}
