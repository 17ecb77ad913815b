import { useEffect, useState } from 'react';
import type { SyncStatus } from '../../../../shared/sync';
import { api } from '../../api';

export type SyncStatusState =
  { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; sync: SyncStatus };

/**
 * This copy's sync state: asked of the core once, then kept current by its `sync.changed` events
 * (each carries the whole status) and asked again whenever the link to the core comes back.
 */
export function useSyncStatus(): SyncStatusState {
  const [state, setState] = useState<SyncStatusState>({ status: 'loading' });

  useEffect(() => {
    let live = true;
    // A pushed status is newer than any answer to a request sent before it arrived.
    let pushes = 0;
    const load = () => {
      const before = pushes;
      const current = () => live && pushes === before;
      return api.getSyncStatus({}).then(
        (sync) => current() && setState({ status: 'ready', sync }),
        (error: Error) => current() && setState({ status: 'failed', message: error.message }),
      );
    };
    const unsubscribe = api.onEvent((event) => {
      if (event.type === 'connection.restored') void load();
      else if (event.type === 'sync.changed') {
        pushes += 1;
        setState({ status: 'ready', sync: event.status });
      }
    });
    void load();
    return () => {
      live = false;
      unsubscribe();
    };
  }, []);

  return state;
}
