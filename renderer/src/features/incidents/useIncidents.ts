import type { IncidentSummary } from '../../../../shared/incident';
import { api } from '../../api';
import { liveResource, type ResourceState } from '../../app/live-resource';
import { upsertIncident } from './board-order';

export type IncidentsState = ResourceState<IncidentSummary[]>;

/**
 * The board's incidents, shared by the board and the map, kept current by the core's pushed
 * `incident.changed` events (ours, other windows' and other departments' changes).
 */
const incidents = liveResource<IncidentSummary[]>({
  load: () => api.listIncidents({}),
  // Before the first list arrives there is nothing to merge into; that list includes it.
  apply: (event, current) =>
    event.type === 'incident.changed' && current ? upsertIncident(current, event.incident) : undefined,
});

export const useIncidents = incidents.use;
export const preloadIncidents = incidents.preload;
