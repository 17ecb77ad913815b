/**
 * The one API contract between the core and every host (Electron IPC, the serve host's WebSocket,
 * the CLI). Each method names the schema its params must pass at the boundary and the shape it
 * returns; pushed events are a discriminated union. Hosts and the preload derive everything from
 * `contract`, so a method added here is exposed everywhere or fails to compile.
 */
import { z } from 'zod';
import type { MethodName } from './api-surface';
import type { AttentionItem } from './attention';
import { INCIDENT_STATUSES, SEVERITIES, type IncidentSummary } from './incident';
import { categorySchema, commandSchemas, recordIdSchema, type IncidentRecord } from './incident-record';
import { departmentSchema, idSchema, roleSchema, type Department, type Role } from './identity';
import {
  isTimeZone,
  MAX_EXERCISE_SPEED,
  PLAYBOOK_TEXT_MAX,
  playbookIdSchema,
  RUN_STEP_ACTIONS,
  stepIdSchema,
  type PlaybookIssue,
  type PlaybookTemplate,
  type RunRecord,
  type StepKind,
} from './playbook';
import { hubListSchema, lanHostingSchema, type SyncResult, type SyncStatus } from './sync';
import { mapSourceSchema, mapTileSchema, type MapSourceSetting, type MapTile } from './map-source';
import type { BackupList, BackupResult, DataLocation } from './backup';

export { METHOD_NAMES, type MethodName } from './api-surface';

const noParams = z.object({}).strict();

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  /** Which host runs the core; the UI uses it only to label itself. */
  host: z.enum(['desktop', 'serve', 'cli']),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export type WhoAmI = {
  /** The public key lets anyone (a hub, say) check the workspace's certificates. */
  workspace: { id: string; name: string; publicKey: string; departments: Department[] };
  member: { memberId: string; user: string; department: string; role: Role };
  deviceId: string;
};
export type MemberSummary = {
  memberId: string;
  user: string;
  department: string;
  role: Role;
  devices: number;
  /** An administrator withdrew this member; hubs refuse them. */
  revoked: boolean;
};

/** A folded incident plus the events that failed verification (shown as alerts, never folded). */
export type IncidentDetail = IncidentRecord & {
  untrustedEvents: Array<{ eventId: string | null; reason: string; message: string }>;
};

export type SearchHit = { incidentId: string; title: string; kind: string; snippet: string };

export const incidentFilterSchema = z
  .object({
    status: z.array(z.enum(INCIDENT_STATUSES)).max(INCIDENT_STATUSES.length).optional(),
    severity: z.array(z.enum(SEVERITIES)).max(SEVERITIES.length).optional(),
    department: z.string().min(1).max(64).optional(),
    limit: z.number().int().min(1).max(10_000).optional(),
  })
  .strict();
export type IncidentFilter = z.infer<typeof incidentFilterSchema>;

const nameSchema = z
  .string({ error: 'name is required' })
  .trim()
  .min(1, 'name must not be empty')
  .max(120, 'name must be at most 120 characters');

/** Incident ids are the lowercase UUIDs the core mints; they also name the incident's room. */
const incidentIdSchema = recordIdSchema.refine((id) => id === id.toLowerCase(), 'id must be lowercase');

/** An incident command's own fields (from the incident record's schemas) plus the incident it applies to. */
const withId = { id: incidentIdSchema };

// Quick entry (CLI, the create form) may leave the CAP category out; the core mints the id.
const createParams = commandSchemas.create
  .omit({ kind: true })
  .extend({ category: categorySchema.default('Other') });

const taskActionParams = commandSchemas['acknowledge-task']
  .omit({ kind: true })
  .extend(withId)
  .extend({
    action: z.enum(['acknowledge', 'complete', 'cancel', 'reopen']),
  });

/** One playbook version in the library. */
export type PlaybookSummary = {
  id: string;
  version: number;
  title: string;
  description: string;
  source: 'built-in' | 'published';
  /** Every version the library holds, ascending; this summary is of `version`. */
  versions: number[];
  steps: number;
  kinds: Partial<Record<StepKind, number>>;
  /** Departments that own steps. */
  departments: string[];
  triggers: number;
  /** An administrator allowed it to start by itself when its triggers match. */
  autoStart: boolean;
};
export type PlaybookDetail = PlaybookSummary & {
  template: PlaybookTemplate;
  published: { by: string; department: string; at: string | null } | null;
};
export type PlaybookValidation = {
  ok: boolean;
  /** Each with its line and column in the text. */
  issues: PlaybookIssue[];
  playbook: { id: string; version: number; title: string; steps: number } | null;
};
export type PlaybookSuggestion = {
  playbookId: string;
  version: number;
  title: string;
  /** The trigger rule that matched. */
  rule: string;
  autoStart: boolean;
  /** Runs of this playbook already on the incident. */
  running: string[];
};
/** A run as lists show it. */
export type RunSummary = Pick<
  RunRecord,
  'runId' | 'incidentId' | 'playbook' | 'exercise' | 'automatic' | 'status' | 'startedAt' | 'now' | 'counts'
