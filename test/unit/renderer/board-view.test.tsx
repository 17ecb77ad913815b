import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { format } from 'date-fns';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IncidentSummary } from '../../../shared/incident';
import { compareIncidents } from '../../../renderer/src/features/incidents/board-order';
import { loadBoardModules, renderBoard, rowOf, sizeScrollContainer, table, titles } from './board-fixtures';
import { roomSync, summary, syncStatus } from './fake-api';

beforeAll(loadBoardModules);

beforeEach(() => {
  sizeScrollContainer();
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  delete window.muster;
});

/** Picks `option` in the Mantine select or multi-select labelled `label`. */
async function choose(label: string, option: string) {
  fireEvent.click(screen.getByLabelText(label, { selector: 'input' }));
  // The create form's native selects have options too: look only in this input's list. jsdom lays
  // nothing out, so Mantine keeps the open list hidden as if its input were scrolled out of view.
  const listbox = await screen.findByRole('listbox', { name: label, hidden: true });
  fireEvent.click(within(listbox).getByRole('option', { name: option, hidden: true }));
}

/** A board with one incident of each kind the filters tell apart. */
const mixed = (): IncidentSummary[] => [
  summary('c', 'Substation 14 outage', {
    severity: 'critical',
    leadDepartment: 'energy',
    departments: ['energy'],
  }),
  summary('m', 'Pile-up on the A4', {
    severity: 'major',
    status: 'active',
    leadDepartment: 'police',
    departments: ['police', 'traffic'],
    tlp: 'AMBER',
  }),
  summary('x', 'Phishing wave at City Hall', {
    severity: 'moderate',
    leadDepartment: 'it',
    departments: ['it'],
  }),
  summary('z', 'Old closed case', { severity: 'minor', status: 'closed' }),
];

