import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sizeScrollContainer } from './board-fixtures';
import type { WhoAmI } from '../../../shared/contract';
import { fakeDesktopApi, me, summary, withFakeApi, type FakeApi } from './fake-api';

async function renderApp(fake: FakeApi) {
  const { App } = await withFakeApi(fake, () => import('../../../renderer/src/App'));
  render(<App />);
  return fake;
}

const setup = () => screen.findByRole('region', { name: 'Set up this workstation' });
const createForm = () => screen.getByRole('form', { name: 'Create a workspace' });
const joinForm = () => screen.getByRole('form', { name: 'Join with an enrolment bundle' });
const header = () => screen.getByRole('banner');

function chooseBundle(content: string, name = 'ana.muster-enrolment.json') {
  const file = new File([content], name, { type: 'application/json' });
  fireEvent.change(within(joinForm()).getByLabelText('Enrolment bundle'), { target: { files: [file] } });
}

// The board is a virtualised list: it shows rows only in a container with a height.
beforeEach(() => {
  sizeScrollContainer();
});

afterEach(() => {
  cleanup();
  delete window.muster;
});

describe('App with a workspace', () => {
  it('shows who is signed in and the board, without the first-run screen', async () => {
    const fake = await renderApp(
      fakeDesktopApi({
        whoAmI: me({ department: 'energy', user: 'Ben Okafor' }),
        incidents: [summary('a', 'Gas leak')],
      }),
    );
    await screen.findByText('Gas leak');
    expect(within(header()).getByText('City of Riverton')).toBeTruthy();
    expect(within(header()).getByText('Ben Okafor · admin · Energy')).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Set up this workstation' })).toBeNull();
    expect(fake.api.whoAmI).toHaveBeenCalledTimes(1);
  });

  it('says so when the core cannot be asked, and tries again on request', async () => {
    const fake = fakeDesktopApi();
    fake.api.whoAmI.mockRejectedValueOnce(new Error('lost the connection to Muster; try again'));
    await renderApp(fake);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('lost the connection to Muster');
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    await screen.findByText('Ana Lindqvist · admin · Traffic');
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('first-run screen', () => {
  it('appears when the data folder has no workspace, offering to create or join one', async () => {
    const fake = await renderApp(fakeDesktopApi({ whoAmI: null }));
    await setup();
    expect(createForm()).toBeTruthy();
    expect(joinForm()).toBeTruthy();
    const departments = within(createForm()).getByLabelText('Your department');
    expect(
      within(departments)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Police', 'Traffic', 'Energy', 'IT']);
    // Nothing asks for incidents before there is a workspace to hold them.
    expect(fake.api.listIncidents).not.toHaveBeenCalled();
    expect(within(header()).queryByText(/·/)).toBeNull();
  });

  it('creates a workspace, then shows the header and the board', async () => {
    const fake = await renderApp(fakeDesktopApi({ whoAmI: null }));
    await setup();
    const form = createForm();
    fireEvent.change(within(form).getByLabelText('Workspace name'), {
      target: { value: 'City of Riverton' },
    });
    fireEvent.change(within(form).getByLabelText('Your department'), { target: { value: 'police' } });
    fireEvent.change(within(form).getByLabelText('Your name'), { target: { value: 'Maja Berg' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Create workspace' }));

    await screen.findByText(/No incidents/);
    expect(fake.api.initWorkspace).toHaveBeenCalledWith({
      workspace: 'City of Riverton',
      department: 'police',
      user: 'Maja Berg',
    });
    expect(within(header()).getByText('City of Riverton')).toBeTruthy();
    expect(within(header()).getByText('Maja Berg · admin · Police')).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Set up this workstation' })).toBeNull();
    // Focus moved off the vanished button onto the page, so the keyboard carries on from there.
    expect(document.activeElement).toBe(screen.getByRole('main'));
    expect(screen.getByRole('form', { name: 'New incident' })).toBeTruthy();
  });

  it("shows the core's refusal to create a workspace and keeps what was typed", async () => {
    const fake = await renderApp(fakeDesktopApi({ whoAmI: null }));
    await setup();
    fake.api.initWorkspace.mockRejectedValueOnce(
      new Error('this data folder already belongs to workspace "City of Riverton"'),
    );
    const form = createForm();
    fireEvent.change(within(form).getByLabelText('Workspace name'), { target: { value: 'Riverton' } });
    fireEvent.change(within(form).getByLabelText('Your name'), { target: { value: 'Maja Berg' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Create workspace' }));

    const alert = await within(form).findByRole('alert');
    expect(alert.textContent).toBe('this data folder already belongs to workspace "City of Riverton"');
    expect((within(form).getByLabelText('Workspace name') as HTMLInputElement).value).toBe('Riverton');
    expect(within(form).getByRole('button', { name: 'Create workspace' })).toHaveProperty('disabled', false);
    await setup();
  });

  it('joins with the text of the chosen enrolment bundle', async () => {
    const fake = await renderApp(fakeDesktopApi({ whoAmI: null }));
    const joined: WhoAmI = me({ user: 'Ola Nordmann', department: 'it' });
    joined.member.role = 'responder';
    fake.api.joinWorkspace.mockResolvedValueOnce(joined);
    await setup();

    const bundle = JSON.stringify({ format: 'muster-enrolment', version: 1 });
    chooseBundle(bundle);
    fireEvent.click(within(joinForm()).getByRole('button', { name: 'Join workspace' }));

    await screen.findByText('Ola Nordmann · responder · IT');
    expect(fake.api.joinWorkspace).toHaveBeenCalledWith({ bundle });
    await screen.findByRole('form', { name: 'New incident' });
  });

  it("shows the core's refusal of a bundle in an alert and stays on the first-run screen", async () => {
    const fake = await renderApp(fakeDesktopApi({ whoAmI: null }));
    await setup();
    chooseBundle('not a bundle at all', 'holiday-photo.json');
    fireEvent.click(within(joinForm()).getByRole('button', { name: 'Join workspace' }));

    const alert = await within(joinForm()).findByRole('alert');
    expect(alert.textContent).toBe('this file is not a Muster enrolment bundle');
    expect(fake.api.joinWorkspace).toHaveBeenCalledWith({ bundle: 'not a bundle at all' });
    expect(within(joinForm()).getByRole('button', { name: 'Join workspace' })).toHaveProperty(
      'disabled',
      false,
    );
    expect(within(header()).queryByText(/·/)).toBeNull();
  });

  it('asks for a file before joining, and refuses an oversized one without sending it', async () => {
    const fake = await renderApp(fakeDesktopApi({ whoAmI: null }));
    await setup();
    fireEvent.click(within(joinForm()).getByRole('button', { name: 'Join workspace' }));
    expect((await within(joinForm()).findByRole('alert')).textContent).toBe(
      'choose the enrolment bundle file first',
    );

    chooseBundle('x'.repeat(64 * 1024 + 1), 'backup.tar');
    expect(within(joinForm()).queryByRole('alert')).toBeNull();
    fireEvent.click(within(joinForm()).getByRole('button', { name: 'Join workspace' }));
    expect((await within(joinForm()).findByRole('alert')).textContent).toMatch(/backup\.tar is too large/);
    expect(fake.api.joinWorkspace).not.toHaveBeenCalled();
  });

  it('asks again when the link comes back, so a workspace set up in another window shows', async () => {
    const fake = await renderApp(fakeDesktopApi({ whoAmI: null }));
    await setup();
    fake.api.whoAmI.mockResolvedValueOnce(me({ user: 'Maja Berg', department: 'police' }));
    act(() => fake.push({ type: 'connection.restored' }));
    await screen.findByText('Maja Berg · admin · Police');
  });

  it('leaves the first-run screen when another window sets up the workspace', async () => {
    const fake = await renderApp(fakeDesktopApi({ whoAmI: null }));
    await setup();
    act(() => fake.push({ type: 'workspace.changed', me: me({ user: 'Ola Nordin', department: 'energy' }) }));
    await screen.findByText('Ola Nordin · admin · Energy');
  });
});
