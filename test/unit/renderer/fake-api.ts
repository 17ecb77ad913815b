import { vi } from 'vitest';
import type { AttentionItem } from '../../../shared/attention';
import type { BackupFile, BackupList, BackupResult, DataLocation } from '../../../shared/backup';
import type { MusterApi, MusterEvent, RunSummary, SearchHit, WhoAmI } from '../../../shared/contract';
import type { RunRecord } from '../../../shared/playbook';
import type { IncidentSummary } from '../../../shared/incident';
import type { MapSource, MapSourceSetting } from '../../../shared/map-source';
import { DEFAULT_DEPARTMENTS } from '../../../shared/identity';
import type { RoomSyncStatus, SyncStatus } from '../../../shared/sync';

/** An Ed25519 public key as the core encodes it: 32 bytes, base64url without padding. */
export const WORKSPACE_PUBLIC_KEY = 'CzBVep_E6Q4zWH2ix-wRNluApcrvFDleg6jN8hc8YYY';

export const me = (overrides: { user?: string; department?: string; workspace?: string } = {}): WhoAmI => ({
  workspace: {
    id: 'ws-1',
    name: overrides.workspace ?? 'City of Riverton',
    publicKey: WORKSPACE_PUBLIC_KEY,
    departments: [...DEFAULT_DEPARTMENTS],
  },
  member: {
    memberId: 'member-1',
    user: overrides.user ?? 'Ana Lindqvist',
    department: overrides.department ?? 'traffic',
    role: 'admin',
  },
  deviceId: 'device-1',
});

let clock = Date.parse('2026-03-01T08:00:00.000Z');

/** A board row as the core projects it; each call is a millisecond newer than the last. */
export const summary = (
  id: string,
  title: string,
  fields: Partial<IncidentSummary> = {},
): IncidentSummary => {
  const at = new Date((clock += 1)).toISOString();
  return {
    id,
    title,
    severity: 'critical',
    status: 'reported',
    category: 'Other',
    priority: 3,
    tlp: 'GREEN',
    leadDepartment: 'traffic',
    departments: ['traffic'],
    areaName: null,
    position: null,
    openConflicts: 0,
    createdAt: at,
    updatedAt: at,
    ...fields,
  };
};

/** A copy's sync status; by default a fresh workspace's: no hub set, nothing to sync. */
export const syncStatus = (fields: Partial<SyncStatus> = {}): SyncStatus => ({
  hubs: [],
  hub: null,
  lanHub: null,
  rooms: [],
  ...fields,
});

/** One room's sync state; by default online and in step with the hub. */
export const roomSync = (room: string, fields: Partial<RoomSyncStatus> = {}): RoomSyncStatus => ({
  room,
  state: 'online',
  since: '2026-03-01T07:00:00.000Z',
  hub: 'ws://hub.riverton.example:4871',
  pendingChanges: 0,
  acknowledgedAt: '2026-03-01T07:00:00.000Z',
  lastError: null,
  ...fields,
});

export const DATA_DIR = '/home/ana/.config/Muster';

/** A backup as the core lists it; the fake's clock moves a minute per backup. */
export const backupFile = (minute: number, bytes = 12_345_678): BackupFile => {
  const at = `2026-03-01T08:${String(minute).padStart(2, '0')}:00Z`;
  return { name: `muster-${at.replace(/:/g, '')}.db`, createdAt: at, bytes };
};

/**
 * A stand-in for the preload's window.muster: records calls, answers like the core does for the
 * methods the UI uses, and lets the test push events to every subscriber.
 */
