import { useEffect, useState } from 'react';
import type { Incident } from '../../../../shared/incident';
import { api } from '../../api';

export type IncidentsState =
  { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; incidents: Incident[] };

/**
 * The incident list, kept current by the core's pushed events (ours and other windows' creations)
 * and reloaded whenever the link to the core comes back.
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
      if (event.type === 'connection.restored') {
        void load();
        return;
      }
      setState((current) =>
        current.status !== 'ready' || current.incidents.some((i) => i.id === event.incident.id)
          ? current
          : { status: 'ready', incidents: [event.incident, ...current.incidents] },
      );
    });
    void load();
    return () => {
      live = false;
      unsubscribe();
    };
  }, []);

  return state;
}
