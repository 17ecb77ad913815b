/**
 * What the playbook view's tests share: a small template that branches, library entries, exercise
 * runs, and the desktop fake with the playbook methods added.
 */
import { render } from '@testing-library/react';
import { vi } from 'vitest';
import type {
  PlaybookDetail,
  PlaybookSummary,
  PlaybookValidation,
  RunSummary,
  WhoAmI,
} from '../../../shared/contract';
import type { Role } from '../../../shared/identity';
import type { PlaybookTemplate } from '../../../shared/playbook/template';
import { fakeDesktopApi, me, withFakeApi } from './fake-api';

type Step = PlaybookTemplate['steps'][number];

export const meAs = (role: Role): WhoAmI => {
  const base = me();
  return { ...base, member: { ...base.member, role } };
};

export const step = (id: string, fields: Partial<Step> = {}): Step => ({
  id,
  title: `Step ${id}`,
  instructions: '',
  kind: 'task',
  owner: { department: 'traffic' },
  raci: { consulted: [], informed: [] },
  after: [],
  ...fields,
});

/**
 * A substation outage that branches on the restoration estimate: a quick restore switches load,
 * a long repair brings generators and stop signs; both lead to the restore.
 */
export const branchingTemplate: PlaybookTemplate = {
  id: 'substation-outage',
  version: 2,
  title: 'Substation outage',
  description: 'For a substation trip.\nSignals go dark.',
  triggers: [
    { incident: { categories: ['Infra'], minSeverity: 'moderate', keywords: ['substation', 'feeder'] } },
    { alert: { events: ['power outage'] } },
  ],
  roles: [{ role: 'incident-commander', department: 'energy' }],
  injects: [],
  steps: [
    step('assess', { title: 'Assess the outage', owner: { department: 'energy', role: 'operations' } }),
    step('decide', {
      title: 'Choose how to restore',
      kind: 'decision',
      owner: { role: 'incident-commander' },
      after: ['assess'],
      options: [
        { id: 'quick', label: 'Quick restore', opens: ['switch-load'] },
        { id: 'long', label: 'Long repair', opens: ['generators', 'stop-signs'] },
      ],
    }),
    step('notify-police', {
      title: 'Tell police which signals are dark',
      kind: 'notify',
      after: ['assess'],
      notify: { departments: ['police'], message: 'Dark signals' },
      due: { within: 'PT15M', from: 'activation' },
    }),
    step('switch-load', { title: 'Switch load', owner: { department: 'energy' }, after: ['decide'] }),
    step('generators', { title: 'Bring generators', owner: { department: 'energy' } }),
    step('stop-signs', { title: 'Put out stop signs', owner: { department: 'police' } }),
    step('restore', {
      title: 'Re-energize',
      owner: { department: 'energy' },
      after: ['switch-load', 'generators'],
      due: { within: 'PT2H', from: 'ready' },
    }),
  ],
};

export const playbookSummary = (fields: Partial<PlaybookSummary> = {}): PlaybookSummary => ({
  id: 'substation-outage',
  version: 2,
  title: 'Substation outage',
  description: '',
  source: 'built-in',
  versions: [1, 2],
  steps: 7,
  kinds: { task: 5, decision: 1, notify: 1 },
  departments: ['energy', 'traffic', 'police'],
  triggers: 2,
  autoStart: false,
  ...fields,
});

export const LIBRARY: PlaybookSummary[] = [
  playbookSummary(),
  playbookSummary({
    id: 'ransomware',
    version: 1,
    title: 'Ransomware on city systems',
    source: 'published',
    versions: [1],
    steps: 9,
    departments: ['it'],
    autoStart: true,
  }),
  playbookSummary({
    id: 'underpass-flooding',
    version: 1,
    title: 'Underpass flooding',
    versions: [1],
    departments: ['traffic', 'police'],
  }),
];

export const detailOf = (summary: PlaybookSummary): PlaybookDetail => ({
  ...summary,
  template: { ...branchingTemplate, id: summary.id, version: summary.version, title: summary.title },
  published: null,
});

export const run = (runId: string, fields: Partial<RunSummary> = {}): RunSummary => ({
  runId,
  incidentId: `incident-${runId}`,
  playbook: { id: 'substation-outage', version: 2, title: 'Substation outage' },
  exercise: { speed: 10 },
  automatic: null,
  status: 'active',
  startedAt: '2026-03-01T07:30:00.000Z',
  now: '2026-03-01T08:00:00.000Z',
  counts: { steps: 7, finished: 2, overdue: 0, openConflicts: 0 },
  current: [],
  ...fields,
});

/** The desktop fake plus the playbook methods, answering like the core for this library. */
export function fakePlaybooksApi(
  options: { role?: Role; playbooks?: PlaybookSummary[]; runs?: RunSummary[] } = {},
) {
  const base = fakeDesktopApi({ whoAmI: meAs(options.role ?? 'admin') });
  const playbooks = options.playbooks ?? LIBRARY;
  const runs = options.runs ?? [];
  const find = (id: string) => {
    const found = playbooks.find((p) => p.id === id);
    if (!found) throw new Error(`no playbook ${id}`);
    return found;
  };
  const api = {
    ...base.api,
    listPlaybooks: vi.fn(async () => playbooks),
    showPlaybook: vi.fn(async ({ id }: { id: string; version?: number }) => detailOf(find(id))),
    validatePlaybook: vi.fn(async (_: { text: string }): Promise<PlaybookValidation> => ({
      ok: true,
      issues: [],
      playbook: { id: 'new-playbook', version: 1, title: 'New playbook', steps: 1 },
    })),
    importPlaybook: vi.fn(async (_: { text: string }) =>
      detailOf(playbookSummary({ id: 'new-playbook', version: 1, title: 'New playbook' })),
    ),
    exportPlaybook: vi.fn(
      async ({ id, version, format }: { id: string; version?: number; format?: string }) => ({
        fileName: `${id}.v${version}.${format === 'json' ? 'json' : 'yaml'}`,
        text: format === 'json' ? `{ "id": "${id}" }` : `id: ${id}\n`,
      }),
    ),
    setPlaybookAutoStart: vi.fn(async ({ id, enabled }: { id: string; enabled: boolean }) => ({
      ...find(id),
      autoStart: enabled,
    })),
    listRuns: vi.fn(async () => runs),
    purgeExercises: vi.fn(async () => ({ purged: runs.filter((r) => r.exercise).map((r) => r.runId) })),
  };
  return { ...base, api };
}

export type FakePlaybooksApi = ReturnType<typeof fakePlaybooksApi>;

/** The playbook view inside the app's providers, on the fake. */
export async function renderPlaybooks(fake: FakePlaybooksApi, role: Role = 'admin') {
  const { PlaybooksView, Providers, useCommandRegistry } = await withFakeApi(fake, async () => ({
    ...(await import('../../../renderer/src/features/playbooks/PlaybooksView')),
    ...(await import('../../../renderer/src/app/Providers')),
    ...(await import('../../../renderer/src/app/commands')),
  }));
  render(
    <Providers>
      <PlaybooksView me={meAs(role)} />
    </Providers>,
  );
  return { fake, commands: () => Object.values(useCommandRegistry.getState().groups).flat() };
}