> & {
  /** Steps that are ready or under way, in playbook order. */
  current: Array<{ id: string; title: string; state: string; dueAt: string | null; overdue: boolean }>;
};

const playbookText = z
  .string()
  .min(1, 'the playbook text is empty')
  .max(PLAYBOOK_TEXT_MAX, 'the playbook text is larger than 1 MiB');
const playbookRef = z.object({ id: playbookIdSchema, version: z.number().int().min(1).optional() }).strict();
const runIdSchema = recordIdSchema;

const record = z.custom<IncidentRecord>();
const summary = z.custom<IncidentSummary>();

export const contract = {
  getAppInfo: { params: noParams, result: appInfoSchema },

  whoAmI: { params: noParams, result: z.custom<WhoAmI | null>() },
  initWorkspace: {
    params: z
      .object({ workspace: nameSchema, department: z.string().min(1).max(64), user: nameSchema })
      .strict(),
    result: z.custom<WhoAmI>(),
  },
  inviteMember: {
    params: z.object({ department: z.string().min(1).max(64), role: roleSchema, user: nameSchema }).strict(),
    result: z.custom<{ memberId: string; bundle: string }>(),
  },
  joinWorkspace: {
    params: z
      .object({
        bundle: z
          .string()
          .min(1)
          .max(64 * 1024, 'enrolment bundle is too large'),
      })
      .strict(),
    result: z.custom<WhoAmI>(),
  },
  listMembers: { params: noParams, result: z.custom<MemberSummary[]>() },
  addDepartment: { params: departmentSchema, result: z.custom<WhoAmI>() },
  revokeMember: {
    params: z.object({ memberId: idSchema, reason: z.string().trim().min(1).max(500) }).strict(),
    result: z.custom<MemberSummary[]>(),
  },

  getSyncStatus: { params: noParams, result: z.custom<SyncStatus>() },
  setSyncHubs: { params: z.object({ hubs: hubListSchema }).strict(), result: z.custom<SyncStatus>() },
  syncNow: {
    params: z
      .object({
        hubs: hubListSchema.optional(),
        timeoutMs: z.number().int().min(100).max(3_600_000).default(60_000),
      })
      .strict(),
    result: z.custom<SyncResult>(),
  },
  setLanHosting: { params: lanHostingSchema, result: z.custom<SyncStatus>() },

  createIncident: { params: createParams, result: summary },
  listIncidents: { params: incidentFilterSchema, result: z.custom<IncidentSummary[]>() },
  showIncident: { params: z.object({ id: incidentIdSchema }).strict(), result: z.custom<IncidentDetail>() },
  updateIncident: { params: commandSchemas['update'].omit({ kind: true }).extend(withId), result: record },
  changeIncidentStatus: {
    params: commandSchemas['status'].omit({ kind: true }).extend(withId),
    result: record,
  },
  assignIncidentRole: {
    params: commandSchemas['assign-role'].omit({ kind: true }).extend(withId),
    result: record,
  },
  createTask: { params: commandSchemas['create-task'].omit({ kind: true }).extend(withId), result: record },
  updateTask: { params: commandSchemas['update-task'].omit({ kind: true }).extend(withId), result: record },
  changeTaskState: { params: taskActionParams, result: record },
  addLogEntry: { params: commandSchemas['note'].omit({ kind: true }).extend(withId), result: record },
  linkIncidents: { params: commandSchemas['link'].omit({ kind: true }).extend(withId), result: record },
  unlinkIncidents: { params: commandSchemas['unlink'].omit({ kind: true }).extend(withId), result: record },
  resolveConflict: {
    params: commandSchemas['resolve-conflict'].omit({ kind: true }).extend(withId),
    result: record,
  },
  searchIncidents: {
    params: z.object({ query: z.string().min(1, 'query must not be empty').max(500) }).strict(),
    result: z.custom<SearchHit[]>(),
  },

  listPlaybooks: { params: noParams, result: z.custom<PlaybookSummary[]>() },
  showPlaybook: { params: playbookRef, result: z.custom<PlaybookDetail>() },
  validatePlaybook: {
    params: z.object({ text: playbookText }).strict(),
    result: z.custom<PlaybookValidation>(),
  },
  /** Publishes a new playbook version to the workspace (commanders and administrators). */
  importPlaybook: { params: z.object({ text: playbookText }).strict(), result: z.custom<PlaybookDetail>() },
  exportPlaybook: {
    params: playbookRef.extend({ format: z.enum(['yaml', 'json']).default('yaml') }),
    result: z.custom<{ fileName: string; text: string }>(),
  },
  setPlaybookAutoStart: {
    params: z.object({ id: playbookIdSchema, enabled: z.boolean() }).strict(),
    result: z.custom<PlaybookSummary>(),
  },
  suggestPlaybooks: {
    params: z.object({ id: incidentIdSchema }).strict(),
    result: z.custom<PlaybookSuggestion[]>(),
  },
  startRun: {
    params: z
      .object({
        incidentId: incidentIdSchema,
        playbook: playbookRef,
        exercise: z
          .object({ speed: z.number().min(1).max(MAX_EXERCISE_SPEED).default(1) })
          .strict()
          .optional(),
        /** IANA time zone for calendar-day deadlines; defaults to this machine's. */
        timeZone: z.string().min(1).max(64).refine(isTimeZone, 'unknown time zone').optional(),
      })
      .strict(),
    result: z.custom<RunRecord>(),
  },
  listRuns: {
    params: z.object({ incidentId: incidentIdSchema.optional(), active: z.boolean().optional() }).strict(),
    result: z.custom<RunSummary[]>(),
  },
  showRun: { params: z.object({ runId: runIdSchema }).strict(), result: z.custom<RunRecord>() },
  changeRunStep: {
    params: z
      .object({
        runId: runIdSchema,
        stepId: stepIdSchema,
        action: z.enum(RUN_STEP_ACTIONS),
        reason: z.string().trim().min(1).max(2_000).optional(),
        option: stepIdSchema.optional(),
      })
      .strict(),
    result: z.custom<RunRecord>(),
  },
  /** A commander's manual override: stops a run, including one a trigger started. */
  stopRun: {
    params: z.object({ runId: runIdSchema, reason: z.string().trim().min(1).max(2_000) }).strict(),
    result: z.custom<RunRecord>(),
  },
  resolveRunConflict: {
    params: z
      .object({
        runId: runIdSchema,
        stepId: stepIdSchema,
        chosenEventId: z.string().min(1).max(64),
        note: z.string().trim().min(1).max(2_000).optional(),
      })
      .strict(),
    result: z.custom<RunRecord>(),
  },
  /** Removes every exercise run, on this copy and (through the directory) on every other. */
  purgeExercises: { params: noParams, result: z.custom<{ purged: string[] }>() },

  /** What needs this member now: tasks to acknowledge, approvals, overdue and escalated steps. */
  getAttention: { params: noParams, result: z.custom<AttentionItem[]>() },

  /** The workspace's map tile source; `none` until an administrator chooses one. */
  getMapSource: { params: noParams, result: z.custom<MapSourceSetting>() },
  /** Administrators only: publishes the map tile source to every copy of the workspace. */
  setMapSource: {
    params: z.object({ source: mapSourceSchema }).strict(),
    result: z.custom<MapSourceSetting>(),
  },
  /** One background tile, fetched (and cached) by the core; null where the source has none. */
  getMapTile: { params: mapTileSchema, result: z.custom<MapTile | null>() },

  /** Where this copy keeps its data (chosen by --data or MUSTER_DATA when it started). */
  getDataLocation: { params: noParams, result: z.custom<DataLocation>() },
  listBackups: { params: noParams, result: z.custom<BackupList>() },
  /** Any member: a checked copy of this copy's store in its backups folder, one at a time. */
  backUpNow: { params: noParams, result: z.custom<BackupResult>() },
} as const satisfies { [M in MethodName]: { params: z.ZodType; result: z.ZodType } };

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(contract, name);
}

