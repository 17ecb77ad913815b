import type { Department } from '../../../../shared/identity';
import { CreateIncidentForm } from './CreateIncidentForm';
import { IncidentList } from './IncidentList';
import { useIncidents } from './useIncidents';

/** The board: quick entry on top, every incident below, most severe first. */
export function IncidentsPage({ departments }: { departments: readonly Department[] }) {
  const state = useIncidents();
  return (
    <section className="incidents" aria-label="Incident board">
      <CreateIncidentForm />
      {state.status === 'loading' && <p className="empty">Loading incidents…</p>}
      {state.status === 'failed' && <p role="alert">Could not load incidents: {state.message}</p>}
      {state.status === 'ready' && <IncidentList incidents={state.incidents} departments={departments} />}
    </section>
  );
}
