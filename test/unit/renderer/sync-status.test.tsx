import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeSync } from '../../../renderer/src/features/sync/describe-sync';
import type { SyncStatus } from '../../../shared/sync';
import { fakeDesktopApi, me, roomSync, syncStatus, withFakeApi, type FakeApi } from './fake-api';

/** An instant on 1 March 2026 in the test machine's own time zone, so clock times read the same anywhere. */
const at = (hours: number, minutes: number, day = 1) => new Date(2026, 2, day, hours, minutes);
const iso = (hours: number, minutes: number, day = 1) => at(hours, minutes, day).toISOString();
const now = at(14, 17);

const HUB = 'ws://hub.riverton.example:4871';
const LAN = 'ws://10.0.0.5:4871';
const withHub = (fields: Partial<SyncStatus>) => syncStatus({ hubs: [HUB, LAN], hub: HUB, ...fields });

describe('describeSync', () => {
  it('says plainly when no hub is set, without counting changes that have nowhere to go', () => {
    const described = describeSync(
      syncStatus({ rooms: [roomSync('directory', { state: 'offline', since: null, pendingChanges: 12 })] }),
      now,
    );
    expect(described.tone).toBe('none');
    expect(described.text).toBe('Not syncing — no hub set');
    expect(described.spoken).toBe('Not syncing — no hub set');
  });

  it('puts offline first, from the earliest room to go offline, with the total of waiting changes', () => {
    const described = describeSync(
      withHub({
        hub: null,
        rooms: [
          roomSync('directory', { state: 'online', pendingChanges: 0 }),
          roomSync('ops:bridge', { state: 'offline', since: iso(14, 9), pendingChanges: 30 }),
          roomSync('ops:flood', { state: 'offline', since: iso(14, 5), pendingChanges: 5 }),
          roomSync('ops:gas', { state: 'syncing', since: iso(14, 16), pendingChanges: 2 }),
        ],
      }),
      now,
    );
    expect(described.tone).toBe('offline');
    expect(described.text).toBe('Offline since 14:05 · 12 minutes ago · 37 changes waiting');
    // The live region leaves out the ticking hint, so it is not re-read every minute.
    expect(described.spoken).toBe('Offline since 14:05 · 37 changes waiting');
  });

  it('counts one change as one change, and leaves the count out when nothing waits', () => {
    const one = withHub({
      rooms: [roomSync('ops:a', { state: 'offline', since: iso(13, 17), pendingChanges: 1 })],
    });
    expect(describeSync(one, now).text).toBe('Offline since 13:17 · 1 hour ago · 1 change waiting');
    const none = withHub({ rooms: [roomSync('ops:a', { state: 'offline', since: iso(14, 17) })] });
    expect(describeSync(none, now).text).toBe('Offline since 14:17 · just now');
  });

  it('names the day when the copy went offline before today', () => {
    // Day 0 of March is the last day of February.
    const status = withHub({ rooms: [roomSync('ops:a', { state: 'offline', since: iso(23, 50, 0) })] });
    expect(describeSync(status, now).text).toBe('Offline since 28 Feb 23:50 · 14 hours ago');
  });

  it('reads a peer clock ahead of ours as just now, not "in 3 minutes"', () => {
    const status = withHub({ rooms: [roomSync('ops:a', { state: 'offline', since: iso(14, 20) })] });
    expect(describeSync(status, now).text).toBe('Offline since 14:17 · just now');
  });

  it('says never synced when no offline room has ever been in sync', () => {
    const status = withHub({
      hub: null,
      rooms: [
        roomSync('directory', { state: 'offline', since: null, pendingChanges: 2 }),
        roomSync('ops:a', { state: 'offline', since: null, pendingChanges: 1 }),
      ],
    });
    expect(describeSync(status, now)).toMatchObject({
      tone: 'offline',
      text: 'Offline · never synced · 3 changes waiting',
      spoken: 'Offline · never synced · 3 changes waiting',
    });
    // Hubs set but nothing has connected yet: no rooms, no hub in use.
    expect(describeSync(withHub({ hub: null, rooms: [] }), now).text).toBe('Offline · never synced');
  });

  it('shows syncing, with the changes still waiting', () => {
    const rooms = [
      roomSync('directory', { pendingChanges: 0 }),
      roomSync('ops:a', { state: 'syncing', pendingChanges: 4 }),
      roomSync('ops:b', { state: 'syncing', pendingChanges: 1 }),
    ];
    expect(describeSync(withHub({ rooms }), now)).toMatchObject({
      tone: 'syncing',
      text: 'Syncing · 5 changes waiting',
    });
    expect(
      describeSync(withHub({ rooms: rooms.slice(0, 2).map((r) => ({ ...r, pendingChanges: 1 })) }), now).text,
    ).toBe('Syncing · 2 changes waiting');
    expect(
      describeSync(withHub({ rooms: [roomSync('ops:a', { state: 'syncing', pendingChanges: 1 })] }), now)
        .text,
    ).toBe('Syncing · 1 change waiting');
    expect(describeSync(withHub({ rooms: [roomSync('ops:a', { state: 'syncing' })] }), now).text).toBe(
      'Syncing',
    );
  });

  it('shows online with the hub in use, and the LAN hub this copy hosts', () => {
    const rooms = [roomSync('directory'), roomSync('ops:a')];
    expect(describeSync(withHub({ rooms }), now)).toMatchObject({
      tone: 'online',
      text: 'Online · hub.riverton.example:4871',
    });
    expect(describeSync(withHub({ rooms, lanHub: 'ws://10.0.0.7:4871' }), now).text).toBe(
      'Online · hub.riverton.example:4871 · hosting LAN hub 10.0.0.7:4871',
    );
  });

  it('still says it hosts a LAN hub while the city network is down', () => {
    const status = withHub({
      hub: null,
      lanHub: 'ws://10.0.0.7:4871',
      rooms: [roomSync('ops:a', { state: 'offline', since: iso(14, 5), pendingChanges: 2 })],
    });
    expect(describeSync(status, now).text).toBe(
      'Offline since 14:05 · 12 minutes ago · 2 changes waiting · hosting LAN hub 10.0.0.7:4871',
    );
  });

  it('details the hubs and each room that is not online, with its last error', () => {
    const status = withHub({
      hub: null,
      rooms: [
        roomSync('directory'),
        roomSync('ops:bridge', {
          state: 'offline',
          since: iso(14, 5),
          pendingChanges: 3,
          lastError: 'connect ECONNREFUSED 10.0.0.5:4871',
        }),
        roomSync('ops:flood', { state: 'offline', since: null, pendingChanges: 1 }),
      ],
    });
    expect(describeSync(status, now).details.split('\n')).toEqual([
      'Hubs: hub.riverton.example:4871, 10.0.0.5:4871',
      'ops:bridge: offline since 14:05, 3 changes waiting — connect ECONNREFUSED 10.0.0.5:4871',
      'ops:flood: offline, never synced, 1 change waiting',
    ]);
  });
});

