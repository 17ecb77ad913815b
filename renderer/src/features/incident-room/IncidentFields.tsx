import { useTranslation } from 'react-i18next';
import type { Location } from '../../../../shared/incident-record/payloads';
import { DepartmentBadge } from '../../components/DepartmentBadge';
import { Time } from '../../components/Time';
import { useRoom } from './room-context';
import { SeverityLabel, StatusLabel } from './labels';
import { TlpMarker } from './TlpMarker';

/** The incident's fields as a compact two-column list. */
export function IncidentFields() {
  const { t } = useTranslation('incident-room');
  const { record, departments } = useRoom();
  return (
    <dl className="incident-fields">
      <dt>{t('fields.title')}</dt>
      <dd>{record.title}</dd>
      <dt>{t('fields.severity')}</dt>
      <dd>
        <SeverityLabel severity={record.severity} />
      </dd>
      <dt>{t('fields.priority')}</dt>
      <dd>{t('fields.priorityValue', { priority: record.priority })}</dd>
      <dt>{t('fields.tlp')}</dt>
      <dd>
        <TlpMarker level={record.tlp} />
      </dd>
      <dt>{t('fields.status')}</dt>
      <dd>
        <StatusLabel status={record.status} />
      </dd>
      <dt>{t('fields.category')}</dt>
      <dd>{record.category}</dd>
      <dt>{t('fields.lead')}</dt>
      <dd>
        {record.leadDepartment ? (
          <DepartmentBadge id={record.leadDepartment} departments={departments} />
        ) : (
          <span className="muted">{t('common.none')}</span>
        )}
      </dd>
      <dt>{t('fields.departments')}</dt>
      <dd className="badges">
        {record.departments.map((id) => (
          <DepartmentBadge key={id} id={id} departments={departments} />
        ))}
      </dd>
      <dt>{t('fields.location')}</dt>
      <dd>
        <LocationText location={record.location} />
      </dd>
      <dt>{t('fields.reported')}</dt>
      <dd>{record.created?.at ? <Time instant={record.created.at} /> : t('common.none')}</dd>
      <dt>{t('fields.description')}</dt>
      <dd className="description">
        {record.description || <span className="muted">{t('common.none')}</span>}
      </dd>
    </dl>
  );
}

function LocationText({ location }: { location: Location | null }) {
  const { t } = useTranslation('incident-room');
  const parts = [location?.address, location?.area].filter(Boolean);
  if (location?.lat !== undefined && location.lon !== undefined) {
    parts.push(t('fields.coordinates', { lat: location.lat, lon: location.lon }));
  }
  if (parts.length === 0) return <span className="muted">{t('common.none')}</span>;
  return <>{parts.join(' · ')}</>;
}
