/** The record's fixed words (statuses, severities), translated, in their badges. */
import { useTranslation } from 'react-i18next';
import type { IncidentStatus, Severity } from '../../../../shared/incident-record/vocabulary';

export function SeverityLabel({ severity }: { severity: Severity }) {
  const { t } = useTranslation('incident-room');
  return <span className={`badge severity-${severity}`}>{t(`severity.${severity}`)}</span>;
}

export function StatusLabel({ status }: { status: IncidentStatus }) {
  const { t } = useTranslation('incident-room');
  return <span className={`room-status status-${status}`}>{t(`status.${status}`)}</span>;
}
