import { useCallback, useEffect, useState } from 'react';
import type { IncidentDetail } from '../../../../shared/contract';
import type { IncidentRecord } from '../../../../shared/incident-record/record';
import { api } from '../../api';

export type RecordState =
  { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; record: IncidentDetail };

type Loaded = { incidentId: string; state: RecordState };

/**
 * One incident's folded record, reloaded whenever the core says it changed (our commands, other
 * windows', other departments' after a sync, and playbook runs, which write to its log) and when
 * the link to the core comes back.
 */
export function useIncidentRecord(incidentId: string) {
  const [loaded, setLoaded] = useState<Loaded>({ incidentId, state: { status: 'loading' } });

  useEffect(() => {
    let live = true;
    const load = () =>
      api.showIncident({ id: incidentId }).then(
        (record) => live && setLoaded({ incidentId, state: { status: 'ready', record } }),
        (error: Error) =>
          live && setLoaded({ incidentId, state: { status: 'failed', message: error.message } }),
      );
    const unsubscribe = api.onEvent((event) => {
      if (
        event.type === 'connection.restored' ||
        (event.type === 'incident.changed' && event.incident.id === incidentId) ||
        (event.type === 'run.changed' && event.run.incidentId === incidentId)
      ) {
        void load();
      }
    });
    void load();
    return () => {
      live = false;
      unsubscribe();
    };
  }, [incidentId]);

  // A command's result is the record without the unverified events; keep the ones we had.
  const apply = useCallback(
    (record: IncidentRecord) =>
      setLoaded((current) => ({
        incidentId: record.incidentId,
        state: {
          status: 'ready',
          record: {
            ...record,
            untrustedEvents: current.state.status === 'ready' ? current.state.record.untrustedEvents : [],
          },
        },
      })),
    [],
  );

  // Until the new incident's record arrives, the previous one's must not show under its id.
  const state: RecordState = loaded.incidentId === incidentId ? loaded.state : { status: 'loading' };
  return { state, apply };
}
