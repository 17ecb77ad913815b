import { Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { IncidentSummary } from '../../../../shared/incident';
import { openIncident } from '../../app/navigation';

/** The incidents of the map as a table, for keyboard and screen reader; each title opens its incident. */
export function IncidentTable({
  label,
  incidents,
}: {
  label: string;
  incidents: readonly IncidentSummary[];
}) {
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
