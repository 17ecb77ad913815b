import { useEffect, useState } from 'react';
import type { RunSummary } from '../../../../shared/contract';
import { api } from '../../api';

/** A step goes overdue by the clock, not by an event, so the counts are asked for again this often. */
const REFRESH_MS = 60_000;

export type OverdueState =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  /** Overdue playbook steps per owning department id. */
  | { status: 'ready'; byDepartment: ReadonlyMap<string, number> };

/**
 * The departments owning each overdue step of a run. A run summary lists its overdue steps but not
 * their owners, so the full run is asked for only when it has any. A step owned by an ICS role alone
 * counts for the department accountable for it; one with neither is left out.
 */
async function overdueOwners(run: RunSummary): Promise<string[]> {
  if (run.status !== 'active' || !run.current.some((step) => step.overdue)) return [];
  const record = await api.showRun({ runId: run.runId });
  return record.steps
    .filter((step) => step.overdue)
    .map((step) => step.owner.department ?? step.accountable.department)
    .filter((department): department is string => department !== undefined);
}

function tally(owners: ReadonlyMap<string, string[]>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const departments of owners.values())
    for (const department of departments) counts.set(department, (counts.get(department) ?? 0) + 1);
  return counts;
}

/**
 * Overdue playbook steps per department, across active runs: loaded once, a run updated on its
 * `run.changed` event, everything reloaded when the link to the core returns and every minute.
 */
export function useOverdueSteps(): OverdueState {
  const [state, setState] = useState<OverdueState>({ status: 'loading' });

  useEffect(() => {
    let live = true;
    const owners = new Map<string, string[]>();
    // Answers can overtake each other; only the latest request per run (or for the list) counts.
    const latest = new Map<string, number>();
    let requests = 0;
    const LIST = 'all runs';
    const publish = () => live && setState({ status: 'ready', byDepartment: tally(owners) });

    const updateRun = (run: RunSummary) => {
      const request = ++requests;
      latest.set(run.runId, request);
      overdueOwners(run).then(
        (departments) => {
          if (latest.get(run.runId) !== request) return;
          if (departments.length > 0) owners.set(run.runId, departments);
          else owners.delete(run.runId);
          publish();
        },
        // The run stays as it was counted; the next event or refresh tries again.
        () => undefined,
      );
    };

    const load = () => {
      const request = ++requests;
      latest.set(LIST, request);
      api
        .listRuns({ active: true })
        .then((runs) => Promise.all(runs.map(async (run) => [run.runId, await overdueOwners(run)] as const)))
        .then(
          (found) => {
            if (!live || latest.get(LIST) !== request) return;
            // A run updated by an event after this list was asked for keeps its newer count.
            const updatedSince = (runId: string) => (latest.get(runId) ?? 0) > request;
            const kept = [...owners].filter(([runId]) => updatedSince(runId));
            owners.clear();
            for (const [runId, departments] of found)
              if (!updatedSince(runId) && departments.length > 0) owners.set(runId, departments);
            for (const [runId, departments] of kept) owners.set(runId, departments);
            publish();
          },
          (error: Error) => live && setState({ status: 'failed', message: error.message }),
        );
    };

    const unsubscribe = api.onEvent((event) => {
      if (event.type === 'connection.restored') load();
      else if (event.type === 'run.changed') updateRun(event.run);
    });
    const timer = setInterval(load, REFRESH_MS);
    load();
    return () => {
      live = false;
      clearInterval(timer);
      unsubscribe();
    };
  }, []);

  return state;
}
