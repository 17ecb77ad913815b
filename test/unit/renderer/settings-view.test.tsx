import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { roomSync, syncStatus } from './fake-api';
import { fakeSettingsApi, renderSettings } from './settings-fixtures';

const HUB_A = 'ws://10.0.0.5:4871';
const HUB_B = 'wss://hub.riverton.example';

// The first import transforms the view and the UI library, which can take seconds on a busy
// machine; doing it once up front keeps that out of the first test's time limit.
beforeAll(async () => {
  await import('../../../renderer/src/features/settings/SettingsView');
  await import('../../../renderer/src/app/Providers');
}, 60_000);

afterEach(() => {
  cleanup();
  delete window.muster;
  // The language choice is remembered; the next test starts in English again.
  localStorage.clear();
});

const hubList = () => screen.getByRole('list', { name: 'Hubs to sync with, in order of preference' });
const listedHubs = () =>
  within(hubList())
    .getAllByRole('listitem')
    .map((li) => li.querySelector('code')?.textContent);
const addHub = (hub: string) => {
  fireEvent.change(screen.getByLabelText('Hub address'), { target: { value: hub } });
  fireEvent.click(screen.getByRole('button', { name: 'Add' }));
};

describe('members', () => {
  it('groups members by department in the workspace order, unknown departments last', async () => {
    await renderSettings(fakeSettingsApi());
    await screen.findByRole('table', { name: /^Traffic/ });
    const groups = screen.getAllByRole('table').map((table) => ({
      department: document.getElementById(table.getAttribute('aria-labelledby')!)!.textContent,
      members: within(table)
        .getAllByRole('row')
        .slice(1)
        .map((row) =>
          within(row)
            .getAllByRole('cell')
            .map((c) => c.textContent),
        ),
    }));
    expect(groups).toEqual([
      {
        department: 'Police (1)',
        members: [['Chen Wei', 'Responder', '1', 'Active']],
      },
      {
        department: 'Traffic (2)',
        members: [
          ['Ana Lindqvist', 'Administrator', '2', 'Active'],
          ['Dana Ruiz', 'Responder', '1', 'Revoked'],
        ],
      },
      {
        department: 'Energy (1)',
        members: [['Ben Okafor', 'Commander', '1', 'Active']],
      },
      { department: 'water (1)', members: [['Eli Park', 'Responder', '1', 'Active']] },
    ]);
    // The header carries its department's colour.
    const traffic = screen.getByRole('heading', { name: /^Traffic/ }).closest('.member-group') as HTMLElement;
    expect(traffic.style.getPropertyValue('--department-colour')).toBe('#ea580c');
  });
});