describe('BoardView list', () => {
  it('shows each incident with every column, from what the core returns', async () => {
    const incident = summary('a', 'Pile-up on the A4', {
      severity: 'major',
      status: 'active',
      leadDepartment: 'police',
      departments: ['police', 'traffic'],
      tlp: 'AMBER',
      openConflicts: 2,
    });
    await renderBoard({ incidents: [incident] });
    await screen.findByText('Pile-up on the A4');
    expect(
      within(table())
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Severity', 'Title', 'Status', 'Lead', 'Departments', 'TLP', 'Conflicts', 'Sync', 'Reported']);
    const cells = within(rowOf('Pile-up on the A4')).getAllByRole('cell');
    expect(cells.map((c) => c.textContent)).toEqual([
      'major',
      'Pile-up on the A4',
      'active',
      'Police',
      'PoliceTraffic',
      'TLP:AMBER',
      '⚠ 22 open conflicts',
      // No hub is set, so nothing syncs: said quietly rather than "offline" on every row.
      'no hub set',
      expect.stringMatching(/ago$/),
    ]);
    // The lead's badge carries the department's colour.
    expect(
      cells[3]!
        .querySelector<HTMLElement>('.department-swatch')!
        .style.getPropertyValue('--department-colour'),
    ).toBe('#1d4ed8');
    expect(cells[8]!.querySelector('time')!.getAttribute('datetime')).toBe(incident.createdAt);
  });

  it('renders only the rows in view of 2,000 incidents, in board order', async () => {
    // As the core lists them: most severe first, then newest.
    const incidents = Array.from({ length: 2000 }, (_, i) =>
      summary(`id-${String(i).padStart(4, '0')}`, `Incident ${i}`, {
        severity: i < 1000 ? 'critical' : 'minor',
      }),
    ).sort(compareIncidents);
    await renderBoard({ incidents });
    await screen.findByText('Incident 999');
    const rows = within(table()).getAllByRole('row').slice(1);
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(40);
    expect(table().getAttribute('aria-rowcount')).toBe('2001');
    expect(titles().slice(0, 3)).toEqual(['Incident 999', 'Incident 998', 'Incident 997']);
    expect(screen.getByText('Showing 2000 of 2000 incidents')).toBeTruthy();
  });

  it('sorts by a header: its natural order, then reversed, then back to board order', async () => {
    await renderBoard({ incidents: mixed() });
    await screen.findByText('Pile-up on the A4');
    const header = () => screen.getByRole('columnheader', { name: 'Title' });
    expect(titles()).toEqual(['Substation 14 outage', 'Pile-up on the A4', 'Phishing wave at City Hall']);
    expect(header().getAttribute('aria-sort')).toBe('none');

    fireEvent.click(screen.getByRole('button', { name: 'Title' }));
    expect(header().getAttribute('aria-sort')).toBe('ascending');
    expect(titles()).toEqual(['Phishing wave at City Hall', 'Pile-up on the A4', 'Substation 14 outage']);

    fireEvent.click(screen.getByRole('button', { name: 'Title' }));
    expect(header().getAttribute('aria-sort')).toBe('descending');
    expect(titles()).toEqual(['Substation 14 outage', 'Pile-up on the A4', 'Phishing wave at City Hall']);

    fireEvent.click(screen.getByRole('button', { name: 'TLP' }));
    expect(header().getAttribute('aria-sort')).toBe('none');
    expect(screen.getByRole('columnheader', { name: 'TLP' }).getAttribute('aria-sort')).toBe('descending');
    expect(titles()[0]).toBe('Pile-up on the A4');
  });

  it('hides closed incidents until the status filter asks for them', async () => {
    await renderBoard({ incidents: mixed() });
    await screen.findByText('Pile-up on the A4');
    expect(screen.queryByText('Old closed case')).toBeNull();
    expect(screen.getByText('Showing 3 of 4 incidents')).toBeTruthy();
    await choose('Statuses', 'closed');
    expect(titles()).toContain('Old closed case');
  });

  it('filters by severity, department (lead or involved), TLP and title text', async () => {
    await renderBoard({ incidents: mixed() });
    await screen.findByText('Pile-up on the A4');

    await choose('Severities', 'critical');
    expect(titles()).toEqual(['Substation 14 outage']);
    await choose('Severities', 'moderate');
    expect(titles()).toEqual(['Substation 14 outage', 'Phishing wave at City Hall']);
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));

    // Traffic leads nothing here but is involved in the pile-up.
    await choose('Department', 'Traffic');
    expect(titles()).toEqual(['Pile-up on the A4']);
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));

    await choose('TLP markings', 'TLP:AMBER');
    expect(titles()).toEqual(['Pile-up on the A4']);
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));

    fireEvent.change(screen.getByLabelText('Title contains'), { target: { value: 'PHISHING' } });
    expect(titles()).toEqual(['Phishing wave at City Hall']);
    fireEvent.change(screen.getByLabelText('Title contains'), { target: { value: 'nothing like it' } });
    expect(screen.getByText('No incidents match the filters.')).toBeTruthy();
  });

  it('updates and inserts rows as incidents change, keeping the chosen sort', async () => {
    const incidents = mixed();
    const fake = await renderBoard({ incidents });
    await screen.findByText('Pile-up on the A4');
    fireEvent.click(screen.getByRole('button', { name: 'Title' }));

    act(() =>
      fake.push({
        type: 'incident.changed',
        incident: summary('n', 'Gas leak on Harbour Rd', { severity: 'minor' }),
      }),
    );
    act(() =>
      fake.push({
        type: 'incident.changed',
        incident: { ...incidents[0]!, title: 'Substation 14 outage', status: 'contained', openConflicts: 1 },
      }),
    );

    expect(titles()).toEqual([
      'Gas leak on Harbour Rd',
      'Phishing wave at City Hall',
      'Pile-up on the A4',
      'Substation 14 outage',
    ]);
    const updated = within(rowOf('Substation 14 outage')).getAllByRole('cell');
    expect(updated[2]!.textContent).toBe('contained');
    expect(updated[6]!.textContent).toContain('1 open conflict');
  });

  it("shows each row's room sync state and follows sync.changed", async () => {
    const since = new Date();
    since.setHours(14, 5, 0, 0);
    const sync = syncStatus({
      hubs: ['ws://hub.riverton.example:4871'],
      rooms: [
        roomSync('incident:a', { state: 'offline', since: since.toISOString(), pendingChanges: 3 }),
        roomSync('incident:b', { state: 'syncing', since: null }),
      ],
    });
    const fake = await renderBoard({
      incidents: [
        summary('a', 'Bridge closed'),
        summary('b', 'Water main burst'),
        summary('c', 'Not shared'),
      ],
      sync,
    });
    const syncCell = (title: string) => within(rowOf(title)).getAllByRole('cell')[7]!;
    await waitFor(() =>
      expect(syncCell('Bridge closed').textContent).toBe('offline since 14:05 · 3 waiting'),
    );
    expect(syncCell('Bridge closed').querySelector('.sync-offline .sync-dot')).not.toBeNull();
    expect(syncCell('Water main burst').textContent).toBe('syncing');
    expect(syncCell('Not shared').textContent).toBe('not synced yet');

    const back = new Date();
    act(() =>
      fake.push({
        type: 'sync.changed',
        status: { ...sync, rooms: [roomSync('incident:a', { since: back.toISOString() })] },
      }),
    );
    expect(syncCell('Bridge closed').textContent).toBe(`online since ${format(back, 'HH:mm')}`);
  });
});

