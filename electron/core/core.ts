import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { version } from '../../package.json';
import {
  contract,
  isMethodName,
  type AppInfo,
  type Handlers,
  type MusterEvent,
  type WhoAmI,
  type Unsubscribe,
} from '../../shared/contract';
import type { IncidentSummary } from '../../shared/incident';
import { describeIssues } from '../../shared/validation';
import { openStore, type Store } from './db/open';
import { MusterError } from './errors';
import { getIncidentSummary, listIncidentSummaries, searchIncidents } from './incidents/projection';
import { createIncidentService } from './incidents/service';
import { createPlaybookService } from './playbooks/service';
import { createAttentionService } from './attention/service';
import { createMapService } from './map/service';
import { findAppRoot } from './app-root';
import { createBackupService } from './backup/service';
import { createSyncService } from './sync/sync-service';
import { createWorkspaceService } from './workspace/service';

export const STORE_FILE = 'muster.db';
/** How often long-running hosts look for unacknowledged playbook steps to escalate. */
export const ESCALATION_CHECK_MS = 30_000;

export type CoreOptions = {
  dataDir: string;
  host: AppInfo['host'];
  nativeBinding?: string;
  /**
   * Long-running hosts (desktop, serve) set this to notice what other processes write to the same
   * data folder, e.g. a CLI command, and push it to their windows. Checking costs two indexed reads.
   */
  watchIntervalMs?: number;
  /** Where a failed background check is reported. */
  log?: (line: string) => void;
  /**
   * Long-running hosts keep the copy in sync with the stored hubs in the background. Tests shorten
   * how often the hub list is checked.
   */
  sync?: { background: boolean; probeIntervalMs?: number };
  /**
   * Long-running hosts check this often for playbook steps nobody acknowledged in time and log
   * their escalation.
   */
  escalationIntervalMs?: number;
  /** The present, in ms: tests move it to see playbook deadlines pass. */
  clock?: () => number;
};

export type Core = {
  /**
   * The single entry point every host uses: checks that `method` exists and `params` pass its
   * schema before any handler runs, so a bad call changes nothing.
   */
  call(method: string, params: unknown): Promise<unknown>;
  onEvent(listener: (event: MusterEvent) => void): Unsubscribe;
  close(): void;
};

