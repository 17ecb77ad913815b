import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  loadBoardModules,
  renderBoard,
  rowOf,
  runRecord,
  runSummary,
  sizeScrollContainer,
  titles,
} from './board-fixtures';
import { summary } from './fake-api';

beforeAll(loadBoardModules);

beforeEach(() => {
  sizeScrollContainer();
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  delete window.muster;
});

const lanes = () => screen.getByRole('group', { name: 'Departments' });
const lane = (name: string) => within(lanes()).getByRole('button', { name: new RegExp(`^${name}`) });

const incidents = () => [
  summary('c', 'Substation 14 outage', { leadDepartment: 'energy', departments: ['energy', 'traffic'] }),
  summary('m', 'Pile-up on the A4', {
    severity: 'major',
    leadDepartment: 'police',
    departments: ['police', 'traffic'],
  }),
  summary('t', 'Signal failure at Ring Road 2', {
    severity: 'major',
    leadDepartment: 'traffic',
    departments: ['traffic'],
  }),
  // Closed incidents count for no lane.
  summary('z', 'Old closed case', { severity: 'minor', status: 'closed', leadDepartment: 'traffic' }),
];

/** One run with two overdue steps (one owned by Police, one by a role that Energy is accountable for). */
const overdueRun = () => ({
  runs: [runSummary('run-1', ['s3', 's4']), runSummary('run-2')],
  records: [
    runRecord('run-1', [
      { id: 's1', overdue: false, owner: { department: 'it' }, accountable: { department: 'it' } },
      { id: 's3', overdue: true, owner: { department: 'police' }, accountable: { department: 'police' } },
      { id: 's4', overdue: true, owner: { role: 'operations' }, accountable: { department: 'energy' } },
    ]),
  ],
});

describe('department lanes', () => {
  it('count open incidents each department leads and is involved in, and its overdue steps', async () => {
    const board = await renderBoard({ incidents: incidents(), ...overdueRun() });
    await waitFor(() => expect(lane('Police').textContent).toBe('PoliceLeads 1Involved 1Overdue steps 1'));
    expect(lane('Traffic').textContent).toBe('TrafficLeads 1Involved 3Overdue steps 0');
    expect(lane('Energy').textContent).toBe('EnergyLeads 1Involved 1Overdue steps 1');
    expect(lane('IT').textContent).toBe('ITLeads 0Involved 0Overdue steps 0');
    expect(board.api.listRuns).toHaveBeenCalledWith({ active: true });
    // Only a run with overdue steps is opened to find their owners.
    expect(board.api.showRun.mock.calls).toEqual([[{ runId: 'run-1' }]]);
    expect(lane('Police').style.getPropertyValue('--department-colour')).toBe('#1d4ed8');
  });

  it('filter the list to their department when clicked, and clear it when clicked again', async () => {
    await renderBoard({ incidents: incidents() });
    await screen.findByText('Pile-up on the A4');
    fireEvent.click(lane('Police'));
    expect(lane('Police').getAttribute('aria-pressed')).toBe('true');
    expect(titles()).toEqual(['Pile-up on the A4']);

    fireEvent.click(lane('Traffic'));
    expect(lane('Police').getAttribute('aria-pressed')).toBe('false');
    expect(titles()).toEqual(['Substation 14 outage', 'Pile-up on the A4', 'Signal failure at Ring Road 2']);

    fireEvent.click(lane('Traffic'));
    expect(lane('Traffic').getAttribute('aria-pressed')).toBe('false');
    expect(titles()).toHaveLength(3);
  });

  it('recount overdue steps when a run changes', async () => {
    const { runs, records } = overdueRun();
    const board = await renderBoard({ incidents: incidents(), runs, records });
    await waitFor(() => expect(lane('Police').textContent).toContain('Overdue steps 1'));

    // Police's step was done; IT's step is now late.
    board.api.showRun.mockResolvedValueOnce(
      runRecord('run-1', [
        { id: 's1', overdue: true, owner: { department: 'it' }, accountable: { department: 'it' } },
        { id: 's4', overdue: true, owner: { role: 'operations' }, accountable: { department: 'energy' } },
      ]),
    );
    act(() => board.push({ type: 'run.changed', run: runSummary('run-1', ['s1', 's4']) }));
    await waitFor(() => expect(lane('IT').textContent).toContain('Overdue steps 1'));
    expect(lane('Police').textContent).toContain('Overdue steps 0');

    // A run that ends no longer counts, and needs no second look.
    const calls = board.api.showRun.mock.calls.length;
    act(() => board.push({ type: 'run.changed', run: runSummary('run-1', ['s1'], { status: 'completed' }) }));
    await waitFor(() => expect(lane('IT').textContent).toContain('Overdue steps 0'));
    expect(board.api.showRun).toHaveBeenCalledTimes(calls);
  });

  it('reload incidents, sync state and runs when the link to the core comes back', async () => {
    const board = await renderBoard({ incidents: incidents() });
    await screen.findByText('Pile-up on the A4');
    board.api.listIncidents.mockResolvedValueOnce([summary('n', 'Created while we were offline')]);
    act(() => board.push({ type: 'connection.restored' }));
    await screen.findByText('Created while we were offline');
    expect(board.api.listIncidents).toHaveBeenCalledTimes(2);
    expect(board.api.getSyncStatus).toHaveBeenCalledTimes(2);
    expect(board.api.listRuns).toHaveBeenCalledTimes(2);
  });
});

