import { useCallback, useState } from 'react';
import type { SyncStatus } from '../../../../shared/sync';
import { useSyncStatus, type SyncStatusState } from '../sync/useSyncStatus';

/**
 * This copy's sync status for the settings: the live status (asked once, then pushed), except that
 * right after a change here the core's answer to it is shown, until the next pushed status, which
 * is at least as new, takes over again.
 */
export function useSyncSettings(): { state: SyncStatusState; accept: (status: SyncStatus) => void } {
  const live = useSyncStatus();
  const [answer, setAnswer] = useState<{ status: SyncStatus; over: SyncStatusState } | null>(null);
  const accept = useCallback((status: SyncStatus) => setAnswer({ status, over: live }), [live]);
  const state: SyncStatusState =
    answer && answer.over === live ? { status: 'ready', sync: answer.status } : live;
  return { state, accept };
}
