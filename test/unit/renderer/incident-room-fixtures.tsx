/**
 * Incident-room fixtures: a folded incident record, playbook runs, and the fake API extended with the
 * methods the room calls, each answering as the core would for the shapes the room reads.
 */
import { fireEvent, render, screen } from '@testing-library/react';
import { vi } from 'vitest';
import type {
  IncidentDetail,
  MemberSummary,
  PlaybookSuggestion,
  PlaybookSummary,
  RunSummary,
  WhoAmI,
} from '../../../shared/contract';
import type { IncidentRecord, Stamp, TimelineEntry } from '../../../shared/incident-record/record';
import { ICS_ROLES, type MemberRole } from '../../../shared/incident-record/vocabulary';
import type { RunRecord, RunStep } from '../../../shared/playbook/run-record';
import type { PlaybookTemplate, Step } from '../../../shared/playbook/template';
import { fakeDesktopApi, me, withFakeApi } from './fake-api';

export const INCIDENT_ID = 'inc-1';
export const RUN_ID = 'run-1';

/** Someone at a workstation with `role` in `department`. */
export const whoAmI = (role: MemberRole, department = 'traffic'): WhoAmI => {
  const base = me({ department });
  return { ...base, member: { ...base.member, role } };
};

export const MEMBERS: MemberSummary[] = [
  {
    memberId: 'member-1',
    user: 'Ana Lindqvist',
    department: 'traffic',
    role: 'admin',
    devices: 1,
    revoked: false,
  },
  {
    memberId: 'member-2',
    user: 'Bo Chen',
    department: 'police',
    role: 'commander',
    devices: 1,
    revoked: false,
  },
  {
    memberId: 'member-3',
    user: 'Cai Wen',
    department: 'energy',
    role: 'responder',
    devices: 1,
    revoked: false,
  },
];

/** An event stamp: who wrote it, from which department, at which instant. */
export const stamp = (
  eventId: string,
  actor = 'member-1',
  department = 'traffic',
  at = '2026-03-01T08:00:00.000Z',
): Stamp => ({
  eventId,
  hlc: `${String(Date.parse(at)).padStart(18, '0')}-0000-node`,
  at,
  actor,
  department,
});

/** A created incident with nothing happened to it yet, plus `fields`. */
/** A timeline line: a note by default. */
export const timelineEntry = (eventId: string, fields: Partial<TimelineEntry>): TimelineEntry => ({
  ...stamp(eventId),
  type: 'log.note',
  kind: 'note',
  text: eventId,
  tlp: null,
  ...fields,
});

export const incidentRecord = (fields: Partial<IncidentDetail> = {}): IncidentDetail => ({
  incidentId: INCIDENT_ID,
  created: stamp('ev-created'),
  title: 'Signal failure at Ring Road 2',
  description: 'All signals dark between exits 4 and 6.',
  category: 'Transport',
  severity: 'major',
  priority: 2,
  status: 'reported',
  tlp: 'AMBER',
  location: { address: 'Ring Road 2, exit 5', area: 'North' },
  leadDepartment: 'traffic',
  departments: ['traffic', 'police'],
  tags: [],
  roles: ICS_ROLES.map((role) => ({ role, holder: null, since: null })),
  commandHistory: [],
  tasks: [],
  links: [],
  timeline: [],
  conflicts: [],
  rejected: [],
  versions: {},
  owner: { leadDepartment: 'traffic', incidentCommander: null, nextActions: [], openConflicts: [] },
  untrustedEvents: [],
  ...fields,
});

/** A step of a template; kind task unless said otherwise. */
export const templateStep = (id: string, title: string, fields: Partial<Step> = {}): Step => ({
  id,
  title,
  instructions: '',
  kind: 'task',
  owner: { department: 'traffic' },
  raci: { consulted: [], informed: [] },
  after: [],
  ...fields,
});

/** A run step as the fold leaves it: ready, nothing done yet. */
export const runStep = (def: Step, fields: Partial<RunStep> = {}): RunStep => ({
  id: def.id,
  title: def.title,
  kind: def.kind,
  owner: def.owner,
  accountable: def.owner,
  state: 'ready',
  reason: null,
  choice: null,
  approvals: [],
  readyAt: '2026-03-01T08:00:00.000Z',
  dueAt: null,
  finishedAt: null,
  overdue: false,
  acknowledged: null,
  acknowledgeBy: null,
  escalationDue: false,
  escalated: null,
  escalateTo: null,
  waitUntil: null,
  history: [],
  head: null,
  conflict: null,
  ...fields,
});

/** A run of a playbook with these steps (template definitions and their folded state). */
export const runRecord = (
  steps: Array<{ def: Step; step?: Partial<RunStep> }>,
  fields: Partial<RunRecord> = {},
): RunRecord => {
  const template: PlaybookTemplate = {
    id: 'signal-failure',
    version: 2,
    title: 'Signal failure',
    description: '',
    triggers: [],
    roles: [],
    steps: steps.map((s) => s.def),
    injects: [],
  };
  const runSteps = steps.map((s) => runStep(s.def, s.step));
  return {
    runId: RUN_ID,
    incidentId: INCIDENT_ID,
    playbook: { id: template.id, version: template.version, title: template.title },
    template,
    timeZone: 'Europe/Stockholm',
    exercise: null,
    automatic: null,
    started: stamp('ev-run'),
    startedAt: '2026-03-01T08:00:00.000Z',
    now: '2026-03-01T08:10:00.000Z',
    status: 'active',
    stopped: null,
    steps: runSteps,
    conflicts: [],
    notifications: [],
    injects: [],
    rejected: [],
    counts: { steps: runSteps.length, finished: 0, overdue: 0, openConflicts: 0 },
    ...fields,
  };
};

