import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { IncidentSummary } from '../../../shared/incident';
import { DEFAULT_DEPARTMENTS } from '../../../shared/identity';
import { fakeDesktopApi, summary, withFakeApi } from './fake-api';

async function renderPage(initial: IncidentSummary[]) {
  const fake = fakeDesktopApi({ incidents: initial });
  const { IncidentsPage } = await withFakeApi(
    fake,
    () => import('../../../renderer/src/features/incidents/IncidentsPage'),
  );
  render(<IncidentsPage departments={DEFAULT_DEPARTMENTS} />);
  return fake;
}

/** The board's titles, top to bottom. */
const titles = () =>
  within(screen.getByRole('table', { name: 'Incidents' }))
    .getAllByRole('row')
    .slice(1)
    .map((row) => row.querySelector('.title')?.textContent);

const rowOf = (title: string) => screen.getByText(title).closest('tr')!;

afterEach(() => {
  cleanup();
  delete window.muster;
});

describe('IncidentsPage', () => {
  it('lists what the core returns: severity, title, status, lead department and reported time', async () => {
    const incident = summary('a', 'Substation 14 outage', { severity: 'major', leadDepartment: 'energy' });
    await renderPage([incident]);
    const table = await screen.findByRole('table', { name: 'Incidents' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Severity', 'Title', 'Status', 'Lead', 'Reported']);
    const cells = within(rowOf('Substation 14 outage')).getAllByRole('cell');
    expect(cells.map((c) => c.textContent)).toEqual([
      'major',
      'Substation 14 outage',
      'reported',
      'Energy',
      expect.stringMatching(/ago$/),
    ]);
    expect(cells[4]!.querySelector('time')?.getAttribute('datetime')).toBe(incident.createdAt);
    expect(within(table).queryByText(/open conflict/)).toBeNull();
  });

  it('marks incidents with open conflicts and names a lead department it does not know by its id', async () => {
    await renderPage([
      summary('a', 'Resolve vs escalate on Canal St', { openConflicts: 2, status: 'active' }),
      summary('b', 'Water main burst', { openConflicts: 1, leadDepartment: 'water' }),
      summary('c', 'No lead yet', { leadDepartment: null }),
    ]);
    await screen.findByRole('table', { name: 'Incidents' });
    expect(within(rowOf('Resolve vs escalate on Canal St')).getByText('2 open conflicts')).toBeTruthy();
    expect(within(rowOf('Water main burst')).getByText('1 open conflict')).toBeTruthy();
    expect(within(rowOf('Water main burst')).getByText('water')).toBeTruthy();
    expect(within(rowOf('No lead yet')).getByText('none')).toBeTruthy();
    expect(within(rowOf('No lead yet')).queryByText(/open conflict/)).toBeNull();
  });

  it('shows an unreadable reported time as unknown instead of failing the board', async () => {
    await renderPage([summary('a', 'Clock stamp from a broken peer', { createdAt: '' })]);
    await screen.findByRole('table', { name: 'Incidents' });
    expect(within(rowOf('Clock stamp from a broken peer')).getAllByRole('cell')[4]!.textContent).toBe(
      'unknown',
    );
  });

  it('creates an incident from the form and shows it once', async () => {
    const fake = await renderPage([]);
    await screen.findByText(/No incidents/);
    fireEvent.change(screen.getByLabelText('Title'), {
      target: { value: 'Ransomware on signal controllers' },
    });
    fireEvent.change(screen.getByLabelText('Severity'), { target: { value: 'critical' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create incident' }));
    await screen.findByText('Ransomware on signal controllers');
    expect(fake.api.createIncident).toHaveBeenCalledWith({
      title: 'Ransomware on signal controllers',
      severity: 'critical',
    });
    await waitFor(() => expect((screen.getByLabelText('Title') as HTMLInputElement).value).toBe(''));
    // The same incident arriving again (another window's echo) is not duplicated.
    const echo = fake.api.createIncident.mock.results[0]!.value as Promise<IncidentSummary>;
    const created = await echo;
    act(() => fake.push({ type: 'incident.changed', incident: created }));
    expect(screen.getAllByText('Ransomware on signal controllers')).toHaveLength(1);
  });

  it("shows the core's message when it refuses the input and keeps what was typed", async () => {
    await renderPage([]);
    fireEvent.change(screen.getByLabelText('Title'), { target: { value: '   ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create incident' }));
    expect((await screen.findByRole('alert')).textContent).toBe('title must not be empty');
    expect((screen.getByLabelText('Title') as HTMLInputElement).value).toBe('   ');
  });

  it('puts incidents others create in board order: most severe first, then newest', async () => {
    const older = summary('m1', 'Older major', { severity: 'major' });
    const fake = await renderPage([summary('c1', 'Critical', { severity: 'critical' }), older]);
    await screen.findByText('Older major');

    act(() =>
      fake.push({ type: 'incident.changed', incident: summary('n1', 'Newer major', { severity: 'major' }) }),
    );
    act(() =>
      fake.push({ type: 'incident.changed', incident: summary('x1', 'Minor', { severity: 'minor' }) }),
    );
    act(() => fake.push({ type: 'incident.changed', incident: summary('c0', 'New critical') }));

    expect(titles()).toEqual(['New critical', 'Critical', 'Newer major', 'Older major', 'Minor']);
  });

  it('replaces an incident that changed, in place or in its new place in the order', async () => {
    const bridge = summary('c1', 'Bridge closed', { severity: 'critical' });
    const major = summary('m1', 'Flooded underpass', { severity: 'major' });
    const fake = await renderPage([bridge, major]);
    await screen.findByText('Flooded underpass');

    act(() =>
      fake.push({
        type: 'incident.changed',
        incident: { ...major, status: 'active', openConflicts: 1, updatedAt: new Date().toISOString() },
      }),
    );
    expect(titles()).toEqual(['Bridge closed', 'Flooded underpass']);
    expect(within(rowOf('Flooded underpass')).getByText(/^active/)).toBeTruthy();
    expect(within(rowOf('Flooded underpass')).getByText('1 open conflict')).toBeTruthy();

    // Raised to critical: it is now the most severe and (being created later) comes first.
    act(() =>
      fake.push({
        type: 'incident.changed',
        incident: { ...major, severity: 'critical', title: 'Flooded underpass, cars trapped' },
      }),
    );
    expect(titles()).toEqual(['Flooded underpass, cars trapped', 'Bridge closed']);
    expect(screen.queryByText('Flooded underpass')).toBeNull();
  });

  it('reloads the list when the link to the core comes back', async () => {
    const fake = await renderPage([]);
    await screen.findByText(/No incidents/);
    fake.api.listIncidents.mockResolvedValueOnce([summary('c', 'Created while we were offline')]);
    act(() => fake.push({ type: 'connection.restored' }));
    await screen.findByText('Created while we were offline');
    expect(fake.api.listIncidents).toHaveBeenCalledTimes(2);
  });

  it('stops listening when it goes away', async () => {
    const fake = await renderPage([]);
    await screen.findByText(/No incidents/);
    expect(fake.subscribers()).toBe(1);
    cleanup();
    expect(fake.subscribers()).toBe(0);
  });
});
