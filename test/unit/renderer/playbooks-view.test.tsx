import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakePlaybooksApi, renderPlaybooks, run } from './playbooks-fixtures';

const libraryTable = () => screen.findByRole('table', { name: 'Playbooks' });
const listedTitles = () =>
  within(screen.getByRole('table', { name: 'Playbooks' }))
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('cell')[0]!.textContent);
const openTab = (name: string) => fireEvent.click(screen.getByRole('tab', { name }));

// The first import transforms the view and the UI library, which can take seconds on a busy
// machine; doing it once up front keeps that out of the first test's time limit.
beforeAll(async () => {
  await import('../../../renderer/src/features/playbooks/PlaybooksView');
  await import('../../../renderer/src/app/Providers');
}, 60_000);

beforeEach(() => {
  // jsdom has no Blob URLs; the export's download link needs one.
  URL.createObjectURL = vi.fn(() => 'blob:muster/export-1');
  URL.revokeObjectURL = vi.fn();
});

afterEach(() => {
  cleanup();
  delete window.muster;
});

describe('playbook library', () => {
  it('lists every playbook with its version, steps, departments, source and automatic start', async () => {
    await renderPlaybooks(fakePlaybooksApi({ role: 'responder' }), 'responder');
    const table = await libraryTable();
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Title', 'Id', 'Version', 'Steps', 'Departments', 'Source', 'Starts by itself']);
    const ransomware = within(table).getByText('Ransomware on city systems').closest('tr')!;
    expect(
      within(ransomware)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['Ransomware on city systems', 'ransomware', '1', '9', 'IT', 'Published', 'Starts by itself']);
    const substation = within(table).getByText('Substation outage').closest('tr')!;
    expect(within(substation).getByText('Energy')).toBeTruthy();
    expect(within(substation).getByText('Default')).toBeTruthy();
    expect(within(substation).getByText('Started by hand')).toBeTruthy();
    // Only administrators get the switch.
    expect(screen.queryByRole('switch')).toBeNull();
  });

  it('narrows the list by title, id or department name as the filter is typed', async () => {
    await renderPlaybooks(fakePlaybooksApi());
    await libraryTable();
    const filter = screen.getByLabelText('Filter playbooks');
    fireEvent.change(filter, { target: { value: 'police' } });
    expect(listedTitles()).toEqual(['Substation outage', 'Underpass flooding']);
    expect(screen.getByText('Showing 2 of 3 playbooks')).toBeTruthy();
    fireEvent.change(filter, { target: { value: 'RANSOM' } });
    expect(listedTitles()).toEqual(['Ransomware on city systems']);
    fireEvent.change(filter, { target: { value: 'water main' } });
    expect(screen.queryByRole('table', { name: 'Playbooks' })).toBeNull();
    expect(screen.getByText('No playbook matches the filter.')).toBeTruthy();
  });

  it('shows the picked playbook: description, roles, readable triggers, the step graph and step list', async () => {
    const { fake } = await renderPlaybooks(fakePlaybooksApi());
    fireEvent.click(within(await libraryTable()).getByRole('button', { name: 'Substation outage' }));
    const detail = await screen.findByRole('region', { name: 'Substation outage' });
    expect(fake.api.showPlaybook).toHaveBeenCalledWith({ id: 'substation-outage', version: 2 });
    await within(detail).findByText(/For a substation trip/);
    expect(within(detail).getByText(/For a substation trip/).textContent).toBe(
      'For a substation trip.\nSignals go dark.',
    );
    expect(within(detail).getByText('incident-commander').closest('li')!.textContent).toContain('Energy');
    expect(
      within(detail).getByText('Incident: category Infra; moderate or worse; mentions substation, feeder'),
    ).toBeTruthy();
    expect(within(detail).getByText('Alert: event power outage')).toBeTruthy();

    const graph = within(detail).getByRole('img', {
      name: /^Step graph of Substation outage: 7 steps in 4 stages, 1 decisions/,
    });
    expect(graph.querySelectorAll('.step-node')).toHaveLength(7);
    expect(graph.querySelectorAll('.step-edge')).toHaveLength(7);
    expect([...graph.querySelectorAll('.step-edge.is-decision text')].map((t) => t.textContent)).toEqual([
      'Quick restore',
      'Long repair',
      'Long repair',
    ]);

    const list = within(detail).getByRole('list', { name: 'Steps in order' });
    const items = within(list)
      .getAllByRole('listitem')
      .filter((li) => li.parentElement === list);
    expect(items).toHaveLength(7);
    const notify = items[2]!;
    expect(within(notify).getByText('Tell police which signals are dark')).toBeTruthy();
    expect(within(notify).getByText('notify-police')).toBeTruthy();
    expect(within(notify).getByText('Notification')).toBeTruthy();
    expect(within(notify).getByText('Traffic')).toBeTruthy();
    expect(within(notify).getByText('assess')).toBeTruthy();
    expect(within(notify).getByText('within 15 minutes of the start')).toBeTruthy();
    expect(within(items[0]!).getByText('Energy (operations)')).toBeTruthy();
    expect(within(items[1]!).getByText('Long repair → opens generators, stop-signs')).toBeTruthy();
    expect(within(items[6]!).getByText('within 2 hours of being ready')).toBeTruthy();
  });

  it('lets an administrator switch automatic start and shows what the core confirmed', async () => {
    const { fake } = await renderPlaybooks(fakePlaybooksApi());
    await libraryTable();
    const toggle = screen.getByRole('switch', { name: 'Underpass flooding starts by itself' });
    expect((toggle as HTMLInputElement).checked).toBe(false);
    fireEvent.click(toggle);
    expect(fake.api.setPlaybookAutoStart).toHaveBeenCalledWith({ id: 'underpass-flooding', enabled: true });
    await waitFor(() => expect((toggle as HTMLInputElement).checked).toBe(true));
  });

  it('offers the export as a download named by the core, and shows its text', async () => {
    const { fake } = await renderPlaybooks(fakePlaybooksApi());
    fireEvent.click(within(await libraryTable()).getByRole('button', { name: 'Ransomware on city systems' }));
    const detail = await screen.findByRole('region', { name: 'Ransomware on city systems' });
    fireEvent.click(within(detail).getByRole('radio', { name: 'JSON' }));
    fireEvent.click(within(detail).getByRole('button', { name: 'Export' }));
    const link = await within(detail).findByRole('link', { name: 'Download ransomware.v1.json' });
    expect(fake.api.exportPlaybook).toHaveBeenCalledWith({ id: 'ransomware', version: 1, format: 'json' });
    expect(link.getAttribute('download')).toBe('ransomware.v1.json');
    expect(link.getAttribute('href')).toBe('blob:muster/export-1');
    const blob = vi.mocked(URL.createObjectURL).mock.calls[0]![0] as Blob;
    expect(blob.type).toBe('application/json');
    const text = within(detail).getByLabelText('Exported text') as HTMLTextAreaElement;
    expect(text.value).toBe('{ "id": "ransomware" }');
    expect(text.readOnly).toBe(true);
  });
});