/** The list row of a run. */
export const runSummary = (run: RunRecord): RunSummary => ({
  runId: run.runId,
  incidentId: run.incidentId,
  playbook: run.playbook,
  exercise: run.exercise,
  automatic: run.automatic,
  status: run.status,
  startedAt: run.startedAt,
  now: run.now,
  counts: run.counts,
  current: [],
});

export const PLAYBOOKS: PlaybookSummary[] = [
  {
    id: 'signal-failure',
    version: 2,
    title: 'Signal failure',
    description: 'Traffic signals out over a stretch of road.',
    source: 'built-in',
    versions: [1, 2],
    steps: 5,
    kinds: { task: 4, decision: 1 },
    departments: ['traffic', 'police'],
    triggers: 1,
    autoStart: false,
  },
  {
    id: 'power-outage',
    version: 1,
    title: 'Power outage',
    description: 'Loss of supply to a district.',
    source: 'built-in',
    versions: [1],
    steps: 7,
    kinds: { task: 7 },
    departments: ['energy'],
    triggers: 1,
    autoStart: false,
  },
];

export const SUGGESTIONS: PlaybookSuggestion[] = [
  {
    playbookId: 'signal-failure',
    version: 2,
    title: 'Signal failure',
    rule: 'category Transport, keyword "signal"',
    autoStart: false,
    running: [],
  },
];

/**
 * The fake API with the room's methods. Commands answer with `record` (or `run`) unless a test
 * says otherwise with mockResolvedValueOnce / mockRejectedValueOnce.
 */
export function roomApi(options: { record?: IncidentDetail; runs?: RunRecord[]; whoAmI?: WhoAmI } = {}) {
  const fake = fakeDesktopApi({ whoAmI: options.whoAmI ?? me() });
  let record: IncidentRecord = options.record ?? incidentRecord();
  const runs = options.runs ?? [];
  const answer = vi.fn(async (): Promise<IncidentRecord> => record);
  const runAnswer = vi.fn(async ({ runId }: { runId: string }): Promise<RunRecord> => {
    const run = runs.find((r) => r.runId === runId);
    if (!run) throw new Error(`no run ${runId}`);
    return run;
  });
  const api = {
    ...fake.api,
    showIncident: vi.fn(async (): Promise<IncidentDetail> => ({ untrustedEvents: [], ...record })),
    updateIncident: vi.fn(answer),
    changeIncidentStatus: vi.fn(answer),
    assignIncidentRole: vi.fn(answer),
    createTask: vi.fn(answer),
    updateTask: vi.fn(answer),
    changeTaskState: vi.fn(answer),
    addLogEntry: vi.fn(answer),
    linkIncidents: vi.fn(answer),
    unlinkIncidents: vi.fn(answer),
    resolveConflict: vi.fn(answer),
    listMembers: vi.fn(async () => MEMBERS),
    suggestPlaybooks: vi.fn(async () => SUGGESTIONS),
    listPlaybooks: vi.fn(async () => PLAYBOOKS),
    startRun: vi.fn(async (): Promise<RunRecord> => runs[0] ?? runRecord([])),
    listRuns: vi.fn(async (): Promise<RunSummary[]> => runs.map(runSummary)),
    showRun: runAnswer,
    changeRunStep: vi.fn(runAnswer),
    stopRun: vi.fn(runAnswer),
    resolveRunConflict: vi.fn(runAnswer),
  };
  return {
    ...fake,
    api,
    /** What the core will answer from now on (and what the next showIncident returns). */
    setRecord: (next: IncidentRecord) => {
      record = next;
    },
  };
}

export type RoomApi = ReturnType<typeof roomApi>;

/**
 * Renders the room for `viewer` (an administrator by default) with a fresh module registry, so the
 * UI, its providers, the navigation store and the palette's registry are the ones the test reads.
 */
export async function renderRoom(
  options: { record?: IncidentDetail; runs?: RunRecord[]; viewer?: WhoAmI } = {},
) {
  const viewer = options.viewer ?? whoAmI('admin');
  const fake = roomApi({ ...options, whoAmI: viewer });
  const modules = await withFakeApi(fake, async () => ({
    view: await import('../../../renderer/src/features/incident-room/IncidentRoomView'),
    providers: await import('../../../renderer/src/app/Providers'),
    navigation: await import('../../../renderer/src/app/navigation'),
    commands: await import('../../../renderer/src/app/commands'),
  }));
  const { IncidentRoomView } = modules.view;
  const { Providers } = modules.providers;
  modules.navigation.useNavigation.getState().go({ name: 'incident', incidentId: INCIDENT_ID });
  render(
    <Providers>
      <IncidentRoomView incidentId={INCIDENT_ID} me={viewer} />
    </Providers>,
  );
  await screen.findByRole('heading', { level: 2, name: (options.record ?? incidentRecord()).title });
  return {
    fake,
    view: () => modules.navigation.useNavigation.getState().view,
    paletteCommands: () => modules.commands.useCommandRegistry.getState().groups['incident-room'] ?? [],
  };
}

/** Opens one of the room's tabs. */
export function openTab(name: RegExp | string) {
  fireEvent.click(screen.getByRole('tab', { name }));
}

/**
 * Loads the room's modules once before a file's tests, so the first test does not also pay for
 * transforming them (on a slow machine that alone can outlast a test's time limit).
 */
export const loadRoomModules = () =>
  withFakeApi(roomApi(), () => import('../../../renderer/src/features/incident-room/IncidentRoomView'));
