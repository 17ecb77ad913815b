import { Alert, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { IncidentSummary } from '../../../../shared/incident';
import type { Department } from '../../../../shared/identity';
import { openIncident } from '../../app/navigation';
import { useIncidents } from '../incidents/useIncidents';
import { frameFor } from './projection';
import './map.css';

const SEVERITY_RADIUS = { critical: 11, major: 9, moderate: 7, minor: 6 } as const;

/**
 * Incidents where they are. With no tile source configured (first run, offline) they are drawn on
 * a plain coordinate grid, so the view works without the network and sends nothing to it; every
 * marker opens its incident, and the same incidents are listed below for keyboard and screen reader.
 */
export function MapView({ departments }: { departments: readonly Department[] }) {
  const { t } = useTranslation('map');
  const state = useIncidents();
  if (state.status === 'loading') return <p className="empty">{t('loading')}</p>;
  if (state.status === 'failed') return <p role="alert">{t('failed', { message: state.message })}</p>;
  const active = state.incidents.filter((i) => i.status !== 'closed');
  const placed = active.filter(
    (i): i is IncidentSummary & { position: NonNullable<IncidentSummary['position']> } => Boolean(i.position),
  );
  const unplaced = active.filter((i) => !i.position);
  return (
    <section className="map-view" aria-labelledby="map-title">
      <h2 id="map-title">{t('title')}</h2>
      <Alert variant="light">{t('plainCanvas')}</Alert>
      {placed.length === 0 ? (
        <p className="empty">{t('nothingPlaced')}</p>
      ) : (
        <CoordinateCanvas incidents={placed} departments={departments} />
      )}
      <IncidentTable label={t('listLabel')} incidents={placed} />
      {unplaced.length > 0 && <IncidentTable label={t('unplacedLabel')} incidents={unplaced} />}
    </section>
  );
}

function CoordinateCanvas({
  incidents,
  departments,
}: {
  incidents: Array<IncidentSummary & { position: { lat: number; lon: number } }>;
  departments: readonly Department[];
}) {
  const { t } = useTranslation(['map', 'app']);
  const frame = frameFor(incidents.map((i) => i.position))!;
  const colour = (id: string | null) => departments.find((d) => d.id === id)?.colour ?? 'currentColor';
  return (
    <svg
      className="coordinate-canvas"
      viewBox={`0 0 ${frame.width} ${frame.height}`}
      role="group"
      aria-label={t('canvasLabel', { count: incidents.length })}
    >
      {frame.latLines.map((lat) => {
        const { y } = frame.toXY({ lat, lon: 0 });
        return (
          <g key={`lat-${lat}`} className="grid-line" aria-hidden="true">
            <line x1={0} x2={frame.width} y1={y} y2={y} />
            <text x={4} y={y - 4}>{`${lat}°`}</text>
          </g>
        );
      })}
      {frame.lonLines.map((lon) => {
        const { x } = frame.toXY({ lat: 0, lon });
        return (
          <g key={`lon-${lon}`} className="grid-line" aria-hidden="true">
            <line x1={x} x2={x} y1={0} y2={frame.height} />
            <text x={x + 4} y={frame.height - 6}>{`${lon}°`}</text>
          </g>
        );
      })}
      {incidents.map((incident) => {
        const { x, y } = frame.toXY(incident.position);
        const label = t('marker', {
          title: incident.title,
          severity: t(`app:severity.${incident.severity}`),
          status: t(`app:status.${incident.status}`),
        });
        const open = () => openIncident(incident.id);
        return (
          <g
            key={incident.id}
            className={`marker severity-${incident.severity}`}
            role="button"
            tabIndex={0}
            aria-label={label}
            data-incident-id={incident.id}
            onClick={open}
            onKeyDown={(event) => {
              if (event.key === 'Enter' || event.key === ' ') {
                event.preventDefault();
                open();
              }
            }}
          >
            <title>{label}</title>
            <circle
              cx={x}
              cy={y}
              r={SEVERITY_RADIUS[incident.severity]}
              stroke={colour(incident.leadDepartment)}
            />
          </g>
        );
      })}
    </svg>
  );
}

function IncidentTable({ label, incidents }: { label: string; incidents: IncidentSummary[] }) {
  const { t } = useTranslation(['map', 'app']);
  return (
    <Table aria-label={label} striped highlightOnHover>
      <caption>{label}</caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('columns.title')}</Table.Th>
          <Table.Th>{t('columns.severity')}</Table.Th>
          <Table.Th>{t('columns.position')}</Table.Th>
          <Table.Th>{t('columns.area')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {incidents.map((incident) => (
          <Table.Tr key={incident.id}>
            <Table.Td>
              <button
                type="button"
                className="link-button"
                aria-label={t('open', { title: incident.title })}
                onClick={() => openIncident(incident.id)}
              >
                {incident.title}
              </button>
            </Table.Td>
            <Table.Td>{t(`app:severity.${incident.severity}`)}</Table.Td>
            <Table.Td>
              {incident.position ? `${incident.position.lat}, ${incident.position.lon}` : ''}
            </Table.Td>
            <Table.Td>{incident.areaName ?? ''}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
