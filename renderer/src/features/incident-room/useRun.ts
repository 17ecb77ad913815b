import { useEffect, useState } from 'react';
import type { RunRecord } from '../../../../shared/playbook/run-record';
import { api } from '../../api';

export type RunState =
  { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; run: RunRecord };

/**
 * One run's full record (every step), reloaded when the core says the run changed: a step acted on
 * here or elsewhere, an escalation, or an exercise's clock delivering an inject.
 */
export function useRun(runId: string) {
  const [state, setState] = useState<RunState>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    const load = () =>
      api.showRun({ runId }).then(
        (run) => live && setState({ status: 'ready', run }),
        (error: Error) => live && setState({ status: 'failed', message: error.message }),
      );
    const unsubscribe = api.onEvent((event) => {
      if (
        event.type === 'connection.restored' ||
        (event.type === 'run.changed' && event.run.runId === runId)
      ) {
        void load();
      }
    });
    void load();
    return () => {
      live = false;
      unsubscribe();
    };
  }, [runId]);
  /** Shows the run a command returned. */
  const apply = (run: RunRecord) => setState({ status: 'ready', run });
  return { state, apply };
}
