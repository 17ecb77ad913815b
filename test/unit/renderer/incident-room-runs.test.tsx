import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../shared/playbook/run-record';
import {
  INCIDENT_ID,
  loadRoomModules,
  RUN_ID,
  openTab,
  renderRoom,
  runRecord,
  runSummary,
  stamp,
  templateStep,
  whoAmI,
} from './incident-room-fixtures';

beforeAll(loadRoomModules, 60_000);

afterEach(() => {
  cleanup();
  delete window.muster;
});

const closeExit = templateStep('close-exit', 'Close exit 5');
const divert = templateStep('divert', 'Decide the diversion', {
  kind: 'decision',
  owner: { role: 'operations' },
  instructions: 'Agree the route with the police on site.',
  after: ['close-exit'],
  options: [
    { id: 'mill-st', label: 'Via Mill Street', opens: [] },
    { id: 'ring-3', label: 'Via Ring Road 3', opens: [] },
  ],
});
const approve = templateStep('approve-closure', 'Approve full closure', {
  kind: 'approval',
  owner: { department: 'police' },
  approval: { role: 'incident-commander', twoPerson: true },
});
const inform = templateStep('inform', 'Inform the public', { kind: 'notify', owner: { department: 'it' } });

/** A run under way: one step done, one ready and overdue, a decision, an approval and a pending notice. */
const run = runRecord([
  { def: closeExit, step: { state: 'done', finishedAt: '2026-03-01T08:05:00.000Z' } },
  {
    def: divert,
    step: {
      dueAt: '2026-03-01T08:06:00.000Z',
      overdue: true,
      escalated: { ...stamp('ev-esc'), department: 'police' },
    },
  },
  {
    def: approve,
    step: { state: 'in-progress', approvals: [stamp('ev-ap', 'member-2', 'police')], escalationDue: true },
  },
  { def: inform, step: { state: 'pending' } },
]);

async function openChecklist(options: { runs?: RunRecord[]; viewer?: ReturnType<typeof whoAmI> } = {}) {
  const room = await renderRoom({ runs: options.runs ?? [run], viewer: options.viewer });
  openTab('Playbooks');
  fireEvent.click(await screen.findByRole('button', { name: /Signal failure/, expanded: false }));
  await screen.findByRole('list', { name: 'Checklist of Signal failure' });
  return room;
}

const step = (title: string) => screen.getByRole('listitem', { name: title });
const buttons = (title: string) =>
  within(step(title))
    .queryAllByRole('button')
    .map((b) => b.textContent);

