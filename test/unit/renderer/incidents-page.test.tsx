import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MusterApi, MusterEvent } from '../../../shared/contract';
import type { Incident } from '../../../shared/incident';

const incident = (id: string, title: string): Incident => ({
  id,
  title,
  severity: 'critical',
  status: 'reported',
  createdAt: new Date().toISOString(),
});

/** A stand-in for the preload's window.muster, recording calls and letting the test push events. */
function fakeDesktopApi(initial: Incident[]) {
  let push: (event: MusterEvent) => void = () => {};
  const api = {
    getAppInfo: vi.fn(),
    listIncidents: vi.fn(async () => initial),
    createIncident: vi.fn(async (params: { title: string }) => {
      if (!params.title.trim()) throw new Error('title must not be empty');
      const created = incident('new', params.title);
      push({ type: 'incident.created', incident: created });
      return created;
    }),
    onEvent: (listener: (event: MusterEvent) => void) => {
      push = listener;
      return () => {};
    },
  };
  return { api, push: (event: MusterEvent) => push(event) };
}

async function renderPage(initial: Incident[]) {
  const fake = fakeDesktopApi(initial);
  window.muster = fake.api as unknown as MusterApi;
  vi.resetModules(); // api.ts picks its transport when first imported
  const { IncidentsPage } = await import('../../../renderer/src/features/incidents/IncidentsPage');
  render(<IncidentsPage />);
  return fake;
}

afterEach(() => {
  cleanup();
  delete window.muster;
});

describe('IncidentsPage', () => {
  it('lists the incidents the core returns', async () => {
    await renderPage([incident('a', 'Substation 14 outage')]);
    const table = await screen.findByRole('table', { name: 'Incidents' });
    expect(within(table).getByText('Substation 14 outage')).toBeTruthy();
    expect(within(table).getByText('critical')).toBeTruthy();
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
    expect((screen.getByLabelText('Title') as HTMLInputElement).value).toBe('');
    // The same incident arriving again (another window's echo) is not duplicated.
    act(() =>
      fake.push({ type: 'incident.created', incident: incident('new', 'Ransomware on signal controllers') }),
    );
    expect(screen.getAllByText('Ransomware on signal controllers')).toHaveLength(1);
  });

  it("shows the core's message when it refuses the input and keeps what was typed", async () => {
    await renderPage([]);
    fireEvent.change(screen.getByLabelText('Title'), { target: { value: '   ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create incident' }));
    expect((await screen.findByRole('alert')).textContent).toBe('title must not be empty');
    expect((screen.getByLabelText('Title') as HTMLInputElement).value).toBe('   ');
  });

  it('adds incidents others create while the page is open', async () => {
    const fake = await renderPage([]);
    await screen.findByText(/No incidents/);
    act(() => fake.push({ type: 'incident.created', incident: incident('b', 'Flooded underpass') }));
    await waitFor(() => expect(screen.getByText('Flooded underpass')).toBeTruthy());
  });

  it('reloads the list when the link to the core comes back', async () => {
    const fake = await renderPage([]);
    await screen.findByText(/No incidents/);
    fake.api.listIncidents.mockResolvedValueOnce([incident('c', 'Created while we were offline')]);
    act(() => fake.push({ type: 'connection.restored' }));
    await screen.findByText('Created while we were offline');
    expect(fake.api.listIncidents).toHaveBeenCalledTimes(2);
  });
});
