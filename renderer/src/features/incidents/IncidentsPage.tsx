import { CreateIncidentForm } from './CreateIncidentForm';
import { IncidentList } from './IncidentList';
import { useIncidents } from './useIncidents';

export function IncidentsPage() {
  const state = useIncidents();
  return (
    <section className="incidents">
      <CreateIncidentForm />
      {state.status === 'loading' && <p className="empty">Loading incidents…</p>}
      {state.status === 'failed' && <p role="alert">Could not load incidents: {state.message}</p>}
      {state.status === 'ready' && <IncidentList incidents={state.incidents} />}
    </section>
  );
}