describe('importing a playbook', () => {
  const paste = (text: string) =>
    fireEvent.change(screen.getByLabelText(/^Playbook text/), { target: { value: text } });

  it('shows every issue the check finds with its line and column, as an alert', async () => {
    const fake = fakePlaybooksApi();
    fake.api.validatePlaybook.mockResolvedValueOnce({
      ok: false,
      playbook: null,
      issues: [
        { path: 'steps[1].after[0]', line: 14, column: 12, message: 'unknown step "asses"' },
        { path: 'version', line: 2, column: 10, message: 'version must be a whole number' },
      ],
    });
    await renderPlaybooks(fake);
    openTab('Import');
    paste('id: broken\nversion: 1.5\n');
    fireEvent.click(screen.getByRole('button', { name: 'Check' }));
    const alert = await screen.findByRole('alert');
    expect(fake.api.validatePlaybook).toHaveBeenCalledWith({ text: 'id: broken\nversion: 1.5\n' });
    expect(within(alert).getByText('Issues found: 2')).toBeTruthy();
    expect(
      within(alert)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      'line 14:12 steps[1].after[0] unknown step "asses"',
      'line 2:10 version version must be a whole number',
    ]);
  });

  it('checks a chosen file, putting its text in the text area', async () => {
    const fake = fakePlaybooksApi();
    await renderPlaybooks(fake);
    openTab('Import');
    const file = new File(['id: from-file\n'], 'from-file.yaml', { type: 'application/yaml' });
    const input = screen.getByLabelText('Playbook file (.yaml, .yml or .json)');
    expect(input.getAttribute('accept')).toBe('.yaml,.yml,.json');
    fireEvent.change(input, { target: { files: [file] } });
    await screen.findByText('No issues: New playbook (new-playbook, version 1, 1 steps).');
    expect(fake.api.validatePlaybook).toHaveBeenCalledWith({ text: 'id: from-file\n' });
    expect((screen.getByLabelText(/^Playbook text/) as HTMLTextAreaElement).value).toBe('id: from-file\n');
  });

  it('refuses to publish for a responder and says why', async () => {
    const fake = fakePlaybooksApi({ role: 'responder' });
    await renderPlaybooks(fake, 'responder');
    openTab('Import');
    paste('id: mine\n');
    const publish = screen.getByRole('button', { name: 'Publish' });
    expect((publish as HTMLButtonElement).disabled).toBe(true);
    const why = 'Only commanders and administrators can publish playbooks; you are signed in as a responder.';
    expect(screen.getByText(why)).toBeTruthy();
    expect(publish.getAttribute('aria-describedby')).toBe(screen.getByText(why).id);
    fireEvent.click(publish);
    expect(fake.api.importPlaybook).not.toHaveBeenCalled();
  });

  it('publishes for a commander, reports the new version and lists it', async () => {
    const fake = fakePlaybooksApi({ role: 'commander' });
    await renderPlaybooks(fake, 'commander');
    await libraryTable();
    openTab('Import');
    paste('id: new-playbook\n');
    fireEvent.click(screen.getByRole('button', { name: 'Publish' }));
    await screen.findByText('Published New playbook as version 1.');
    expect(fake.api.importPlaybook).toHaveBeenCalledWith({ text: 'id: new-playbook\n' });
    expect(fake.api.listPlaybooks).toHaveBeenCalledTimes(2);
  });

  it("shows the core's refusal when publishing fails", async () => {
    const fake = fakePlaybooksApi({ role: 'commander' });
    fake.api.importPlaybook.mockRejectedValueOnce(
      new Error('playbook substation-outage already has version 2; publish it as version 3 or later'),
    );
    await renderPlaybooks(fake, 'commander');
    openTab('Import');
    paste('id: substation-outage\n');
    fireEvent.click(screen.getByRole('button', { name: 'Publish' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'playbook substation-outage already has version 2; publish it as version 3 or later',
    );
  });
});

describe('exercises', () => {
  it('lists exercise runs only, with their speed and status', async () => {
    await renderPlaybooks(
      fakePlaybooksApi({
        runs: [
          run('r1'),
          run('r2', { exercise: null }),
          run('r3', { exercise: { speed: 60 }, status: 'stopped' }),
        ],
      }),
    );
    openTab('Exercises');
    const table = await screen.findByRole('table', { name: 'Exercise runs' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(
      rows.map((row) =>
        within(row)
          .getAllByRole('cell')
          .slice(1, 4)
          .map((c) => c.textContent),
      ),
    ).toEqual([
      ['incident-r1', '×10', 'Running'],
      ['incident-r3', '×60', 'Stopped'],
    ]);
  });

  it('asks for confirmation before purging, then purges and lists again', async () => {
    const fake = fakePlaybooksApi({ role: 'commander', runs: [run('r1'), run('r3')] });
    await renderPlaybooks(fake, 'commander');
    openTab('Exercises');
    await screen.findByRole('table', { name: 'Exercise runs' });
    fireEvent.click(screen.getByRole('button', { name: 'Purge all exercises' }));
    const dialog = await screen.findByRole('dialog', { name: 'Purge all exercises?' });
    expect(fake.api.purgeExercises).not.toHaveBeenCalled();

    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(fake.api.purgeExercises).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('button', { name: 'Purge all exercises' }));
    fireEvent.click(
      within(await screen.findByRole('dialog', { name: 'Purge all exercises?' })).getByRole('button', {
        name: 'Purge exercises',
      }),
    );
    await screen.findByText('Exercise runs purged: 2.');
    expect(fake.api.purgeExercises).toHaveBeenCalledTimes(1);
    expect(fake.api.listRuns).toHaveBeenCalledTimes(2);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('does not offer purging to a responder', async () => {
    await renderPlaybooks(fakePlaybooksApi({ role: 'responder', runs: [run('r1')] }), 'responder');
    openTab('Exercises');
    await screen.findByRole('table', { name: 'Exercise runs' });
    expect(screen.queryByRole('button', { name: 'Purge all exercises' })).toBeNull();
    expect(
      screen.getByText(
        'Only commanders and administrators can purge exercises; you are signed in as a responder.',
      ),
    ).toBeTruthy();
  });
});

describe('palette commands', () => {
  it('open the import panel with its text area focused, and the purge confirmation', async () => {
    const { commands } = await renderPlaybooks(fakePlaybooksApi());
    await libraryTable();
    const command = (label: string) => commands().find((c) => c.label === label)!;

    act(() => command('Import a playbook').run());
    expect(document.activeElement).toBe(screen.getByLabelText(/^Playbook text/));

    act(() => command('Purge exercises').run());
    expect(await screen.findByRole('dialog', { name: 'Purge all exercises?' })).toBeTruthy();
  });

  it('leave purging out for a responder', async () => {
    const { commands } = await renderPlaybooks(fakePlaybooksApi({ role: 'responder' }), 'responder');
    await libraryTable();
    expect(commands().map((c) => c.label)).toEqual(['Import a playbook']);
  });
});