describe('sync hubs', () => {
  it('summarises the sync status: hub in use, LAN hub and rooms by state', async () => {
    await renderSettings(
      fakeSettingsApi({
        sync: syncStatus({
          hubs: [HUB_A],
          hub: HUB_A,
          lanHub: 'ws://0.0.0.0:4871',
          rooms: [
            roomSync('a'),
            roomSync('b'),
            roomSync('c', { state: 'offline' }),
            roomSync('d', { state: 'syncing' }),
          ],
        }),
      }),
    );
    const term = async (name: string) =>
      (await screen.findByText(name, { selector: 'dt' })).nextElementSibling!;
    expect((await term('Hub in use')).textContent).toBe(HUB_A);
    expect((await term('LAN hub')).textContent).toBe('ws://0.0.0.0:4871');
    expect((await term('Rooms')).textContent).toBe('2 online, 1 syncing, 1 offline');
  });

  it('adds, reorders and removes hubs, and saves them in that order', async () => {
    const { fake } = await renderSettings(fakeSettingsApi({ sync: syncStatus({ hubs: [HUB_A] }) }));
    await screen.findByRole('list', { name: 'Hubs to sync with, in order of preference' });
    addHub(HUB_B);
    addHub('ws://10.0.0.9:4871');
    expect(listedHubs()).toEqual([HUB_A, HUB_B, 'ws://10.0.0.9:4871']);
    expect(screen.getByText('Unsaved changes')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: `Up: ${HUB_B}` }));
    fireEvent.click(screen.getByRole('button', { name: `Down: ${HUB_A}` }));
    fireEvent.click(screen.getByRole('button', { name: 'Remove: ws://10.0.0.9:4871' }));
    expect(listedHubs()).toEqual([HUB_B, HUB_A]);
    expect((screen.getByRole('button', { name: `Up: ${HUB_B}` }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Save hubs' }));
    await waitFor(() => expect(screen.queryByText('Unsaved changes')).toBeNull());
    expect(fake.api.setSyncHubs).toHaveBeenCalledWith({ hubs: [HUB_B, HUB_A] });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it("shows the core's reason when it refuses a hub address, keeping the list", async () => {
    const { fake } = await renderSettings(fakeSettingsApi());
    await screen.findByText(/No hubs yet/);
    addHub('http://10.0.0.5/sync');
    fireEvent.click(screen.getByRole('button', { name: 'Save hubs' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'hubs.0: must be a hub address like ws://10.0.0.5:4871 (no path)',
    );
    expect(fake.api.setSyncHubs).toHaveBeenCalledWith({ hubs: ['http://10.0.0.5/sync'] });
    expect(listedHubs()).toEqual(['http://10.0.0.5/sync']);
    expect(screen.getByText('Unsaved changes')).toBeTruthy();
  });

  it('refuses to list a hub twice', async () => {
    await renderSettings(fakeSettingsApi({ sync: syncStatus({ hubs: [HUB_A] }) }));
    await screen.findByRole('list', { name: 'Hubs to sync with, in order of preference' });
    addHub(HUB_A);
    expect(screen.getByRole('alert').textContent).toBe(`${HUB_A} is already in the list.`);
    expect(listedHubs()).toEqual([HUB_A]);
  });
});

describe('LAN hosting', () => {
  it('turns hosting on with the chosen address and port, and shows the hub', async () => {
    const { fake } = await renderSettings(fakeSettingsApi());
    const toggle = await screen.findByRole('switch', { name: 'Host a hub for this LAN' });
    expect(screen.getByText('Not hosting a LAN hub.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Address'), { target: { value: '127.0.0.1' } });
    fireEvent.change(screen.getByLabelText('Port'), { target: { value: '5000' } });
    fireEvent.click(toggle);
    expect(fake.api.setLanHosting).toHaveBeenCalledWith({ enabled: true, host: '127.0.0.1', port: 5000 });
    await screen.findByText('Hosting the LAN hub at ws://127.0.0.1:5000.');
    expect((toggle as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('Address') as HTMLInputElement).disabled).toBe(true);
  });

  it('turns hosting off from the palette', async () => {
    const fake = fakeSettingsApi({ sync: syncStatus({ lanHub: 'ws://0.0.0.0:4871' }) });
    const { commands } = await renderSettings(fake);
    await screen.findByText('Hosting the LAN hub at ws://0.0.0.0:4871.');
    const command = commands().find((c) => c.id === 'settings-lan-hosting')!;
    expect(command.label).toBe('Turn LAN hosting off');
    act(() => command.run());
    await screen.findByText('Not hosting a LAN hub.');
    expect(fake.api.setLanHosting).toHaveBeenCalledWith({ enabled: false, host: '0.0.0.0', port: 4871 });
    await waitFor(() =>
      expect(commands().find((c) => c.id === 'settings-lan-hosting')!.label).toBe('Turn LAN hosting on'),
    );
  });

  it("shows the core's reason when it refuses the address", async () => {
    await renderSettings(fakeSettingsApi());
    fireEvent.change(await screen.findByLabelText('Address'), { target: { value: 'everywhere' } });
    fireEvent.click(screen.getByRole('switch', { name: 'Host a hub for this LAN' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/^host: /);
    expect(screen.getByText('Not hosting a LAN hub.')).toBeTruthy();
  });
});

describe('appearance', () => {
  it('switches the visible text to Chinese', async () => {
    await renderSettings(fakeSettingsApi());
    expect(await screen.findByRole('heading', { name: 'Members and settings' })).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: '简体中文' }));
    expect(await screen.findByRole('heading', { name: '成员与设置' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: '外观' })).toBeTruthy();
    expect(screen.getByRole('switch', { name: '为此局域网托管中心' })).toBeTruthy();
    expect((screen.getByRole('radio', { name: '简体中文' }) as HTMLInputElement).checked).toBe(true);
    expect(document.documentElement.lang).toBe('zh-CN');
  });

  it('switches the theme', async () => {
    await renderSettings(fakeSettingsApi());
    const light = await screen.findByRole('radio', { name: 'Light' });
    expect((screen.getByRole('radio', { name: 'Dark' }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(light);
    await waitFor(() =>
      expect(document.documentElement.getAttribute('data-mantine-color-scheme')).toBe('light'),
    );
    expect((light as HTMLInputElement).checked).toBe(true);
  });
});
