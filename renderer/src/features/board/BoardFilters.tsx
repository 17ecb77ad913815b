import { Button, MultiSelect, Select, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  INCIDENT_STATUSES,
  SEVERITIES,
  type IncidentStatus,
  type Severity,
} from '../../../../shared/incident';
import type { Department } from '../../../../shared/identity';
import { TLP_LEVELS } from '../../../../shared/incident-record';
import type { BoardFilter } from './board-view-model';

/** The row of filters above the list. Each choice list left empty means "any". */
export function BoardFilters({
  filter,
  departments,
  onChange,
  onClear,
}: {
  filter: BoardFilter;
  departments: readonly Department[];
  onChange: (change: Partial<BoardFilter>) => void;
  onClear: () => void;
}) {
  const { t } = useTranslation('board');
  const any = t('filters.any');
  return (
    <div className="board-filters" role="search" aria-label={t('filters.label')}>
      <TextInput
        className="board-filter-text"
        size="xs"
        label={t('filters.text')}
        placeholder={t('filters.textPlaceholder')}
        value={filter.text}
        onChange={(event) => onChange({ text: event.currentTarget.value })}
      />
      <MultiSelect
        className="board-filter"
        size="xs"
        label={t('filters.severity')}
        placeholder={filter.severities.length === 0 ? any : undefined}
        data={SEVERITIES.map((s) => ({ value: s, label: t(`severity.${s}`) }))}
        value={filter.severities}
        onChange={(values) => onChange({ severities: values as Severity[] })}
        clearable
      />
      <MultiSelect
        className="board-filter-wide"
        size="xs"
        label={t('filters.status')}
        placeholder={filter.statuses.length === 0 ? any : undefined}
        data={INCIDENT_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
        value={filter.statuses}
        onChange={(values) => onChange({ statuses: values as IncidentStatus[] })}
        clearable
      />
      <Select
        className="board-filter"
        size="xs"
        label={t('filters.department')}
        placeholder={any}
        data={departments.map((d) => ({ value: d.id, label: d.name }))}
        value={filter.department}
        onChange={(department) => onChange({ department })}
        clearable
      />
      <MultiSelect
        className="board-filter"
        size="xs"
        label={t('filters.tlp')}
        placeholder={filter.tlps.length === 0 ? any : undefined}
        data={TLP_LEVELS.map((level) => ({ value: level, label: t('tlp', { level }) }))}
        value={filter.tlps}
        onChange={(tlps) => onChange({ tlps })}
        clearable
      />
      <Button variant="default" size="xs" onClick={onClear}>
        {t('filters.clear')}
      </Button>
    </div>
  );
}
