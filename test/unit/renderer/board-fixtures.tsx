/**
 * Renders the command board against the fake API, with what the board needs beyond the shared
 * fake: playbook runs (`listRuns`, `showRun`) and a scroll container with a height, without which
 * the virtualised list renders no rows in jsdom.
 */
import { render, screen, within } from '@testing-library/react';
import { vi } from 'vitest';
import type { RunSummary } from '../../../shared/contract';
import type { IncidentSummary } from '../../../shared/incident';
import { DEFAULT_DEPARTMENTS } from '../../../shared/identity';
import type { RunRecord, RunStep } from '../../../shared/playbook';
import type { SyncStatus } from '../../../shared/sync';
import { fakeDesktopApi, withFakeApi } from './fake-api';

/** Ten rows of 36 px are in view; the virtualiser adds a few above and below. */
export const VIEWPORT_PX = 360;

/** Gives the board's scroll container a height (jsdom lays nothing out). */
export function sizeScrollContainer() {
  return vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockImplementation(function (
    this: HTMLElement,
  ) {
    return this.classList.contains('board-scroll') ? VIEWPORT_PX : 0;
  });
}

/** An active run; `overdue` lists the ids of its current steps that are late. */
export const runSummary = (
  runId: string,
  overdue: string[] = [],
  fields: Partial<RunSummary> = {},
): RunSummary => ({
  runId,
  incidentId: 'a',
  playbook: { id: 'power-outage', version: 1, title: 'Power outage' },
  exercise: null,
  automatic: null,
  status: 'active',
  startedAt: '2026-03-01T08:00:00.000Z',
  now: '2026-03-01T09:00:00.000Z',
  counts: { steps: 4, finished: 0, overdue: overdue.length, openConflicts: 0 },
  current: ['s1', 's2', ...overdue].map((id) => ({
    id,
    title: `Step ${id}`,
    state: 'ready',
    dueAt: null,
    overdue: overdue.includes(id),
  })),
  ...fields,
});

/** The steps of a full run that the board reads: which are overdue, and who owns them. */
export const runRecord = (
  runId: string,
  steps: Array<Pick<RunStep, 'id' | 'overdue' | 'owner' | 'accountable'>>,
): RunRecord => ({ runId, steps }) as unknown as RunRecord;

/**
 * Loads the board once before a file's tests: the first load transforms Mantine and the board
 * (seconds on a busy machine), which would otherwise count against the first test's time limit.
 */
export async function loadBoardModules() {
  await withFakeApi(fakeDesktopApi(), () => import('../../../renderer/src/features/board/BoardView'));
  delete window.muster;
}

export async function renderBoard(
  options: {
    incidents?: IncidentSummary[];
    sync?: SyncStatus;
    runs?: RunSummary[];
    records?: RunRecord[];
  } = {},
) {
  const fake = fakeDesktopApi({ incidents: options.incidents, sync: options.sync });
  const api = Object.assign(fake.api, {
    listRuns: vi.fn(async (): Promise<RunSummary[]> => options.runs ?? []),
    showRun: vi.fn(async ({ runId }: { runId: string }): Promise<RunRecord> => {
      const record = options.records?.find((r) => r.runId === runId);
      if (!record) throw new Error(`no run ${runId}`);
      return record;
    }),
  });
  // Imported after the fake is installed, from the same module registry as the board.
  const modules = await withFakeApi(fake, async () => ({
    ...(await import('../../../renderer/src/features/board/BoardView')),
    ...(await import('../../../renderer/src/app/Providers')),
    ...(await import('../../../renderer/src/app/navigation')),
    ...(await import('../../../renderer/src/app/commands')),
  }));
  const { BoardView, Providers } = modules;
  render(
    <Providers>
      <BoardView departments={DEFAULT_DEPARTMENTS} />
    </Providers>,
  );
  return { ...fake, api, navigation: modules.useNavigation, commands: modules.useCommandRegistry };
}

export const table = () => screen.getByRole('table', { name: 'Incidents' });

/** The rendered rows' titles, top to bottom. */
export const titles = () =>
  within(table())
    .getAllByRole('row')
    .slice(1)
    .map((row) => row.querySelector('.title')?.textContent);

export const rowOf = (title: string) => screen.getByText(title, { selector: '.title' }).closest('tr')!;