async function renderHeader(fake: FakeApi) {
  const { AppHeader } = await withFakeApi(fake, () => import('../../../renderer/src/components/AppHeader'));
  // The shell puts the title bar in a <header>; the test does the same.
  render(
    <header>
      <AppHeader me={me()} />
    </header>,
  );
  return fake;
}

const indicator = () => document.querySelector('.sync-indicator')!;
/** What a sighted user reads (the screen reader hears the status instead). */
const shown = () => indicator().querySelector('[aria-hidden="true"]:not(.sync-dot)')!.textContent;

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  delete window.muster;
});

describe('SyncIndicator in the header', () => {
  it("shows the core's sync state as a polite status", async () => {
    const fake = await renderHeader(
      fakeDesktopApi({ sync: withHub({ rooms: [roomSync('directory'), roomSync('ops:a')] }) }),
    );
    const status = await within(screen.getByRole('banner')).findByRole('status');
    expect(status.textContent).toBe('Online · hub.riverton.example:4871');
    expect(status.getAttribute('aria-live')).toBe('polite');
    expect(shown()).toBe('Online · hub.riverton.example:4871');
    expect(indicator().classList).toContain('sync-online');
    expect(fake.api.getSyncStatus).toHaveBeenCalledTimes(1);
  });

  it('says no hub is set for a fresh workspace', async () => {
    await renderHeader(fakeDesktopApi());
    expect((await screen.findByRole('status')).textContent).toBe('Not syncing — no hub set');
    expect(indicator().classList).toContain('sync-none');
    expect(indicator().getAttribute('title')).toBe('No hub set');
  });

  it('follows pushed sync.changed events', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now);
    const fake = await renderHeader(fakeDesktopApi({ sync: withHub({ rooms: [roomSync('ops:a')] }) }));
    const status = await screen.findByRole('status');

    act(() =>
      fake.push({
        type: 'sync.changed',
        status: withHub({ rooms: [roomSync('ops:a', { state: 'syncing', pendingChanges: 3 })] }),
      }),
    );
    expect(status.textContent).toBe('Syncing · 3 changes waiting');
    expect(indicator().classList).toContain('sync-syncing');

    act(() =>
      fake.push({
        type: 'sync.changed',
        status: withHub({
          hub: null,
          rooms: [
            roomSync('ops:a', {
              state: 'offline',
              since: iso(14, 12),
              pendingChanges: 1,
              lastError: 'hub closed the connection',
            }),
          ],
        }),
      }),
    );
    expect(status.textContent).toBe('Offline since 14:12 · 1 change waiting');
    expect(shown()).toBe('Offline since 14:12 · 5 minutes ago · 1 change waiting');
    expect(indicator().classList).toContain('sync-offline');
    expect(indicator().getAttribute('title')).toContain('hub closed the connection');
  });

  it('keeps the relative hint current without re-announcing the status', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    vi.setSystemTime(now);
    await renderHeader(
      fakeDesktopApi({
        sync: withHub({
          rooms: [roomSync('ops:a', { state: 'offline', since: iso(14, 5), pendingChanges: 2 })],
        }),
      }),
    );
    const status = await screen.findByRole('status');
    expect(shown()).toBe('Offline since 14:05 · 12 minutes ago · 2 changes waiting');
    act(() => vi.advanceTimersByTime(60_000));
    expect(shown()).toBe('Offline since 14:05 · 13 minutes ago · 2 changes waiting');
    expect(status.textContent).toBe('Offline since 14:05 · 2 changes waiting');
  });

  it('asks again when the link to the core comes back', async () => {
    const fake = await renderHeader(fakeDesktopApi({ sync: withHub({ rooms: [roomSync('ops:a')] }) }));
    const status = await screen.findByRole('status');
    fake.api.getSyncStatus.mockResolvedValueOnce(
      withHub({ rooms: [roomSync('ops:a', { state: 'syncing', pendingChanges: 1 })] }),
    );
    act(() => fake.push({ type: 'connection.restored' }));
    await vi.waitFor(() => expect(status.textContent).toBe('Syncing · 1 change waiting'));
    expect(fake.api.getSyncStatus).toHaveBeenCalledTimes(2);
  });

  it('does not let a slow first answer overwrite a newer pushed status', async () => {
    const fake = fakeDesktopApi();
    let answer!: (status: SyncStatus) => void;
    fake.api.getSyncStatus.mockReturnValueOnce(new Promise<SyncStatus>((resolve) => (answer = resolve)));
    await renderHeader(fake);
    act(() =>
      fake.push({
        type: 'sync.changed',
        status: withHub({ rooms: [roomSync('ops:a', { state: 'syncing' })] }),
      }),
    );
    await act(async () => answer(syncStatus()));
    expect(screen.getByRole('status').textContent).toBe('Syncing');
  });

  it("says the state is unknown, with the core's reason on hover, when it cannot be asked", async () => {
    const fake = fakeDesktopApi();
    fake.api.getSyncStatus.mockRejectedValueOnce(new Error('lost the connection to Muster; try again'));
    await renderHeader(fake);
    expect((await screen.findByRole('status')).textContent).toBe('Sync state unknown');
    expect(indicator().getAttribute('title')).toBe('lost the connection to Muster; try again');
  });

  it('stops listening when it goes away', async () => {
    const fake = await renderHeader(fakeDesktopApi());
    await screen.findByRole('status');
    expect(fake.subscribers()).toBe(1);
    cleanup();
    expect(fake.subscribers()).toBe(0);
  });
});

describe('App and the sync indicator', () => {
  it('shows the indicator only once there is a workspace', async () => {
    const fake = fakeDesktopApi({ whoAmI: null });
    const { App } = await withFakeApi(fake, () => import('../../../renderer/src/App'));
    render(<App />);
    await screen.findByRole('region', { name: 'Set up this workstation' });
    expect(screen.queryByRole('status')).toBeNull();
    expect(fake.api.getSyncStatus).not.toHaveBeenCalled();

    fake.api.getSyncStatus.mockResolvedValueOnce(syncStatus());
    act(() => fake.push({ type: 'workspace.changed', me: me() }));
    expect((await within(screen.getByRole('banner')).findByRole('status')).textContent).toBe(
      'Not syncing — no hub set',
    );
  });
});