describe('quick create form', () => {
  const form = () => screen.getByRole('form', { name: 'New incident' });

  it('creates an incident with its category and lead, shows it once and clears the title', async () => {
    const board = await renderBoard({ incidents: [] });
    await screen.findByText('No incidents. Create one above when something happens.');
    fireEvent.change(within(form()).getByLabelText('Title'), {
      target: { value: 'Ransomware on signal controllers' },
    });
    fireEvent.change(within(form()).getByLabelText('Severity'), { target: { value: 'critical' } });
    fireEvent.change(within(form()).getByLabelText('Category'), { target: { value: 'Security' } });
    fireEvent.change(within(form()).getByLabelText('Lead department'), { target: { value: 'it' } });
    fireEvent.click(within(form()).getByRole('button', { name: 'Create incident' }));

    await screen.findByText('Ransomware on signal controllers', { selector: '.title' });
    expect(board.api.createIncident).toHaveBeenCalledWith({
      title: 'Ransomware on signal controllers',
      severity: 'critical',
      category: 'Security',
      leadDepartment: 'it',
    });
    await waitFor(() => expect((within(form()).getByLabelText('Title') as HTMLInputElement).value).toBe(''));
    expect(rowOf('Ransomware on signal controllers').getAttribute('data-incident-id')).toBe('new');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('leaves the lead to the core (the creator’s department) unless one is chosen', async () => {
    const board = await renderBoard({ incidents: [] });
    await screen.findByText(/No incidents/);
    fireEvent.change(within(form()).getByLabelText('Title'), { target: { value: 'Gas leak' } });
    fireEvent.click(within(form()).getByRole('button', { name: 'Create incident' }));
    await screen.findByText('Gas leak', { selector: '.title' });
    expect(board.api.createIncident).toHaveBeenCalledWith({
      title: 'Gas leak',
      severity: 'major',
      category: 'Other',
    });
  });

  it.each([
    ['an empty title', ''],
    ['a whitespace-only title', '   '],
  ])('refuses %s with a visible error and creates nothing', async (_case, title) => {
    const board = await renderBoard({ incidents: [summary('a', 'Power cut in the Old Town')] });
    await screen.findByText('Power cut in the Old Town');
    fireEvent.change(within(form()).getByLabelText('Title'), { target: { value: title } });
    fireEvent.click(within(form()).getByRole('button', { name: 'Create incident' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The title must not be empty.');
    expect(board.api.createIncident).not.toHaveBeenCalled();
    expect(titles()).toEqual(['Power cut in the Old Town']);
    expect((within(form()).getByLabelText('Title') as HTMLInputElement).value).toBe(title);
  });

  it("shows the core's reason when it refuses an incident", async () => {
    const board = await renderBoard({ incidents: [] });
    await screen.findByText(/No incidents/);
    board.api.createIncident.mockRejectedValueOnce(new Error('you may not create incidents (viewer)'));
    fireEvent.change(within(form()).getByLabelText('Title'), { target: { value: 'Gas leak' } });
    fireEvent.click(within(form()).getByRole('button', { name: 'Create incident' }));
    expect((await screen.findByRole('alert')).textContent).toBe('you may not create incidents (viewer)');
  });
});