export function createCore(options: CoreOptions): Core {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const store: Store = openStore(path.join(options.dataDir, STORE_FILE), {
    nativeBinding: options.nativeBinding,
  });
  const listeners = new Set<(event: MusterEvent) => void>();
  const emit = (event: MusterEvent) => {
    for (const listener of listeners) listener(event);
  };

  const summaryOf = (id: string): IncidentSummary => {
    const summary = getIncidentSummary(store, id);
    if (!summary) throw new Error(`incident ${id} was not projected`);
    return summary;
  };
  const workspace = createWorkspaceService(store);
  const incidents = createIncidentService(store, workspace, (record) =>
    emit({ type: 'incident.changed', incident: summaryOf(record.incidentId) }),
  );
  const playbooks = createPlaybookService(store, workspace, incidents, {
    appRoot: findAppRoot(import.meta.url),
    now: options.clock,
    onRunChange: (run) => emit({ type: 'run.changed', run }),
  });
  const attention = createAttentionService(store, workspace, incidents, playbooks);
  const map = createMapService(store, workspace, { dataDir: options.dataDir, now: options.clock });
  const backups = createBackupService(store, {
    dataDir: options.dataDir,
    storeFile: path.join(options.dataDir, STORE_FILE),
    nativeBinding: options.nativeBinding,
    now: options.clock,
  });
  const sync = createSyncService(store, {
    dataDir: options.dataDir,
    background: options.sync?.background ?? false,
    probeIntervalMs: options.sync?.probeIntervalMs,
    log: options.log,
    onChange: (status) => emit({ type: 'sync.changed', status }),
  });
  const startSync = () =>
    sync
      .startBackground()
      .catch((error: unknown) =>
        options.log?.(`could not start syncing: ${error instanceof Error ? error.message : String(error)}`),
      );
  const announce = (me: WhoAmI) => {
    emit({ type: 'workspace.changed', me });
    void startSync();
    return me;
  };
  const run =
    (kind: string) =>
    ({ id, ...fields }: { id: string }) =>
      incidents.execute(id, { ...fields, kind });

  const handlers = {
    getAppInfo: () => ({ name: 'Muster', version, host: options.host }),
    whoAmI: () => workspace.whoAmI(),
    initWorkspace: (params) => announce(workspace.init(params)),
    inviteMember: (params) => workspace.invite(params),
    joinWorkspace: (params) => announce(workspace.join(params)),
    listMembers: () => workspace.listMembers(),
    addDepartment: (department) => workspace.addDepartment(department),
    revokeMember: (params) => workspace.revokeMember(params),
    getSyncStatus: () => sync.status(),
    setSyncHubs: ({ hubs }) => sync.setHubs(hubs),
    syncNow: ({ hubs, timeoutMs }) => sync.syncOnce(hubs, timeoutMs),
    setLanHosting: (params) => sync.setLanHosting(params),
    createIncident: (params) => {
      const { incidentId } = incidents.create(params);
      playbooks.autoStart(incidentId);
      return summaryOf(incidentId);
    },
    listIncidents: (filter) => {
      workspace.directory(); // no workspace yet: say so rather than show an empty board
      incidents.refreshProjections();
      return listIncidentSummaries(store, filter);
    },
    showIncident: ({ id }) => incidents.show(id),
    updateIncident: run('update'),
    changeIncidentStatus: run('status'),
    assignIncidentRole: run('assign-role'),
    createTask: run('create-task'),
    updateTask: run('update-task'),
    changeTaskState: ({ action, ...rest }) => run(`${action}-task`)(rest),
    addLogEntry: run('note'),
    linkIncidents: run('link'),
    unlinkIncidents: run('unlink'),
    resolveConflict: run('resolve-conflict'),
    searchIncidents: ({ query }) => {
      incidents.refreshProjections();
      return searchIncidents(store, query);
    },
    listPlaybooks: () => playbooks.list(),
    showPlaybook: ({ id, version }) => playbooks.show(id, version),
    validatePlaybook: ({ text }) => playbooks.validate(text),
    importPlaybook: ({ text }) => playbooks.publish(text),
    exportPlaybook: ({ id, version, format }) => playbooks.exportText(id, version, format),
    setPlaybookAutoStart: ({ id, enabled }) => playbooks.setAutoStart(id, enabled),
    suggestPlaybooks: ({ id }) => playbooks.suggest(id),
    startRun: (params) => playbooks.start(params),
    listRuns: (params) => playbooks.listRuns(params),
    showRun: ({ runId }) => playbooks.showRun(runId),
    changeRunStep: ({ runId, ...command }) => playbooks.step(runId, command),
    stopRun: ({ runId, reason }) => playbooks.stop(runId, reason),
    resolveRunConflict: ({ runId, ...command }) => playbooks.resolve(runId, command),
    purgeExercises: () => playbooks.purgeExercises(),
    getAttention: () => attention.list(),
    getMapSource: () => map.source(),
    setMapSource: ({ source }) => map.setSource(source),
    getMapTile: (tile) => map.tile(tile),
    getDataLocation: () => backups.location(),
    listBackups: () => backups.list(),
    backUpNow: () => backups.backUpNow(),
  } satisfies Handlers;

  const checkForChanges = incidents.watchChanges((id) => {
    const incident = getIncidentSummary(store, id);
    if (incident) emit({ type: 'incident.changed', incident });
  });
  /** A background check of a long-running host; a failure is logged and the next tick tries again. */
  const every = (ms: number | undefined, what: string, check: () => void) => {
    if (ms === undefined) return undefined;
    const timer = setInterval(() => {
      try {
        check();
      } catch (error) {
        // No workspace yet: nothing to check until there is one.
        if (error instanceof MusterError && error.code === 'precondition') return;
        options.log?.(`could not ${what}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }, ms);
    timer.unref();
    return timer;
  };
  const timers = [
    every(options.watchIntervalMs, 'check for changes', () => {
      checkForChanges();
      playbooks.refreshRuns();
    }),
    every(options.escalationIntervalMs, 'check playbook escalations', () => playbooks.escalate()),
  ];
  void startSync();

  return {
    async call(method, params) {
      if (!isMethodName(method)) throw new MusterError('unknown_method', `unknown method: ${method}`);
      const parsed = contract[method].params.safeParse(params ?? {});
      if (!parsed.success) throw new MusterError('invalid_params', describeIssues(parsed.error));
      // The schema and handler are looked up by the same key, so the pair always matches.
      const handler = handlers[method] as (params: unknown) => unknown;
      return handler(parsed.data);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      for (const timer of timers) clearInterval(timer);
      listeners.clear();
      // A LAN hub finishes closing on its own store; nothing of ours is in use after this call.
      void sync.close();
      store.close();
    },
  };
}