describe('BoardView opening and keyboard', () => {
  it('opens an incident on click and on Enter', async () => {
    const board = await renderBoard({ incidents: mixed() });
    await screen.findByText('Pile-up on the A4');
    fireEvent.click(screen.getByText('Pile-up on the A4'));
    expect(board.navigation.getState().view).toEqual({ name: 'incident', incidentId: 'm' });

    board.navigation.getState().go({ name: 'board' });
    fireEvent.keyDown(rowOf('Phishing wave at City Hall'), { key: 'Enter' });
    expect(board.navigation.getState().view).toEqual({ name: 'incident', incidentId: 'x' });
  });

  it('keeps one row in the Tab order and moves focus between rows with the arrow keys', async () => {
    await renderBoard({ incidents: mixed() });
    await screen.findByText('Pile-up on the A4');
    const tabbable = () =>
      within(table())
        .getAllByRole('row')
        .filter((row) => row.tabIndex === 0);
    expect(tabbable()).toEqual([rowOf('Substation 14 outage')]);

    rowOf('Substation 14 outage').focus();
    fireEvent.keyDown(rowOf('Substation 14 outage'), { key: 'ArrowDown' });
    expect(document.activeElement).toBe(rowOf('Pile-up on the A4'));
    fireEvent.keyDown(rowOf('Pile-up on the A4'), { key: 'End' });
    expect(document.activeElement).toBe(rowOf('Phishing wave at City Hall'));
    fireEvent.keyDown(rowOf('Phishing wave at City Hall'), { key: 'ArrowUp' });
    expect(document.activeElement).toBe(rowOf('Pile-up on the A4'));
    expect(tabbable()).toEqual([rowOf('Pile-up on the A4')]);
  });
});

describe('BoardView palette commands', () => {
  it('registers New incident, a department filter per department and Clear filters', async () => {
    const board = await renderBoard({ incidents: mixed() });
    await screen.findByText('Pile-up on the A4');
    const commands = board.commands.getState().groups.board ?? [];
    expect(commands.map((c) => c.label)).toEqual([
      'New incident',
      'Filter by department: Police',
      'Filter by department: Traffic',
      'Filter by department: Energy',
      'Filter by department: IT',
      'Clear filters',
    ]);
    expect(commands[0]!.shortcut).toBe('alt+N');

    act(() => commands[0]!.run());
    expect(document.activeElement).toBe(screen.getByLabelText('Title'));

    act(() => commands.find((c) => c.label === 'Filter by department: Energy')!.run());
    expect(titles()).toEqual(['Substation 14 outage']);
    act(() => commands.at(-1)!.run());
    expect(titles()).toHaveLength(3);

    cleanup();
    expect(board.commands.getState().groups.board).toBeUndefined();
  });
});
