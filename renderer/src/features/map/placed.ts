import type { IncidentSummary } from '../../../../shared/incident';

/** An incident with coordinates, which both the tile map and the coordinate canvas can place. */
export type PlacedIncident = IncidentSummary & { position: NonNullable<IncidentSummary['position']> };

export const isPlaced = (incident: IncidentSummary): incident is PlacedIncident => Boolean(incident.position);

/** Marker radius in pixels: the more severe, the larger, on the canvas and the tile map alike. */
export const SEVERITY_RADIUS = { critical: 11, major: 9, moderate: 7, minor: 6 } as const;
