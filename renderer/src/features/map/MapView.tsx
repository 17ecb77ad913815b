import { Alert } from '@mantine/core';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Department } from '../../../../shared/identity';
import type { MapSource } from '../../../../shared/map-source';
import { openIncident } from '../../app/navigation';
import { useIncidents } from '../incidents/useIncidents';
import { CoordinateCanvas } from './CoordinateCanvas';
import { IncidentTable } from './IncidentTable';
import { MapSourcePanel } from './MapSourcePanel';
import { incidentOverlay } from './overlays';
import { isPlaced, type PlacedIncident } from './placed';
import { webglAvailable } from './webgl';
import { useMapSource } from './useMapSource';
import './map.css';

// MapLibre is large: it loads only when there are tiles to show.
const TileMap = lazy(() => import('./TileMap'));

/**
 * Incidents where they are: on the workspace's map tiles when an administrator configured a
 * source, otherwise (first run, offline, no WebGL) on a plain coordinate grid that asks nothing of
 * the network. Every marker opens its incident, and the same incidents are listed below for
 * keyboard and screen reader.
 */
export function MapView({
  departments,
  canChooseSource,
}: {
  departments: readonly Department[];
  canChooseSource: boolean;
}) {
  const { t } = useTranslation('map');
  const state = useIncidents();
  const mapSource = useMapSource();
  if (state.status === 'loading' || mapSource.state.status === 'loading')
    return <p className="empty">{t('loading')}</p>;
  if (state.status === 'failed') return <p role="alert">{t('failed', { message: state.message })}</p>;
  const active = state.value.filter((i) => i.status !== 'closed');
  const placed = active.filter(isPlaced);
  const unplaced = active.filter((i) => !isPlaced(i));
  const setting = mapSource.state.status === 'ready' ? mapSource.state.setting : null;
  return (
    <section className="map-view" aria-labelledby="map-title">
      <h2 id="map-title">{t('title')}</h2>
      {mapSource.state.status === 'failed' && (
        <Alert variant="light" color="red">
          {t('sourceFailed', { message: mapSource.state.message })}
        </Alert>
      )}
      <MapArea
        key={JSON.stringify(setting?.source ?? null)}
        source={setting?.source ?? { kind: 'none' }}
        placed={placed}
        departments={departments}
      />
      <IncidentTable label={t('listLabel')} incidents={placed} />
      {unplaced.length > 0 && <IncidentTable label={t('unplacedLabel')} incidents={unplaced} />}
      {setting && (
        <MapSourcePanel setting={setting} canChoose={canChooseSource} onChanged={mapSource.accept} />
      )}
    </section>
  );
}

/** The tile map, or the coordinate canvas when there are no tiles to show or no way to draw them. */
function MapArea({
  source,
  placed,
  departments,
}: {
  source: MapSource;
  placed: PlacedIncident[];
  departments: readonly Department[];
}) {
  const { t } = useTranslation('map');
  const [failure, setFailure] = useState<string | null>(null);
  const [tileError, setTileError] = useState<string | null>(null);
  const [webgl] = useState(() => source.kind !== 'none' && webglAvailable());
  const overlays = useMemo(() => [incidentOverlay(placed, departments, openIncident)], [placed, departments]);

  const why =
    source.kind === 'none'
      ? t('plainCanvas')
      : !webgl
        ? t('noWebgl')
        : failure !== null
          ? t('mapFailed', { message: failure })
          : null;
  if (source.kind === 'none' || why !== null) {
    return (
      <>
        <Alert variant="light">{why}</Alert>
        {placed.length === 0 ? (
          <p className="empty">{t('nothingPlaced')}</p>
        ) : (
          <CoordinateCanvas incidents={placed} departments={departments} />
        )}
      </>
    );
  }
  return (
    <>
      {placed.length === 0 && <p className="empty">{t('nothingPlaced')}</p>}
      <Suspense fallback={<p className="empty">{t('mapLoading')}</p>}>
        <TileMap
          sourceVersion={JSON.stringify(source)}
          overlays={overlays}
          onFailed={setFailure}
          onTileError={(message) => setTileError((shown) => shown ?? message)}
        />
      </Suspense>
      {source.attribution && <p className="map-attribution">{source.attribution}</p>}
      {tileError && (
        <p role="status" className="map-hint">
          {t('tileError', { message: tileError })}
        </p>
      )}
    </>
  );
}