/** What a caller passes (before validation and defaults). */
export type ParamsIn<M extends MethodName> = z.input<(typeof contract)[M]['params']>;
/** What a handler receives (after validation). */
export type ParamsOut<M extends MethodName> = z.output<(typeof contract)[M]['params']>;
export type Result<M extends MethodName> = z.output<(typeof contract)[M]['result']>;

/** The core implements this; checked with `satisfies` so a missing or mistyped handler fails to compile. */
export type Handlers = {
  [M in MethodName]: (params: ParamsOut<M>) => Result<M> | Promise<Result<M>>;
};

/** Events the core pushes to every connected UI. */
export type MusterEvent =
  | { type: 'incident.changed'; incident: IncidentSummary }
  /** This data folder got its workspace (init or join), e.g. in another window. */
  | { type: 'workspace.changed'; me: WhoAmI }
  /** A room's sync state changed (sent at most a few times a second). */
  | { type: 'sync.changed'; status: SyncStatus }
  /** A playbook run changed here or arrived from elsewhere. */
  | { type: 'run.changed'; run: RunSummary }
  /**
   * Raised by a transport, not the core, after its link to the core came back: events may have been
   * missed, so views reload what they show.
   */
  | { type: 'connection.restored' };

export type Unsubscribe = () => void;

/**
 * What the renderer sees: one named async function per method, plus event subscription.
 * The preload exposes exactly this as `window.muster`; the serve transport implements it over WebSocket.
 */
export type MusterApi = {
  [M in MethodName]: (params: ParamsIn<M>) => Promise<Result<M>>;
} & {
  onEvent(listener: (event: MusterEvent) => void): Unsubscribe;
};

/**
 * Error codes every host maps the same way. invalid_params, unknown_method and bad_frame are the
 * caller's malformed input; not_found, forbidden and precondition are well-formed requests the
 * current state refuses (no such incident, not an administrator, no workspace yet).
 */
export const ERROR_CODES = [
  'invalid_params',
  'unknown_method',
  'bad_frame',
  'not_found',
  'forbidden',
  'precondition',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
export type ErrorBody = { code: ErrorCode; message: string };