describe('playbook runs as checklists', () => {
  it("lists the incident's runs and opens one into its steps, in order, with their state", async () => {
    const { fake } = await openChecklist();
    expect(fake.api.listRuns).toHaveBeenCalledWith({ incidentId: INCIDENT_ID });
    expect(fake.api.showRun).toHaveBeenCalledWith({ runId: RUN_ID });
    const steps = within(screen.getByRole('list', { name: 'Checklist of Signal failure' })).getAllByRole(
      'listitem',
    );
    expect(steps.map((s) => s.getAttribute('aria-label'))).toEqual([
      'Close exit 5',
      'Decide the diversion',
      'Approve full closure',
      'Inform the public',
    ]);
    expect(steps.map((s) => s.querySelector('.step-state')!.textContent)).toEqual([
      'Done',
      'Ready',
      'In progress',
      'Pending',
    ]);
  });

  it('shows owner, due time with OVERDUE, escalation and approvals so far', async () => {
    await openChecklist();
    const decision = step('Decide the diversion');
    expect(within(decision).getByText('Operations Section Chief')).toBeTruthy();
    expect(decision.querySelector('.step-due time')?.getAttribute('datetime')).toBe(
      '2026-03-01T08:06:00.000Z',
    );
    expect(within(decision).getByText('OVERDUE')).toBeTruthy();
    expect(within(decision).getByText('Escalated to Police')).toBeTruthy();
    expect(within(decision).getByText('Agree the route with the police on site.')).toBeTruthy();
    const approval = step('Approve full closure');
    expect(within(approval).getByText('Escalation due')).toBeTruthy();
    expect(await within(approval).findByText('Bo Chen')).toBeTruthy();
    expect(within(approval).getByText('Approved by')).toBeTruthy();
  });

  it('offers the actions each step allows, by state and kind', async () => {
    await openChecklist();
    expect(buttons('Close exit 5')).toEqual([]);
    expect(buttons('Decide the diversion')).toEqual([
      'Via Mill Street',
      'Via Ring Road 3',
      'Start',
      'Block',
      'Skip',
    ]);
    expect(buttons('Approve full closure')).toEqual(['Approve', 'Reject', 'Block', 'Skip']);
    expect(buttons('Inform the public')).toEqual([]);
  });

  it('starts a step and chooses a decision option through changeRunStep', async () => {
    const { fake } = await openChecklist();
    fireEvent.click(screen.getByRole('button', { name: 'Start: Decide the diversion' }));
    await waitFor(() =>
      expect(fake.api.changeRunStep).toHaveBeenCalledWith({
        runId: RUN_ID,
        stepId: 'divert',
        action: 'start',
      }),
    );
    fireEvent.click(
      screen.getByRole('button', { name: 'Via Ring Road 3 (choice for Decide the diversion)' }),
    );
    await waitFor(() =>
      expect(fake.api.changeRunStep).toHaveBeenCalledWith({
        runId: RUN_ID,
        stepId: 'divert',
        action: 'choose',
        option: 'ring-3',
      }),
    );
  });

  it('asks why before skipping or blocking a step, and sends the reason', async () => {
    const { fake } = await openChecklist();
    fireEvent.click(screen.getByRole('button', { name: 'Skip: Decide the diversion' }));
    const reason = screen.getByLabelText(/Why skip “Decide the diversion”/);
    expect(document.activeElement).toBe(reason);
    fireEvent.change(reason, { target: { value: 'Road reopened' } });
    fireEvent.click(within(step('Decide the diversion')).getByRole('button', { name: 'Skip' }));
    await waitFor(() =>
      expect(fake.api.changeRunStep).toHaveBeenCalledWith({
        runId: RUN_ID,
        stepId: 'divert',
        action: 'skip',
        reason: 'Road reopened',
      }),
    );
    await waitFor(() => expect(screen.queryByLabelText(/Why skip/)).toBeNull());

    fireEvent.click(screen.getByRole('button', { name: 'Block: Approve full closure' }));
    fireEvent.change(screen.getByLabelText(/What blocks “Approve full closure”/), {
      target: { value: 'Commander unreachable' },
    });
    fireEvent.click(within(step('Approve full closure')).getByRole('button', { name: 'Block' }));
    await waitFor(() =>
      expect(fake.api.changeRunStep).toHaveBeenCalledWith({
        runId: RUN_ID,
        stepId: 'approve-closure',
        action: 'block',
        reason: 'Commander unreachable',
      }),
    );
  });

  it("shows the core's refusal as an alert on the step", async () => {
    const { fake } = await openChecklist();
    fake.api.changeRunStep.mockRejectedValueOnce(
      new Error(
        'you have already approved "Approve full closure"; the two-person rule needs a different member',
      ),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Approve: Approve full closure' }));
    const alert = await within(step('Approve full closure')).findByRole('alert');
    expect(alert.textContent).toMatch(/^you have already approved/);
    expect(fake.api.changeRunStep).toHaveBeenCalledWith({
      runId: RUN_ID,
      stepId: 'approve-closure',
      action: 'approve',
    });
  });

  it('shows the step as the core returns it after an action', async () => {
    const { fake } = await openChecklist();
    const decided = runRecord([
      { def: closeExit, step: { state: 'done' } },
      { def: divert, step: { state: 'done', choice: 'mill-st' } },
      { def: approve },
      { def: inform, step: { state: 'pending' } },
    ]);
    fake.api.changeRunStep.mockResolvedValueOnce(decided);
    fireEvent.click(
      screen.getByRole('button', { name: 'Via Mill Street (choice for Decide the diversion)' }),
    );
    await within(step('Decide the diversion')).findByText('Chose: Via Mill Street');
    expect(buttons('Decide the diversion')).toEqual([]);
  });

  it('reloads the open checklist when the core says the run changed', async () => {
    const { fake } = await openChecklist();
    const moved = runRecord([
      { def: closeExit, step: { state: 'done' } },
      { def: divert, step: { state: 'blocked', reason: 'Mill Street flooded' } },
      { def: approve },
      { def: inform, step: { state: 'pending' } },
    ]);
    fake.api.showRun.mockResolvedValueOnce(moved);
    act(() => fake.push({ type: 'run.changed', run: runSummary(moved) }));
    await within(step('Decide the diversion')).findByText('Reason: Mill Street flooded');
    expect(buttons('Decide the diversion')).toEqual(['Start', 'Skip']);
  });

  it('shows a viewer the checklist without any step action', async () => {
    await openChecklist({ viewer: whoAmI('viewer') });
    expect(buttons('Decide the diversion')).toEqual([]);
    expect(buttons('Approve full closure')).toEqual([]);
    expect(screen.queryByRole('button', { name: 'Start a playbook' })).toBeNull();
  });

  it('marks an exercise and lists the injects delivered so far', async () => {
    const exercise = runRecord([{ def: closeExit }], {
      exercise: { speed: 10 },
      injects: [
        {
          title: 'Crash at exit 4',
          text: 'Two cars, no injuries.',
          from: 'police',
          at: '2026-03-01T08:03:00.000Z',
          delivered: true,
        },
        { title: 'Press enquiry', text: '', from: null, at: '2026-03-01T09:00:00.000Z', delivered: false },
      ],
    });
    await openChecklist({ runs: [exercise] });
    const item = screen.getByRole('button', { name: /Signal failure/ }).closest('li')!;
    expect(within(item).getByText('EXERCISE')).toBeTruthy();
    const injects = screen.getByRole('region', { name: 'Exercise injects' });
    expect(within(injects).getByText('Crash at exit 4')).toBeTruthy();
    expect(within(injects).queryByText('Press enquiry')).toBeNull();
    expect(within(injects).getByText('Still to come: 1')).toBeTruthy();
  });

  it('does not mark a real run as an exercise', async () => {
    await openChecklist();
    expect(screen.queryByText('EXERCISE')).toBeNull();
  });

  it('shows conflicting outcomes side by side and lets a commander keep one', async () => {
    const conflicted = runRecord([{ def: closeExit, step: { state: 'conflict' } }], {
      conflicts: [
        {
          stepId: 'close-exit',
          status: 'open',
          candidates: [
            { ...stamp('ev-done', 'member-1', 'traffic'), outcome: 'done' },
            { ...stamp('ev-skip', 'member-2', 'police'), outcome: 'skipped' },
          ],
          resolution: null,
        },
      ],
    });
    const { fake } = await openChecklist({ runs: [conflicted], viewer: whoAmI('commander') });
    const card = screen.getByRole('article', { name: 'Conflicting outcomes of “Close exit 5”' });
    const columns = within(card).getAllByRole('listitem');
    expect(columns.map((c) => c.querySelector('.candidate-value')!.textContent)).toEqual(['Done', 'Skipped']);
    fireEvent.click(within(columns[1]!).getByRole('button', { name: /^Keep this/ }));
    await waitFor(() =>
      expect(fake.api.resolveRunConflict).toHaveBeenCalledWith({
        runId: RUN_ID,
        stepId: 'close-exit',
        chosenEventId: 'ev-skip',
      }),
    );
  });

  it('shows a responder the run conflict without buttons', async () => {
    const conflicted = runRecord([{ def: closeExit, step: { state: 'conflict' } }], {
      conflicts: [
        {
          stepId: 'close-exit',
          status: 'open',
          candidates: [
            { ...stamp('ev-done'), outcome: 'done' },
            { ...stamp('ev-skip', 'member-2', 'police'), outcome: 'skipped' },
          ],
          resolution: null,
        },
      ],
    });
    await openChecklist({ runs: [conflicted], viewer: whoAmI('responder') });
    const card = screen.getByRole('article', { name: 'Conflicting outcomes of “Close exit 5”' });
    expect(within(card).queryByRole('button')).toBeNull();
    expect(within(card).getByText('A commander resolves this conflict.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Stop the run' })).toBeNull();
  });

  it('lets a commander stop a run, with a reason', async () => {
    const { fake } = await openChecklist({ viewer: whoAmI('commander') });
    fireEvent.click(screen.getByRole('button', { name: 'Stop the run' }));
    fireEvent.change(screen.getByLabelText(/Why stop “Signal failure”/), {
      target: { value: 'Wrong playbook' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Stop the run' }));
    await waitFor(() =>
      expect(fake.api.stopRun).toHaveBeenCalledWith({ runId: RUN_ID, reason: 'Wrong playbook' }),
    );
  });
});

describe('starting a playbook', () => {
  it('lists the suggestions with their rule, then the library, and starts a suggestion', async () => {
    const { fake } = await renderRoom({ runs: [run] });
    openTab('Playbooks');
    fireEvent.click(screen.getByRole('button', { name: 'Start a playbook' }));
    const dialog = await screen.findByRole('dialog', { name: 'Start a playbook' });
    const suggested = await within(dialog).findByRole('region', { name: 'Suggested for this incident' });
    expect(within(suggested).getByText('Matched: category Transport, keyword "signal"')).toBeTruthy();
    const library = within(dialog).getByRole('region', { name: 'All playbooks' });
    expect(
      within(library)
        .getAllByRole('listitem')
        .map((li) => li.querySelector('strong')!.textContent),
    ).toEqual(['Signal failure', 'Power outage']);
    expect(fake.api.suggestPlaybooks).toHaveBeenCalledWith({ id: INCIDENT_ID });

    fireEvent.click(within(suggested).getByRole('button', { name: 'Start Signal failure' }));
    await waitFor(() =>
      expect(fake.api.startRun).toHaveBeenCalledWith({
        incidentId: INCIDENT_ID,
        playbook: { id: 'signal-failure', version: 2 },
      }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Start a playbook' })).toBeNull());
    // The new run opens into its checklist.
    await screen.findByRole('list', { name: 'Checklist of Signal failure' });
  });

  it('starts an exercise at the chosen speed from the library', async () => {
    const { fake } = await renderRoom();
    openTab('Playbooks');
    fireEvent.click(screen.getByRole('button', { name: 'Start a playbook' }));
    const dialog = await screen.findByRole('dialog', { name: 'Start a playbook' });
    await within(dialog).findByRole('region', { name: 'All playbooks' });
    fireEvent.click(within(dialog).getByRole('switch', { name: /Exercise/ }));
    fireEvent.change(within(dialog).getByLabelText(/Speed/), { target: { value: '20' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Start Power outage' }));
    await waitFor(() =>
      expect(fake.api.startRun).toHaveBeenCalledWith({
        incidentId: INCIDENT_ID,
        playbook: { id: 'power-outage', version: 1 },
        exercise: { speed: 20 },
      }),
    );
  });

  it('opens from the palette', async () => {
    const { paletteCommands } = await renderRoom();
    act(() =>
      paletteCommands()
        .find((c) => c.label === 'Start a playbook')!
        .run(),
    );
    expect(await screen.findByRole('dialog', { name: 'Start a playbook' })).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'Playbooks' }).getAttribute('aria-selected')).toBe('true');
  });
});
