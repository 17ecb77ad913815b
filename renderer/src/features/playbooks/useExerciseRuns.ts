import { useCallback, useEffect, useState } from 'react';
import type { RunSummary } from '../../../../shared/contract';
import { api } from '../../api';

export type ExerciseRunsState =
  { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; runs: RunSummary[] };

const isExercise = (run: RunSummary) => run.exercise !== null;

/**
 * Exercise runs on this copy: listed once, kept current by `run.changed` events, listed again after
 * a purge (`reload`) and whenever the link to the core comes back.
 */
export function useExerciseRuns() {
  const [state, setState] = useState<ExerciseRunsState>({ status: 'loading' });

  const reload = useCallback(
    () =>
      api.listRuns({}).then(
        (runs) => setState({ status: 'ready', runs: runs.filter(isExercise) }),
        (error: Error) => setState({ status: 'failed', message: error.message }),
      ),
    [],
  );

  useEffect(() => {
    void reload();
    return api.onEvent((event) => {
      if (event.type === 'connection.restored') void reload();
      if (event.type !== 'run.changed' || !isExercise(event.run)) return;
      const run = event.run;
      setState((current) => {
        if (current.status !== 'ready') return current;
        const known = current.runs.some((r) => r.runId === run.runId);
        const runs = known
          ? current.runs.map((r) => (r.runId === run.runId ? run : r))
          : [...current.runs, run];
        return { status: 'ready', runs };
      });
    });
  }, [reload]);

  return { state, reload };
}
