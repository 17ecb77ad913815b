import { act, cleanup, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AttentionItem } from '../../../shared/attention';
import {
  createAttentionNotifier,
  MAX_AT_ONCE,
} from '../../../renderer/src/features/notifications/attention-notifier';
import { fakeDesktopApi, withFakeApi } from './fake-api';

const item = (
  id: string,
  kind: AttentionItem['kind'] = 'approval',
  fields: Partial<AttentionItem> = {},
): AttentionItem => ({
  id,
  kind,
  incidentId: `incident-${id}`,
  title: `Step ${id}`,
  incidentTitle: `Incident ${id}`,
  runId: 'run-1',
  exercise: false,
  ...fields,
});

describe('createAttentionNotifier', () => {
  it('announces nothing pending at start, then each new item once', () => {
    const decide = createAttentionNotifier();
    expect(decide([item('a')])).toEqual({ fresh: [], more: 0 });
    expect(decide([item('a'), item('b')])).toEqual({ fresh: [item('b')], more: 0 });
    expect(decide([item('a'), item('b')]).fresh).toEqual([]);
    // Gone and back is new again: it was acted on, then arose again.
    expect(decide([item('a')]).fresh).toEqual([]);
    expect(decide([item('a'), item('b')]).fresh).toEqual([item('b')]);
  });

  it(`announces at most ${MAX_AT_ONCE} at once and counts the rest`, () => {
    const decide = createAttentionNotifier();
    decide([]);
    const burst = ['1', '2', '3', '4', '5'].map((id) => item(id));
    expect(decide(burst)).toEqual({ fresh: burst.slice(0, MAX_AT_ONCE), more: 2 });
  });
});

describe('useAttentionNotifications', () => {
  const shown: Array<{ title: string; body?: string; tag?: string; onclick: (() => void) | null }> = [];
  class FakeNotification {
    static permission = 'granted';
    onclick: (() => void) | null = null;
    constructor(title: string, options: { body?: string; tag?: string } = {}) {
      shown.push(Object.assign(this, { title, ...options }));
    }
  }

  beforeEach(() => {
    shown.length = 0;
    vi.useFakeTimers({ shouldAdvanceTime: true });
    vi.stubGlobal('Notification', FakeNotification);
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
    vi.unstubAllGlobals();
    delete window.muster;
  });

  it('raises a translated notification for what newly needs the member; a click opens the incident', async () => {
    const fake = fakeDesktopApi();
    fake.api.getAttention
      .mockResolvedValueOnce([item('old')])
      .mockResolvedValueOnce([item('old'), item('new', 'overdue', { exercise: true })]);
    const { useAttentionNotifications } = await withFakeApi(
      fake,
      () => import('../../../renderer/src/features/notifications/useAttentionNotifications'),
    );
    const { useNavigation } = await import('../../../renderer/src/app/navigation');
    await import('../../../renderer/src/i18n/i18n');
    function Probe() {
      useAttentionNotifications();
      return null;
    }
    render(<Probe />);
    await vi.waitFor(() => expect(fake.api.getAttention).toHaveBeenCalledTimes(1));
    expect(shown).toEqual([]);

    act(() => fake.push({ type: 'run.changed', run: {} as never }));
    await act(() => vi.advanceTimersByTimeAsync(2_000));
    await vi.waitFor(() => expect(shown).toHaveLength(1));
    expect(shown[0]).toMatchObject({
      title: 'Overdue: Step new',
      body: 'EXERCISE · Incident new',
      tag: 'new',
    });
    act(() => shown[0]!.onclick!());
    expect(useNavigation.getState().view).toEqual({ name: 'incident', incidentId: 'incident-new' });
  });
});
