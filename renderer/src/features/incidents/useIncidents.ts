import { useEffect, useState } from 'react';
import type { IncidentSummary } from '../../../../shared/incident';
import { api } from '../../api';
import { upsertIncident } from './board-order';

export type IncidentsState =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; incidents: IncidentSummary[] };

/**
 * The board, kept current by the core's pushed `incident.changed` events (ours, other windows' and
 * other departments' changes) and reloaded whenever the link to the core comes back.
 */
export function useIncidents(): IncidentsState {
  const [state, setState] = useState<IncidentsState>({ status: 'loading' });

  useEffect(() => {
    let live = true;
    const load = () =>
      api.listIncidents({}).then(
        (incidents) => live && setState({ status: 'ready', incidents }),
        (error: Error) => live && setState({ status: 'failed', message: error.message }),
      );
    const unsubscribe = api.onEvent((event) => {
      switch (event.type) {
        case 'connection.restored':
          void load();
          return;
        case 'incident.changed':
          // Before the first list arrives there is nothing to merge into; that list includes it.
          setState((current) =>
            current.status === 'ready'
              ? { status: 'ready', incidents: upsertIncident(current.incidents, event.incident) }
              : current,
          );
          return;
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
