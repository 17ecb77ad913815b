import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Conflict, TaskRecord } from '../../../shared/incident-record/record';
import { ICS_ROLE_LABELS } from '../../../shared/incident-record/vocabulary';
import en from '../../../renderer/src/features/incident-room/locales/en.json';
import {
  INCIDENT_ID,
  incidentRecord,
  loadRoomModules,
  openTab,
  renderRoom,
  stamp,
  timelineEntry,
  whoAmI,
} from './incident-room-fixtures';

beforeAll(loadRoomModules, 60_000);

afterEach(() => {
  cleanup();
  delete window.muster;
});

const task = (id: string, title: string, fields: Partial<TaskRecord> = {}): TaskRecord => ({
  id,
  title,
  description: '',
  raci: {
    responsible: [{ kind: 'department', id: 'traffic' }],
    accountable: { kind: 'member', id: 'member-1' },
    consulted: [],
    informed: [],
  },
  due: null,
  state: 'open',
  created: stamp(`ev-${id}`),
  acknowledged: null,
  ...fields,
});

/** The text of each field of the summary's definition list. */
function summaryFields(): Record<string, string> {
  const list = screen.getByRole('tabpanel', { name: 'Summary' }).querySelector('dl')!;
  const fields: Record<string, string> = {};
  for (const term of list.querySelectorAll('dt'))
    fields[term.textContent!] = term.nextElementSibling!.textContent!;
  return fields;
}

