import { useCallback, useEffect, useState } from 'react';
import type { RunSummary } from '../../../../shared/contract';
import { api } from '../../api';

export type RunsState =
  { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; runs: RunSummary[] };

/** The incident's playbook runs, kept current by the core's `run.changed` events. */
export function useRuns(incidentId: string) {
  const [state, setState] = useState<RunsState>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let live = true;
    const load = () =>
      api.listRuns({ incidentId }).then(
        (runs) => live && setState({ status: 'ready', runs }),
        (error: Error) => live && setState({ status: 'failed', message: error.message }),
      );
    const unsubscribe = api.onEvent((event) => {
      if (event.type === 'connection.restored') void load();
      if (event.type !== 'run.changed' || event.run.incidentId !== incidentId) return;
      const changed = event.run;
      setState((current) => {
        if (current.status !== 'ready') return current;
        const known = current.runs.some((run) => run.runId === changed.runId);
        return {
          status: 'ready',
          runs: known
            ? current.runs.map((run) => (run.runId === changed.runId ? changed : run))
            : [changed, ...current.runs],
        };
      });
    });
    void load();
    return () => {
      live = false;
      unsubscribe();
    };
  }, [incidentId, generation]);

  /** Lists the runs again (after starting one, which this window may see before its event). */
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { state, reload };
}
