/**
 * What the tile map draws over its tiles, as overlays: each a GeoJSON source of its own with the
 * layers that draw it and, optionally, what a click on one of its features does. Incidents are the
 * first overlay; alert areas (polygons, a later issue) become another, with fill and line layers.
 */
import type { LayerSpecification } from 'maplibre-gl';
import type { Department } from '../../../../shared/identity';
import { SEVERITY_RADIUS, type PlacedIncident } from './placed';

export type OverlayFeature = {
  type: 'Feature';
  geometry:
    { type: 'Point'; coordinates: [number, number] } | { type: 'Polygon'; coordinates: [number, number][][] };
  properties: { id: string } & Record<string, string | number>;
};

export type Overlay = {
  /** The source id; its layers' ids start with it. */
  id: string;
  features: OverlayFeature[];
  layers: LayerSpecification[];
  /** Called with the id of the clicked feature. */
  onActivate?: (featureId: string) => void;
};

/** Stands in for a department without a colour of its own (one deleted since, say). */
const FALLBACK_COLOUR = '#8a94a6';

/** Incidents as circles in their lead department's colour, sized by severity as on the canvas. */
export function incidentOverlay(
  incidents: readonly PlacedIncident[],
  departments: readonly Department[],
  onActivate: (incidentId: string) => void,
): Overlay {
  const colour = (id: string | null) => departments.find((d) => d.id === id)?.colour ?? FALLBACK_COLOUR;
  return {
    id: 'incidents',
    onActivate,
    features: incidents.map((incident) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [incident.position.lon, incident.position.lat] },
      properties: {
        id: incident.id,
        colour: colour(incident.leadDepartment),
        radius: SEVERITY_RADIUS[incident.severity],
      },
    })),
    layers: [
      {
        id: 'incidents-circles',
        type: 'circle',
        source: 'incidents',
        paint: {
          'circle-color': ['get', 'colour'],
          'circle-radius': ['get', 'radius'],
          // A light ring keeps markers visible on dark and light tiles alike.
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 2,
        },
      },
    ],
  };
}
