import { useTranslation } from 'react-i18next';
import type { Department } from '../../../../shared/identity';
import { openIncident } from '../../app/navigation';
import { frameFor } from './projection';
import { SEVERITY_RADIUS, type PlacedIncident } from './placed';

/**
 * Incidents on a plain coordinate grid: the map without tiles (none configured, or no WebGL), so
 * it works offline and asks nothing of the network. Every marker opens its incident.
 */
export function CoordinateCanvas({
  incidents,
  departments,
}: {
  incidents: readonly PlacedIncident[];
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