export function fakeDesktopApi(
  options: {
    whoAmI?: WhoAmI | null;
    incidents?: IncidentSummary[];
    sync?: SyncStatus;
    mapSource?: MapSourceSetting;
    /** Newest first. */
    backups?: BackupFile[];
  } = {},
) {
  const listeners = new Set<(event: MusterEvent) => void>();
  const push = (event: MusterEvent) => {
    for (const listener of [...listeners]) listener(event);
  };
  let current = options.whoAmI === undefined ? me() : options.whoAmI;
  const backups = [...(options.backups ?? [])];
  const noWorkspace = () => new Error('no workspace in this data folder: create one or join one');

  const api = {
    getAppInfo: vi.fn(async () => ({ name: 'Muster', version: '0.0.0', host: 'desktop' as const })),
    whoAmI: vi.fn(async () => current),
    initWorkspace: vi.fn(async (params: { workspace: string; department: string; user: string }) => {
      if (!params.workspace.trim()) throw new Error('name must not be empty');
      current = me({
        workspace: params.workspace.trim(),
        department: params.department,
        user: params.user.trim(),
      });
      return current;
    }),
    joinWorkspace: vi.fn(async (params: { bundle: string }): Promise<WhoAmI> => {
      void params;
      throw new Error('this file is not a Muster enrolment bundle');
    }),
    listIncidents: vi.fn(async (): Promise<IncidentSummary[]> => {
      if (!current) throw noWorkspace();
      return options.incidents ?? [];
    }),
    createIncident: vi.fn(async (params: { title: string; severity: IncidentSummary['severity'] }) => {
      if (!params.title.trim()) throw new Error('title must not be empty');
      const created = summary('new', params.title.trim(), { severity: params.severity });
      push({ type: 'incident.changed', incident: created });
      return created;
    }),
    getAttention: vi.fn(async (): Promise<AttentionItem[]> => []),
    getMapSource: vi.fn(
      async (): Promise<MapSourceSetting> =>
        options.mapSource ?? { source: { kind: 'none' }, setBy: null, setAt: null, archivePresent: null },
    ),
    setMapSource: vi.fn(async ({ source }: { source: MapSource }): Promise<MapSourceSetting> => ({
      source,
      setBy: { memberId: 'member-1', user: 'Ana Lindqvist' },
      setAt: '2026-03-01T08:00:00.000Z',
      archivePresent: null,
    })),
    listRuns: vi.fn(async (): Promise<RunSummary[]> => []),
    showRun: vi.fn(async ({ runId }: { runId: string }): Promise<RunRecord> => {
      throw new Error(`no playbook run ${runId}`);
    }),
    searchIncidents: vi.fn(async (params: { query: string }): Promise<SearchHit[]> => {
      const words = params.query.toLowerCase();
      return (options.incidents ?? [])
        .filter((i) => i.title.toLowerCase().includes(words))
        .map((i) => ({ incidentId: i.id, title: i.title, kind: 'title', snippet: i.title }));
    }),
    getSyncStatus: vi.fn(async (): Promise<SyncStatus> => {
      if (!current) throw noWorkspace();
      return options.sync ?? syncStatus();
    }),
    getDataLocation: vi.fn(async (): Promise<DataLocation> => ({
      dataDir: DATA_DIR,
      storeFile: `${DATA_DIR}/muster.db`,
      storeBytes: 12_345_678,
      freeBytes: 48_000_000_000,
    })),
    listBackups: vi.fn(async (): Promise<BackupList> => ({
      folder: `${DATA_DIR}/backups`,
      keep: 10,
      backups: [...backups],
    })),
    backUpNow: vi.fn(async (): Promise<BackupResult> => {
      const backup = backupFile(backups.length);
      backups.unshift(backup);
      const removed = backups.splice(10).map((b) => b.name);
      return { backup, file: `${DATA_DIR}/backups/${backup.name}`, integrity: 'ok', removed };
    }),
    onEvent: (listener: (event: MusterEvent) => void) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
  return { api, push, subscribers: () => listeners.size };
}

export type FakeApi = ReturnType<typeof fakeDesktopApi>;

/** Installs the fake as window.muster, then runs `load` (which imports the UI) with a fresh module registry. */
export async function withFakeApi<T>(fake: FakeApi, load: () => Promise<T>): Promise<T> {
  window.muster = fake.api as unknown as MusterApi;
  vi.resetModules(); // api.ts picks its transport when first imported
  return load();
}
