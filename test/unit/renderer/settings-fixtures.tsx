/**
 * What the settings view's tests share: members, and the desktop fake with the member and sync
 * methods added. Params are checked with the contract's own schemas, so refusals read like the core's.
 */
import { render } from '@testing-library/react';
import { vi } from 'vitest';
import { contract, type MemberSummary, type ParamsIn, type ParamsOut } from '../../../shared/contract';
import type { SyncStatus } from '../../../shared/sync';
import { describeIssues } from '../../../shared/validation';
import { fakeDesktopApi, syncStatus, withFakeApi } from './fake-api';

export const member = (
  memberId: string,
  user: string,
  fields: Partial<MemberSummary> = {},
): MemberSummary => ({
  memberId,
  user,
  department: 'traffic',
  role: 'responder',
  devices: 1,
  revoked: false,
  ...fields,
});

export const MEMBERS: MemberSummary[] = [
  member('m1', 'Ana Lindqvist', { role: 'admin', devices: 2 }),
  member('m2', 'Ben Okafor', { department: 'energy', role: 'commander' }),
  member('m3', 'Chen Wei', { department: 'police' }),
  member('m4', 'Dana Ruiz', { revoked: true }),
  member('m5', 'Eli Park', { department: 'water' }),
];

/** Throws what the core would for params its contract refuses. */
function checked<M extends 'setSyncHubs' | 'setLanHosting'>(method: M, params: ParamsIn<M>): ParamsOut<M> {
  const parsed = contract[method].params.safeParse(params);
  if (!parsed.success) throw new Error(describeIssues(parsed.error));
  return parsed.data as ParamsOut<M>;
}

export function fakeSettingsApi(options: { sync?: SyncStatus; members?: MemberSummary[] } = {}) {
  let current = options.sync ?? syncStatus();
  const base = fakeDesktopApi({ sync: current });
  const api = {
    ...base.api,
    getSyncStatus: vi.fn(async () => current),
    listMembers: vi.fn(async () => options.members ?? MEMBERS),
    setSyncHubs: vi.fn(async (params: ParamsIn<'setSyncHubs'>) => {
      current = { ...current, hubs: checked('setSyncHubs', params).hubs };
      return current;
    }),
    setLanHosting: vi.fn(async (params: ParamsIn<'setLanHosting'>) => {
      const { enabled, host, port } = checked('setLanHosting', params);
      current = { ...current, lanHub: enabled ? `ws://${host}:${port}` : null };
      return current;
    }),
  };
  return { ...base, api };
}

export type FakeSettingsApi = ReturnType<typeof fakeSettingsApi>;

/** The settings view inside the app's providers, on the fake, as an administrator. */
export async function renderSettings(fake: FakeSettingsApi) {
  const { SettingsView, Providers, useCommandRegistry, me } = await withFakeApi(fake, async () => ({
    ...(await import('../../../renderer/src/features/settings/SettingsView')),
    ...(await import('../../../renderer/src/app/Providers')),
    ...(await import('../../../renderer/src/app/commands')),
    me: await fake.api.whoAmI(),
  }));
  render(
    <Providers>
      <SettingsView me={me!} />
    </Providers>,
  );
  return { fake, commands: () => Object.values(useCommandRegistry.getState().groups).flat() };
}
