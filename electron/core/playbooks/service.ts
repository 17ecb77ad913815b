/**
 * Playbooks in a workspace (issue 5): the library (defaults plus published versions), runs started
 * on incidents, their steps, escalations, automatic starts and exercises.
 *
 * A run's events go into its incident's room, so they sync and merge with the incident; an
 * exercise's go into a room of its own (`exercise:<run id>`), so that purging it removes every trace
 * without touching the real incident. Every run read is a fresh fold of verified events at the
 * present moment (runs have deadlines, so their state moves with time).
 */
import { randomUUID } from 'node:crypto';
import { stringify } from 'yaml';
import type {
  PlaybookDetail,
  PlaybookSuggestion,
  PlaybookSummary,
  PlaybookValidation,
  RunSummary,
} from '../../../shared/contract';
import type { EventEnvelope } from '../../../shared/events';
import { PlanError, type Actor, type IncidentRecord } from '../../../shared/incident-record';
import {
  checkPlaybook,
  foldRuns,
  matchTriggers,
  parsePlaybook,
  planEscalations,
  planRunResolve,
  planRunStart,
  planRunStep,
  planRunStop,
  STEP_KINDS,
  type PlaybookTemplate,
  type RunRecord,
  type StepCommand,
} from '../../../shared/playbook';
import type { Store } from '../db/open';
import { openRoom, purgeRoom } from '../docs/room-store';
import { MusterError } from '../errors';
import { partitionVerified } from '../identity/event-signing';
import { planErrorToMuster, membersOf, type IncidentService } from '../incidents/service';
import { createAuthor } from '../workspace/author';
import type { WorkspaceService } from '../workspace/service';
import {
  autoStartSettings,
  builtInPlaybooks,
  libraryEntries,
  purgedExerciseRuns,
  type LibraryEntry,
} from './library';
import {
  EXERCISE_ROOM_PREFIX,
  exerciseRoom,
  findRun,
  forgetRun,
  indexRuns,
  listRunLocations,
  roomsToIndex,
  type RunLocation,
} from './run-index';

export type PlaybookServiceOptions = {
  appRoot: string;
  /** The present, in ms; tests move it to see deadlines pass. */
  now?: () => number;
  /** IANA zone for calendar-day deadlines of runs started here. */
  timeZone?: string;
  onRunChange?: (run: RunSummary) => void;
};

const localTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

export function summariseRun(run: RunRecord): RunSummary {
  return {
    runId: run.runId,
    incidentId: run.incidentId,
    playbook: run.playbook,
    exercise: run.exercise,
    automatic: run.automatic,
    status: run.status,
    startedAt: run.startedAt,
    now: run.now,
    counts: run.counts,
    current: run.steps
      .filter((s) => ['ready', 'in-progress', 'blocked', 'conflict'].includes(s.state))
      .map((s) => ({ id: s.id, title: s.title, state: s.state, dueAt: s.dueAt, overdue: s.overdue })),
  };
}

