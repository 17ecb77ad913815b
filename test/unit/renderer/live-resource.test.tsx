import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import { fakeDesktopApi, roomSync, syncStatus, withFakeApi } from './fake-api';

afterEach(cleanup);

const HUB = 'ws://hub.riverton.example:4871';

/** Two places that show the sync state, as the header and the board do. */
async function twoViewers() {
  const fake = fakeDesktopApi({ sync: syncStatus({ hubs: [HUB], rooms: [roomSync('directory')] }) });
  const { useSyncStatus, acceptSyncStatus } = await withFakeApi(
    fake,
    () => import('../../../renderer/src/features/sync/useSyncStatus'),
  );
  const Rooms = ({ name }: { name: string }) => {
    const state = useSyncStatus();
    return (
      <p>{`${name}: ${state.status === 'ready' ? state.value.rooms.map((r) => r.room).join(',') : state.status}`}</p>
    );
  };
  const view = () => (
    <>
      <Rooms name="header" />
      <Rooms name="board" />
    </>
  );
  return { fake, acceptSyncStatus, view };
}

it('asks the core once for every place that shows it, and gives each pushed status to all of them', async () => {
  const { fake, view } = await twoViewers();
  render(view());
  expect(await screen.findByText('header: directory')).toBeTruthy();
  expect(screen.getByText('board: directory')).toBeTruthy();
  expect(fake.api.getSyncStatus).toHaveBeenCalledTimes(1);
  expect(fake.subscribers()).toBe(1);

  act(() => fake.push({ type: 'sync.changed', status: syncStatus({ rooms: [roomSync('incident:a')] }) }));
  expect(screen.getByText('header: incident:a')).toBeTruthy();
  expect(screen.getByText('board: incident:a')).toBeTruthy();
});

it('shows the answer to a change made here everywhere, and asks again once nobody shows it and someone does again', async () => {
  const { fake, acceptSyncStatus, view } = await twoViewers();
  const { unmount } = render(view());
  await screen.findByText('header: directory');
  act(() => acceptSyncStatus(syncStatus({ rooms: [roomSync('ops:flood')] })));
  expect(screen.getByText('board: ops:flood')).toBeTruthy();

  unmount();
  expect(fake.subscribers()).toBe(0);
  render(view());
  expect(screen.getByText('header: loading')).toBeTruthy();
  expect(await screen.findByText('header: directory')).toBeTruthy();
  expect(fake.api.getSyncStatus).toHaveBeenCalledTimes(2);
});

it('lets a status pushed while the first ask is under way win over that older answer', async () => {
  const { fake, view } = await twoViewers();
  render(view());
  act(() => fake.push({ type: 'sync.changed', status: syncStatus({ rooms: [roomSync('incident:new')] }) }));
  await act(async () => {});
  expect(screen.getByText('header: incident:new')).toBeTruthy();
});

it('can be asked for before any view shows it, and a preload that failed is asked again by the first view', async () => {
  const fake = fakeDesktopApi({ whoAmI: null });
  const { useIncidents, preloadIncidents } = await withFakeApi(
    fake,
    () => import('../../../renderer/src/features/incidents/useIncidents'),
  );
  const Count = () => {
    const state = useIncidents();
    return <p>{state.status === 'ready' ? `${state.value.length} incidents` : state.status}</p>;
  };
  // No workspace yet: the early answer is an error, and nobody is shown it.
  preloadIncidents();
  await act(async () => {});
  expect(fake.api.listIncidents).toHaveBeenCalledTimes(1);

  await fake.api.initWorkspace({ workspace: 'City of Riverton', department: 'traffic', user: 'Ana' });
  render(<Count />);
  expect(await screen.findByText('0 incidents')).toBeTruthy();
  expect(fake.api.listIncidents).toHaveBeenCalledTimes(2);
  cleanup();

  // With a workspace, the view that mounts after a preload uses its answer.
  preloadIncidents();
  await act(async () => {});
  render(<Count />);
  expect(screen.getByText('0 incidents')).toBeTruthy();
  expect(fake.api.listIncidents).toHaveBeenCalledTimes(3);
});
