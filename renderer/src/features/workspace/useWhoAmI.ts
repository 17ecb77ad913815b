import { useCallback, useEffect, useState } from 'react';
import type { WhoAmI } from '../../../../shared/contract';
import { api } from '../../api';

export type WhoAmIState =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  /** The data folder has no workspace yet: first run. */
  | { status: 'none' }
  | { status: 'ready'; me: WhoAmI };

/**
 * Who this workstation acts as, asked of the core on start and again whenever the link to the core
 * comes back (another window may have set the workspace up meanwhile). `enrolled` is for the first-run
 * screen to hand over what initWorkspace or joinWorkspace returned.
 */
export function useWhoAmI(): { state: WhoAmIState; retry: () => void; enrolled: (me: WhoAmI) => void } {
  const [state, setState] = useState<WhoAmIState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    const ask = () =>
      api.whoAmI({}).then(
        (me) => live && setState(me ? { status: 'ready', me } : { status: 'none' }),
        (error: Error) => live && setState({ status: 'failed', message: error.message }),
      );
    const unsubscribe = api.onEvent((event) => {
      if (event.type === 'connection.restored') void ask();
      // Another window (or this one) set up the workspace: leave the first-run screen everywhere.
      else if (event.type === 'workspace.changed') setState({ status: 'ready', me: event.me });
    });
    void ask();
    return () => {
      live = false;
      unsubscribe();
    };
  }, [attempt]);

  const retry = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);
  const enrolled = useCallback((me: WhoAmI) => setState({ status: 'ready', me }), []);
  return { state, retry, enrolled };
}