export function createPlaybookService(
  db: Store,
  workspace: WorkspaceService,
  incidents: IncidentService,
  options: PlaybookServiceOptions,
) {
  const now = options.now ?? Date.now;

  const actorOf = (): Actor => {
    const { member } = workspace.directory().identity;
    return { id: member.memberId, role: member.role, department: member.department };
  };

  const plan = <T>(work: () => T): T => {
    try {
      return work();
    } catch (error) {
      if (error instanceof PlanError) throw planErrorToMuster(error);
      throw error;
    }
  };

  // --- library -------------------------------------------------------------------------------------

  const library = () => {
    const { directory, events, departments } = workspace.directory();
    return {
      entries: libraryEntries(builtInPlaybooks(options.appRoot), events, directory),
      autoStart: autoStartSettings(events, directory),
      departments: departments.map((d) => d.id),
    };
  };

  const summarise = (
    entry: LibraryEntry,
    all: readonly LibraryEntry[],
    autoStart: boolean,
  ): PlaybookSummary => {
    const { template } = entry;
    const kinds: PlaybookSummary['kinds'] = {};
    for (const kind of STEP_KINDS) {
      const count = template.steps.filter((s) => s.kind === kind).length;
      if (count) kinds[kind] = count;
    }
    return {
      id: template.id,
      version: template.version,
      title: template.title,
      description: template.description,
      source: entry.source,
      versions: all.filter((e) => e.template.id === template.id).map((e) => e.template.version),
      steps: template.steps.length,
      kinds,
      departments: [
        ...new Set(template.steps.flatMap((s) => (s.owner.department ? [s.owner.department] : []))),
      ].sort(),
      triggers: template.triggers.length,
      autoStart,
    };
  };

  /** The newest version of each playbook. */
  const latest = (entries: readonly LibraryEntry[]): LibraryEntry[] => {
    const byId = new Map<string, LibraryEntry>();
    for (const entry of entries) byId.set(entry.template.id, entry);
    return [...byId.values()];
  };

  const findEntry = (
    id: string,
    version?: number,
  ): { entry: LibraryEntry; lib: ReturnType<typeof library> } => {
    const lib = library();
    const versions = lib.entries.filter((e) => e.template.id === id);
    const entry =
      version === undefined ? versions.at(-1) : versions.find((e) => e.template.version === version);
    if (!entry) {
      throw new MusterError(
        'not_found',
        versions.length
          ? `playbook ${id} has no version ${version}; it has ${versions.map((e) => e.template.version).join(', ')}`
          : `no playbook ${id} in the library`,
      );
    }
    return { entry, lib };
  };

  const detail = (id: string, version?: number): PlaybookDetail => {
    const { entry, lib } = findEntry(id, version);
    return {
      ...summarise(entry, lib.entries, lib.autoStart.get(id)?.enabled ?? false),
      template: entry.template,
      published: entry.published,
    };
  };

  const validate = (text: string): PlaybookValidation => {
    let departments: string[] | undefined;
    try {
      departments = library().departments;
    } catch (error) {
      // Without a workspace there are no departments to check against: the defaults stand in.
      if (!(error instanceof MusterError)) throw error;
    }
    const parsed = parsePlaybook(text, { departments: departments ?? ['police', 'traffic', 'energy', 'it'] });
    if (!parsed.ok) return { ok: false, issues: parsed.issues, playbook: null };
    const { id, version, title, steps } = parsed.template;
    return { ok: true, issues: [], playbook: { id, version, title, steps: steps.length } };
  };

  // --- runs ----------------------------------------------------------------------------------------

  /** Brings the run index up to date with rooms written since, and applies purges from the directory. */
  const refreshRuns = (): void => {
    // Hosts call this every second: with nothing written since, it costs two indexed reads.
    const { rooms, advance } = roomsToIndex(db);
    if (rooms.length === 0) return;
    const { directory, events } = workspace.directory();
    for (const name of rooms) {
      if (!name.startsWith('incident:') && !name.startsWith(EXERCISE_ROOM_PREFIX)) continue;
      const room = openRoom(db, name);
      try {
        indexRuns(db, name, partitionVerified(room.events(), directory).valid);
      } finally {
        room.close();
      }
    }
    advance();
    // A purge may arrive before or after the exercise it names: both orders end with it gone.
    for (const runId of purgedExerciseRuns(events, directory)) {
      const location = findRun(db, runId);
      if (location?.exercise) dropExercise(location);
    }
  };

  const dropExercise = (location: RunLocation) => {
    purgeRoom(db, location.room);
    forgetRun(db, location.runId);
  };

  const locate = (runId: string): RunLocation => {
    let location = findRun(db, runId);
    if (!location) {
      refreshRuns();
      location = findRun(db, runId);
    }
    if (!location) throw new MusterError('not_found', `no playbook run ${runId}`);
    return location;
  };

  /**
   * Folds the runs stored in `location`'s room and hands `work` the run, the incident it belongs to,
   * and a writer for new events in that room.
   */
  const withRun = <T>(
    location: RunLocation,
    work: (run: RunRecord, incident: IncidentRecord, write: (planned: PlannedList) => void) => T,
  ): T =>
    incidents.withIncident(location.incidentId, ({ identity, room: incidentRoom, valid, record }) => {
      const room = location.exercise ? openRoom(db, location.room) : incidentRoom;
      try {
        const { directory } = workspace.directory();
        const events = location.exercise ? partitionVerified(room.events(), directory).valid : valid;
        const run = foldAt(events, record, directory).find((r) => r.runId === location.runId);
        if (!run)
          throw new MusterError('not_found', `playbook run ${location.runId} does not verify on this copy`);
        const write = (planned: PlannedList) => {
          const author = createAuthor(db, identity);
          author.observe(events);
          author.writeAll(room, planned);
        };
        return work(run, record, write);
      } finally {
        if (room !== incidentRoom) room.close();
      }
    });

  type PlannedList = ReadonlyArray<{ type: string; payload: unknown }>;
  type Directory = ReturnType<WorkspaceService['directory']>['directory'];

  const foldAt = (events: readonly EventEnvelope[], incident: IncidentRecord, directory: Directory) =>
    foldRuns(events, {
      incidentId: incident.incidentId,
      members: membersOf(directory),
      roles: incident.roles,
      now: now(),
    });

  /** The run as it stands now (read again after a write, so the caller sees the result). */
  const showRun = (runId: string): RunRecord => withRun(locate(runId), (run) => run);

  const changeRun = (runId: string, change: (run: RunRecord, incident: IncidentRecord) => PlannedList) => {
    const location = locate(runId);
    withRun(location, (run, incident, write) => write(plan(() => change(run, incident))));
    const updated = showRun(runId);
    options.onRunChange?.(summariseRun(updated));
    return updated;
  };

  const start = (
    incidentId: string,
    template: PlaybookTemplate,
    settings: { exercise: { speed: number } | null; timeZone?: string; automatic: { rule: string } | null },
  ): RunRecord => {
    const runId = randomUUID();
    const timeZone = settings.timeZone ?? options.timeZone ?? localTimeZone();
    const checked = checkPlaybook(template, { departments: library().departments });
    if (!checked.ok) {
      throw new MusterError(
        'precondition',
        `playbook ${template.id} v${template.version} does not fit this workspace: ${checked.issues
          .map((i) => `${i.path}: ${i.message}`)
          .join('; ')}`,
      );
    }
    incidents.withIncident(incidentId, ({ identity, room, valid, record }) => {
      const planned = plan(() =>
        planRunStart(record, template, actorOf(), {
          runId,
          timeZone,
          exercise: settings.exercise,
          automatic: settings.automatic,
        }),
      );
      const target = settings.exercise ? openRoom(db, exerciseRoom(runId)) : room;
      try {
        const author = createAuthor(db, identity);
        author.observe(valid);
        author.writeAll(target, planned);
      } finally {
        if (target !== room) target.close();
      }
    });
    refreshRuns();
    const run = showRun(runId);
    options.onRunChange?.(summariseRun(run));
    return run;
  };

  const runsOf = (locations: readonly RunLocation[]): RunRecord[] => {
    const runs: RunRecord[] = [];
    for (const location of locations) {
      try {
        runs.push(showRun(location.runId));
      } catch (error) {
        // A run whose incident has not arrived yet, or that no longer verifies, is left out of lists.
        if (!(error instanceof MusterError)) throw error;
      }
    }
    return runs;
  };

  const suggest = (incidentId: string): PlaybookSuggestion[] => {
    const incident = incidents.show(incidentId);
    const lib = library();
    refreshRuns();
    const running = runsOf(listRunLocations(db, incidentId));
    return latest(lib.entries).flatMap((entry) => {
      const rule = matchTriggers(entry.template, { incident });
      if (!rule) return [];
      return [
        {
          playbookId: entry.template.id,
          version: entry.template.version,
          title: entry.template.title,
          rule,
          autoStart: lib.autoStart.get(entry.template.id)?.enabled ?? false,
          running: running
            .filter((r) => r.playbook.id === entry.template.id && !r.exercise && r.status === 'active')
            .map((r) => r.runId),
        },
      ];
    });
  };

  return {
    list(): PlaybookSummary[] {
      const lib = library();
      return latest(lib.entries).map((e) =>
        summarise(e, lib.entries, lib.autoStart.get(e.template.id)?.enabled ?? false),
      );
    },

    show: detail,
    validate,

    /** Publishes a new version; a version already in the library is never replaced. */
    publish(text: string): PlaybookDetail {
      const actor = actorOf();
      if (actor.role !== 'commander' && actor.role !== 'admin') {
        throw new MusterError('forbidden', 'only a commander or an administrator can publish playbooks');
      }
      const lib = library();
      const parsed = parsePlaybook(text, { departments: lib.departments });
      if (!parsed.ok) {
        throw new MusterError(
          'invalid_params',
          `the playbook has ${parsed.issues.length} problem(s): ${parsed.issues
            .map((i) => `line ${i.line}:${i.column} ${i.path ? `${i.path}: ` : ''}${i.message}`)
            .join('; ')}`,
        );
      }
      const { id, version } = parsed.template;
      const newest = lib.entries.filter((e) => e.template.id === id).at(-1)?.template.version ?? 0;
      if (version <= newest) {
        throw new MusterError(
          'precondition',
          `playbook ${id} already has version ${newest}; publish it as version ${newest + 1} or later`,
        );
      }
      workspace.writeToDirectory('playbook.published', { template: parsed.template });
      return detail(id, version);
    },

    exportText(id: string, version: number | undefined, format: 'yaml' | 'json') {
      const { template } = detail(id, version);
      const text = format === 'json' ? `${JSON.stringify(template, null, 2)}\n` : stringify(template);
      return { fileName: `${template.id}-v${template.version}.${format}`, text };
    },

    setAutoStart(id: string, enabled: boolean): PlaybookSummary {
      if (actorOf().role !== 'admin') {
        throw new MusterError('forbidden', 'only an administrator can let playbooks start by themselves');
      }
      findEntry(id);
      workspace.writeToDirectory('playbook.autostart', { playbookId: id, enabled });
      const { entry, lib } = findEntry(id);
      return summarise(entry, lib.entries, lib.autoStart.get(id)?.enabled ?? false);
    },

    suggest,

    /** Starts the playbooks an administrator allowed to start by themselves, whose triggers match. */
    autoStart(incidentId: string): RunRecord[] {
      const lib = library();
      return suggest(incidentId)
        .filter((s) => s.autoStart && s.running.length === 0)
        .map((s) => {
          const entry = lib.entries.find(
            (e) => e.template.id === s.playbookId && e.template.version === s.version,
          )!;
          return start(incidentId, entry.template, { exercise: null, automatic: { rule: s.rule } });
        });
    },

    start(params: {
      incidentId: string;
      playbook: { id: string; version?: number };
      exercise?: { speed: number };
      timeZone?: string;
    }): RunRecord {
      const { entry } = findEntry(params.playbook.id, params.playbook.version);
      return start(params.incidentId, entry.template, {
        exercise: params.exercise ?? null,
        timeZone: params.timeZone,
        automatic: null,
      });
    },

    listRuns({ incidentId, active }: { incidentId?: string; active?: boolean }): RunSummary[] {
      refreshRuns();
      return runsOf(listRunLocations(db, incidentId))
        .filter((run) => !active || run.status === 'active')
        .map(summariseRun);
    },

    showRun,

    step(runId: string, command: StepCommand): RunRecord {
      return changeRun(runId, (run, incident) => [planRunStep(run, command, actorOf(), incident.roles)]);
    },

    stop(runId: string, reason: string): RunRecord {
      return changeRun(runId, (run) => [planRunStop(run, reason, actorOf())]);
    },

    resolve(runId: string, command: { stepId: string; chosenEventId: string; note?: string }): RunRecord {
      return changeRun(runId, (run) => [planRunResolve(run, command, actorOf())]);
    },

    /**
     * Logs the escalations that are due on active runs: steps nobody acknowledged within their
     * window. Any copy may notice first; the fold counts one escalation per step. A viewer's copy
     * only watches.
     */
    escalate(): RunRecord[] {
      if (actorOf().role === 'viewer') return [];
      refreshRuns();
      const escalated: RunRecord[] = [];
      for (const location of listRunLocations(db)) {
        let due = false;
        try {
          withRun(location, (run, _incident, write) => {
            const planned = planEscalations(run);
            if (planned.length) write(planned);
            due = planned.length > 0;
          });
        } catch (error) {
          if (!(error instanceof MusterError)) throw error;
          continue;
        }
        if (due) {
          const run = showRun(location.runId);
          options.onRunChange?.(summariseRun(run));
          escalated.push(run);
        }
      }
      return escalated;
    },

    /** Removes every exercise run here, and tells every other copy to (through the directory). */
    purgeExercises(): { purged: string[] } {
      const actor = actorOf();
      if (actor.role !== 'commander' && actor.role !== 'admin') {
        throw new MusterError('forbidden', 'only a commander or an administrator can purge exercises');
      }
      refreshRuns();
      const exercises = listRunLocations(db).filter((l) => l.exercise);
      if (exercises.length === 0) return { purged: [] };
      workspace.writeToDirectory('exercise.purged', { runIds: exercises.map((l) => l.runId) });
      for (const location of exercises) dropExercise(location);
      return { purged: exercises.map((l) => l.runId) };
    },

    refreshRuns,
  };
}

export type PlaybookService = ReturnType<typeof createPlaybookService>;
