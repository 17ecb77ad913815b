import 'maplibre-gl/dist/maplibre-gl.css';
import {
  GeoJSONSource,
  LngLatBounds,
  Map as MapLibreMap,
  NavigationControl,
  type StyleSpecification,
} from 'maplibre-gl';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Overlay } from './overlays';
import { registerTileProtocol, tileUrlTemplate } from './tile-protocol';

/** Close enough to read streets around a single incident, not so close that tiles run out. */
const MAX_FIT_ZOOM = 15;

const collection = (overlay: Overlay) => ({ type: 'FeatureCollection' as const, features: overlay.features });

function styleFor(sourceVersion: string, overlays: readonly Overlay[]): StyleSpecification {
  return {
    version: 8,
    sources: {
      tiles: { type: 'raster', tiles: [tileUrlTemplate(sourceVersion)], tileSize: 256 },
      ...Object.fromEntries(overlays.map((o) => [o.id, { type: 'geojson', data: collection(o) }])),
    },
    layers: [{ id: 'tiles', type: 'raster', source: 'tiles' }, ...overlays.flatMap((o) => o.layers)],
  };
}

function boundsOf(overlays: readonly Overlay[]): LngLatBounds | null {
  const points = overlays.flatMap((o) =>
    o.features.flatMap((f) =>
      f.geometry.type === 'Point' ? [f.geometry.coordinates] : f.geometry.coordinates.flat(),
    ),
  );
  if (points.length === 0) return null;
  return points.reduce((bounds, point) => bounds.extend(point), new LngLatBounds(points[0], points[0]));
}

/**
 * The tile map (MapLibre GL): the configured source's tiles, fetched by the core, under the
 * overlays. It starts framed on the overlays' features. `onFailed` reports a map that could not
 * start (no WebGL after all, a worker that would not load), `onTileError` a tile that failed.
 */
export default function TileMap({
  sourceVersion,
  overlays,
  onFailed,
  onTileError,
}: {
  sourceVersion: string;
  overlays: readonly Overlay[];
  onFailed: (message: string) => void;
  onTileError: (message: string) => void;
}) {
  const { t } = useTranslation('map');
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<MapLibreMap | null>(null);
  // The latest props for the map's listeners, which are attached once.
  const latest = useRef({ overlays, onFailed, onTileError });
  useEffect(() => {
    latest.current = { overlays, onFailed, onTileError };
  });

  useEffect(() => {
    registerTileProtocol();
    const initial = latest.current.overlays;
    let loaded = false;
    let created: MapLibreMap;
    try {
      created = new MapLibreMap({
        container: container.current!,
        style: styleFor(sourceVersion, initial),
        center: [0, 20],
        zoom: 1,
        attributionControl: false,
        locale: {
          'Map.Title': t('mapLabel'),
          'NavigationControl.ZoomIn': t('zoomIn'),
          'NavigationControl.ZoomOut': t('zoomOut'),
          'NavigationControl.ResetBearing': t('resetBearing'),
        },
      });
    } catch (error) {
      latest.current.onFailed((error as Error).message);
      return;
    }
    map.current = created;
    created.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    const bounds = boundsOf(initial);
    if (bounds) created.fitBounds(bounds, { padding: 48, maxZoom: MAX_FIT_ZOOM, animate: false });
    created.on('load', () => (loaded = true));
    created.on('error', (event) => {
      const message = event.error?.message ?? String(event.error);
      if (loaded) latest.current.onTileError(message);
      else latest.current.onFailed(message);
    });
    for (const overlay of initial) {
      for (const layer of overlay.layers) {
        created.on('click', layer.id, (event) => {
          const id = event.features?.[0]?.properties?.id;
          const activate = latest.current.overlays.find((o) => o.id === overlay.id)?.onActivate;
          if (typeof id === 'string') activate?.(id);
        });
        created.on('mouseenter', layer.id, () => (created.getCanvas().style.cursor = 'pointer'));
        created.on('mouseleave', layer.id, () => (created.getCanvas().style.cursor = ''));
      }
    }
    return () => {
      map.current = null;
      created.remove();
    };
    // The map is built once per source; overlays are updated in place below, texts on the next build.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sourceVersion]);

  useEffect(() => {
    for (const overlay of overlays) {
      const source = map.current?.getSource(overlay.id);
      if (source instanceof GeoJSONSource) void source.setData(collection(overlay));
    }
  }, [overlays]);

  return <div ref={container} className="tile-map" data-testid="tile-map" />;
}