describe('incident room: summary and status', () => {
  it('shows the incident as showIncident returns it', async () => {
    const { fake } = await renderRoom();
    expect(fake.api.showIncident).toHaveBeenCalledWith({ id: INCIDENT_ID });
    expect(summaryFields()).toMatchObject({
      Title: 'Signal failure at Ring Road 2',
      Severity: 'Major',
      Priority: 'P2',
      TLP: 'TLP:AMBER',
      Status: 'Reported',
      Category: 'Transport',
      'Lead department': 'Traffic',
      Departments: 'TrafficPolice',
      Location: 'Ring Road 2, exit 5 · North',
      Description: 'All signals dark between exits 4 and 6.',
    });
  });

  it('offers the next statuses of the lifecycle and changes the status through the core', async () => {
    const { fake } = await renderRoom({ record: incidentRecord({ status: 'acknowledged' }) });
    const controls = screen.getByRole('group', { name: 'Change status' });
    expect(
      within(controls)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['Mark active', 'Resolve']);

    fake.setRecord(incidentRecord({ status: 'resolved' }));
    fireEvent.click(within(controls).getByRole('button', { name: 'Resolve' }));
    await waitFor(() => expect(summaryFields().Status).toBe('Resolved'));
    expect(fake.api.changeIncidentStatus).toHaveBeenCalledWith({ id: INCIDENT_ID, to: 'resolved' });
    expect(
      within(controls)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['Close', 'Reopen']);
  });

  it('reopens a resolved incident only with a reason', async () => {
    const { fake } = await renderRoom({ record: incidentRecord({ status: 'resolved' }) });
    fireEvent.click(screen.getByRole('button', { name: 'Reopen' }));
    fireEvent.change(screen.getByLabelText('Reopen as'), { target: { value: 'active' } });
    const confirm = screen.getByRole('button', { name: 'Reopen' });
    expect((confirm as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByLabelText(/Why is it reopened/), {
      target: { value: 'Signals failed again' },
    });
    fireEvent.click(confirm);
    await waitFor(() =>
      expect(fake.api.changeIncidentStatus).toHaveBeenCalledWith({
        id: INCIDENT_ID,
        to: 'active',
        reopen: true,
        reason: 'Signals failed again',
      }),
    );
  });

  it("shows the core's refusal of a status change as an alert", async () => {
    const { fake } = await renderRoom();
    fake.api.changeIncidentStatus.mockRejectedValueOnce(new Error('a viewer cannot change incidents'));
    fireEvent.click(screen.getByRole('button', { name: 'Acknowledge' }));
    expect((await screen.findByRole('alert')).textContent).toBe('a viewer cannot change incidents');
  });

  it('sends only the fields that changed when the details are edited', async () => {
    const { fake } = await renderRoom();
    fireEvent.click(screen.getByRole('button', { name: 'Edit details' }));
    const form = screen.getByRole('form', { name: 'Edit the incident' });
    fireEvent.change(within(form).getByLabelText('Severity'), { target: { value: 'critical' } });
    fireEvent.click(within(form).getByLabelText('Energy'));
    fireEvent.change(within(form).getByLabelText('Area'), { target: { value: 'North-east' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Edit the incident' })).toBeNull());
    expect(fake.api.updateIncident).toHaveBeenCalledWith({
      id: INCIDENT_ID,
      severity: 'critical',
      addDepartments: ['energy'],
      location: { address: 'Ring Road 2, exit 5', area: 'North-east' },
    });
  });

  it('goes back to the board', async () => {
    const { view } = await renderRoom();
    expect(view()).toEqual({ name: 'incident', incidentId: INCIDENT_ID });
    fireEvent.click(screen.getByRole('button', { name: 'Back to the board' }));
    expect(view()).toEqual({ name: 'board' });
  });

  it('reloads when the core says this incident changed, not another', async () => {
    const { fake } = await renderRoom();
    fake.setRecord(incidentRecord({ title: 'Signal failure, now with a crash' }));
    const changed = { id: 'other', title: 'x' } as never;
    act(() => fake.push({ type: 'incident.changed', incident: changed }));
    expect(fake.api.showIncident).toHaveBeenCalledTimes(1);
    act(() => fake.push({ type: 'incident.changed', incident: { id: INCIDENT_ID } as never }));
    await screen.findByRole('heading', { level: 2, name: 'Signal failure, now with a crash' });
  });
});

describe('incident room: responsibilities', () => {
  it('names every ICS role as ICS_ROLE_LABELS does', () => {
    expect(en.icsRole).toEqual(ICS_ROLE_LABELS);
  });

  it('assigns a role to a department', async () => {
    const { fake } = await renderRoom();
    openTab('Responsibilities');
    const roles = screen.getByRole('table', { name: 'ICS roles and their holders' });
    const row = within(roles).getByRole('rowheader', { name: 'Incident Commander' }).closest('tr')!;
    expect(within(row).getAllByRole('cell')[0]!.textContent).toBe('nobody');

    const holder = { kind: 'department' as const, id: 'police' };
    fake.setRecord(
      incidentRecord({
        roles: incidentRecord().roles.map((r) => (r.role === 'incident-commander' ? { ...r, holder } : r)),
      }),
    );
    fireEvent.change(within(row).getByLabelText('New holder of Incident Commander'), {
      target: { value: 'department:police' },
    });
    fireEvent.click(within(row).getByRole('button', { name: 'Assign Incident Commander' }));
    await waitFor(() =>
      expect(
        within(roles).getByRole('rowheader', { name: 'Incident Commander' }).nextElementSibling!.textContent,
      ).toBe('Police'),
    );
    expect(fake.api.assignIncidentRole).toHaveBeenCalledWith({
      id: INCIDENT_ID,
      role: 'incident-commander',
      holder,
    });
  });

  it('assigns a role to a member from the directory', async () => {
    const { fake } = await renderRoom();
    openTab('Responsibilities');
    const select = await screen.findByLabelText('New holder of Safety Officer');
    await within(select).findByRole('option', { name: 'Cai Wen (Energy)' });
    fireEvent.change(select, { target: { value: 'member:member-3' } });
    fireEvent.click(screen.getByRole('button', { name: 'Assign Safety Officer' }));
    await waitFor(() =>
      expect(fake.api.assignIncidentRole).toHaveBeenCalledWith({
        id: INCIDENT_ID,
        role: 'safety',
        holder: { kind: 'member', id: 'member-3' },
      }),
    );
  });

  it('shows each task as R, A, C and I letters by department, members counted in theirs', async () => {
    const record = incidentRecord({
      tasks: [
        task('t1', 'Close exit 5', {
          raci: {
            responsible: [
              { kind: 'department', id: 'traffic' },
              { kind: 'member', id: 'member-2' },
            ],
            accountable: { kind: 'member', id: 'member-1' },
            consulted: [{ kind: 'department', id: 'energy' }],
            informed: [{ kind: 'department', id: 'it' }],
          },
        }),
        task('t2', 'Restore power to signals', {
          raci: {
            responsible: [{ kind: 'department', id: 'energy' }],
            accountable: { kind: 'department', id: 'energy' },
            consulted: [],
            informed: [{ kind: 'department', id: 'traffic' }],
          },
        }),
      ],
    });
    await renderRoom({ record });
    openTab('Responsibilities');
    const matrix = screen.getByRole('table', { name: 'RACI matrix: tasks by department' });
    expect(
      within(matrix)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Task', 'Police', 'Traffic', 'Energy', 'IT']);
    const letters = (title: string) =>
      within(within(matrix).getByRole('rowheader', { name: title }).closest('tr')!)
        .getAllByRole('cell')
        .map((c) => c.textContent);
    // member-2 is in the police department, member-1 in traffic.
    await waitFor(() => expect(letters('Close exit 5')).toEqual(['R', 'RA', 'C', 'I']));
    expect(letters('Restore power to signals')).toEqual(['', 'I', 'RA', '']);
    expect(within(matrix).getAllByTitle('Accountable')).toHaveLength(2);
  });

  it('creates a task for the chosen departments with a due time', async () => {
    const { fake } = await renderRoom();
    openTab('Responsibilities');
    const form = screen.getByRole('form', { name: 'New task' });
    fireEvent.change(within(form).getByLabelText(/^Task title/), { target: { value: 'Close exit 5' } });
    expect((within(form).getByLabelText('Traffic') as HTMLInputElement).checked).toBe(true);
    fireEvent.click(within(form).getByLabelText('Police'));
    fireEvent.change(within(form).getByLabelText('Due (optional)'), {
      target: { value: '2026-03-01T10:30' },
    });
    fireEvent.click(within(form).getByRole('button', { name: 'Add task' }));
    await waitFor(() => expect(fake.api.createTask).toHaveBeenCalled());
    expect(fake.api.createTask).toHaveBeenCalledWith({
      id: INCIDENT_ID,
      title: 'Close exit 5',
      responsible: [
        { kind: 'department', id: 'traffic' },
        { kind: 'department', id: 'police' },
      ],
      due: new Date('2026-03-01T10:30').toISOString(),
    });
    await waitFor(() =>
      expect((within(form).getByLabelText(/^Task title/) as HTMLInputElement).value).toBe(''),
    );
  });

  it('acknowledges an open task and offers what its new state allows', async () => {
    const open = task('t1', 'Close exit 5');
    const { fake } = await renderRoom({ record: incidentRecord({ tasks: [open] }) });
    openTab('Responsibilities');
    const tasks = screen.getByRole('table', { name: 'Tasks' });
    const row = () => within(tasks).getByRole('rowheader', { name: 'Close exit 5' }).closest('tr')!;
    expect(
      within(row())
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['Acknowledge', 'Complete', 'Cancel task']);
    fake.setRecord(incidentRecord({ tasks: [{ ...open, state: 'acknowledged' }] }));
    fireEvent.click(within(row()).getByRole('button', { name: 'Acknowledge: Close exit 5' }));
    await waitFor(() => expect(within(row()).getAllByRole('cell')[0]!.textContent).toBe('Acknowledged'));
    expect(fake.api.changeTaskState).toHaveBeenCalledWith({
      id: INCIDENT_ID,
      taskId: 't1',
      action: 'acknowledge',
    });
    expect(
      within(row())
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['Complete', 'Cancel task']);
  });
});

describe('incident room: log', () => {
  const timeline = [
    timelineEntry('created', { kind: 'created', type: 'incident.created', text: 'created the incident' }),
    timelineEntry('status', {
      kind: 'status',
      type: 'incident.status_changed',
      text: 'reported -> acknowledged',
      department: 'police',
      actor: 'member-2',
    }),
    timelineEntry('note-1', { text: 'Two crews on site' }),
    timelineEntry('run', {
      kind: 'playbook',
      type: 'run.step',
      text: 'playbook step close-exit done',
      department: 'police',
    }),
    timelineEntry('secret', { text: 'Suspect vehicle plate ABC123', tlp: 'RED' }),
  ];

  const shownTexts = () =>
    within(screen.getByRole('list', { name: 'Log entries, newest first' }))
      .getAllByRole('listitem')
      .map((item) => item.querySelector('.timeline-text')!.textContent);

  it('adds a note on Enter, keeps Shift+Enter for new lines, and clears the field', async () => {
    const { fake } = await renderRoom();
    openTab('Log');
    const text = screen.getByLabelText('Log entry');
    fireEvent.change(text, { target: { value: 'Crews on site' } });
    fireEvent.keyDown(text, { key: 'Enter', shiftKey: true });
    expect(fake.api.addLogEntry).not.toHaveBeenCalled();
    fireEvent.keyDown(text, { key: 'Enter' });
    await waitFor(() => expect((text as HTMLTextAreaElement).value).toBe(''));
    expect(fake.api.addLogEntry).toHaveBeenCalledWith({
      id: INCIDENT_ID,
      text: 'Crews on site',
      noteKind: 'note',
    });
  });

  it('logs a decision with its own TLP marking', async () => {
    const { fake } = await renderRoom();
    openTab('Log');
    fireEvent.change(screen.getByLabelText('Log entry'), { target: { value: 'Divert via Mill St' } });
    fireEvent.change(screen.getByLabelText('Entry kind'), { target: { value: 'decision' } });
    fireEvent.change(screen.getByLabelText('Marking'), { target: { value: 'AMBER+STRICT' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add entry' }));
    await waitFor(() =>
      expect(fake.api.addLogEntry).toHaveBeenCalledWith({
        id: INCIDENT_ID,
        text: 'Divert via Mill St',
        noteKind: 'decision',
        tlp: 'AMBER+STRICT',
      }),
    );
  });

  it('lists the timeline newest first with time, department and kind, and filters it', async () => {
    await renderRoom({ record: incidentRecord({ timeline }) });
    openTab('Log');
    expect(shownTexts()).toEqual([
      'Suspect vehicle plate ABC123',
      'playbook step close-exit done',
      'Two crews on site',
      'reported -> acknowledged',
      'created the incident',
    ]);
    const status = screen.getByText('reported -> acknowledged').closest('li')!;
    expect(status.querySelector('time')?.getAttribute('datetime')).toBe('2026-03-01T08:00:00.000Z');
    expect(within(status).getByText('Police')).toBeTruthy();
    expect(within(status).getByText('Status')).toBeTruthy();
    expect(await within(status).findByText('Bo Chen')).toBeTruthy();

    const filters = screen.getByRole('tabpanel', { name: 'Log' });
    fireEvent.change(within(filters).getByLabelText('Filter by kind'), { target: { value: 'note' } });
    expect(shownTexts()).toEqual(['Suspect vehicle plate ABC123', 'Two crews on site']);
    fireEvent.change(within(filters).getByLabelText('Filter by kind'), { target: { value: '' } });
    fireEvent.change(within(filters).getByLabelText('Filter by department'), { target: { value: 'police' } });
    expect(shownTexts()).toEqual(['playbook step close-exit done', 'reported -> acknowledged']);
    fireEvent.change(within(filters).getByLabelText('Filter by kind'), { target: { value: 'playbook' } });
    expect(shownTexts()).toEqual(['playbook step close-exit done']);
  });

  it('marks need-to-know entries prominently', async () => {
    await renderRoom({ record: incidentRecord({ timeline }) });
    openTab('Log');
    const secret = screen.getByText('Suspect vehicle plate ABC123').closest('li')!;
    const marker = secret.querySelector('.tlp')!;
    expect(marker.textContent).toBe('TLP:REDneed to know');
    expect(marker.classList.contains('tlp-restricted')).toBe(true);
    expect(secret.firstElementChild).toBe(marker);
    const note = screen.getByText('Two crews on site').closest('li')!;
    expect(note.querySelector('.tlp')).toBeNull();
  });
});

describe('incident room: conflicts', () => {
  const conflict: Conflict = {
    id: 'severity@ev-created',
    kind: 'concurrent-change',
    field: 'severity',
    base: 'ev-created',
    status: 'open',
    candidates: [
      {
        eventId: 'ev-a',
        field: 'severity',
        value: 'critical',
        actor: 'member-1',
        department: 'traffic',
        hlc: stamp('a').hlc,
      },
      {
        eventId: 'ev-b',
        field: 'severity',
        value: 'moderate',
        actor: 'member-2',
        department: 'police',
        hlc: stamp('b').hlc,
      },
    ],
    resolution: null,
  };
  const record = incidentRecord({ conflicts: [conflict, { ...conflict, id: 'old', status: 'resolved' }] });

  it('shows the candidates side by side and lets a commander keep one', async () => {
    const { fake } = await renderRoom({ record, viewer: whoAmI('commander') });
    openTab('Conflicts (1)');
    const card = screen.getByRole('article', { name: 'Conflicting changes to the severity' });
    const columns = within(card).getAllByRole('listitem');
    expect(columns.map((c) => c.querySelector('.candidate-value')!.textContent)).toEqual([
      'Critical',
      'Moderate',
    ]);
    expect(within(columns[1]!).getByText('Police')).toBeTruthy();
    expect(await within(columns[1]!).findByText('Bo Chen')).toBeTruthy();
    expect(columns[1]!.querySelector('time')?.getAttribute('datetime')).toBe('2026-03-01T08:00:00.000Z');
    expect(within(card).getAllByRole('button', { name: /^Keep this/ })).toHaveLength(2);
    fireEvent.click(within(columns[1]!).getByRole('button', { name: 'Keep this: Police, Bo Chen' }));
    await waitFor(() =>
      expect(fake.api.resolveConflict).toHaveBeenCalledWith({
        id: INCIDENT_ID,
        conflictId: 'severity@ev-created',
        chosenEventId: 'ev-b',
      }),
    );
  });

  it('shows a responder the conflict without buttons, saying a commander resolves it', async () => {
    await renderRoom({ record, viewer: whoAmI('responder') });
    openTab('Conflicts (1)');
    const card = screen.getByRole('article', { name: 'Conflicting changes to the severity' });
    expect(within(card).getAllByRole('listitem')).toHaveLength(2);
    expect(within(card).queryByRole('button')).toBeNull();
    expect(within(card).getByText('A commander resolves this conflict.')).toBeTruthy();
  });
});

describe('incident room: linked incidents', () => {
  const linked = incidentRecord({
    links: [{ targetIncidentId: 'inc-2', kind: 'caused-by', linked: stamp('ev-link') }],
  });

  it('lists links by kind and title, opens the other incident, and removes a link', async () => {
    const { fake, view } = await renderRoom({ record: linked });
    fake.api.listIncidents.mockResolvedValue([
      { id: 'inc-2', title: 'Substation 14 outage' } as never,
      { id: 'inc-3', title: 'Water main burst' } as never,
    ]);
    openTab('Linked incidents (1)');
    const table = screen.getByRole('table', { name: 'Linked incidents' });
    const open = await within(table).findByRole('button', { name: 'Open Substation 14 outage' });
    expect(within(table).getByText('Caused by')).toBeTruthy();
    fireEvent.click(within(table).getByRole('button', { name: 'Remove the link to Substation 14 outage' }));
    await waitFor(() =>
      expect(fake.api.unlinkIncidents).toHaveBeenCalledWith({
        id: INCIDENT_ID,
        targetIncidentId: 'inc-2',
        linkKind: 'caused-by',
      }),
    );
    fireEvent.click(open);
    expect(view()).toEqual({ name: 'incident', incidentId: 'inc-2' });
  });

  it('links another incident chosen by title', async () => {
    const { fake } = await renderRoom();
    fake.api.listIncidents.mockResolvedValue([{ id: 'inc-3', title: 'Water main burst' } as never]);
    openTab('Linked incidents (0)');
    const form = screen.getByRole('form', { name: 'Link another incident' });
    const target = within(form).getByLabelText('Incident');
    await within(target).findByRole('option', { name: 'Water main burst' });
    fireEvent.change(within(form).getByLabelText('Relation'), { target: { value: 'duplicates' } });
    fireEvent.change(target, { target: { value: 'inc-3' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Link' }));
    await waitFor(() =>
      expect(fake.api.linkIncidents).toHaveBeenCalledWith({
        id: INCIDENT_ID,
        targetIncidentId: 'inc-3',
        linkKind: 'duplicates',
      }),
    );
  });
});

describe('incident room: palette', () => {
  it('registers the next statuses, the log, playbooks and the way back', async () => {
    const { fake, paletteCommands, view } = await renderRoom({
      record: incidentRecord({ status: 'acknowledged' }),
    });
    const commands = paletteCommands();
    expect(commands.map((c) => [c.label, c.shortcut])).toEqual([
      ['Change status to Active', undefined],
      ['Change status to Resolved', undefined],
      ['Add log entry', 'alt+L'],
      ['Start a playbook', undefined],
      ['Back to the board', 'alt+B'],
    ]);
    act(() => commands[1]!.run());
    await waitFor(() =>
      expect(fake.api.changeIncidentStatus).toHaveBeenCalledWith({ id: INCIDENT_ID, to: 'resolved' }),
    );
    act(() => commands[2]!.run());
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Log entry')));
    act(() => commands[4]!.run());
    expect(view()).toEqual({ name: 'board' });
  });

  it('gives a viewer only the way back, and no controls that change the incident', async () => {
    const { paletteCommands } = await renderRoom({ viewer: whoAmI('viewer') });
    expect(paletteCommands().map((c) => c.label)).toEqual(['Back to the board']);
    expect(screen.queryByRole('group', { name: 'Change status' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Edit details' })).toBeNull();
  });
});
