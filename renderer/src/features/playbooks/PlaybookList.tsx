import { Badge, Table, TextInput, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlaybookSummary } from '../../../../shared/contract';
import type { Department } from '../../../../shared/identity';
import { DepartmentBadge } from '../../components/DepartmentBadge';
import { AutoStartSwitch } from './AutoStartSwitch';

/** Whether every word of `filter` appears in the playbook's title, id or departments (any case). */
export function matchesFilter(playbook: PlaybookSummary, filter: string, departments: readonly Department[]) {
  const names = playbook.departments.map((id) => departments.find((d) => d.id === id)?.name ?? id);
  const haystack = [playbook.title, playbook.id, ...playbook.departments, ...names].join(' ').toLowerCase();
  return filter
    .toLowerCase()
    .split(/\s+/)
    .every((word) => haystack.includes(word));
}

/**
 * The library as a table, narrowed by a text filter. Picking a title shows that playbook below;
 * administrators switch automatic start per playbook here, others see whether it is on.
 */
export function PlaybookList({
  playbooks,
  departments,
  selectedId,
  onSelect,
  mayAdminister,
  onChanged,
}: {
  playbooks: readonly PlaybookSummary[];
  departments: readonly Department[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  mayAdminister: boolean;
  onChanged: (playbook: PlaybookSummary) => void;
}) {
  const { t } = useTranslation('playbooks');
  const [filter, setFilter] = useState('');
  const shown = playbooks.filter((p) => matchesFilter(p, filter, departments));

  return (
    <div className="playbook-list">
      <TextInput
        className="playbook-filter"
        type="search"
        label={t('list.filter')}
        placeholder={t('list.filterPlaceholder')}
        value={filter}
        onChange={(event) => setFilter(event.currentTarget.value)}
      />
      <p className="playbooks-hint" role="status">
        {t('list.count', { shown: shown.length, total: playbooks.length })}
      </p>
      {shown.length === 0 ? (
        <p className="playbooks-hint">{playbooks.length === 0 ? t('list.empty') : t('list.noMatch')}</p>
      ) : (
        <Table aria-label={t('list.label')} highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('list.columns.title')}</Table.Th>
              <Table.Th>{t('list.columns.id')}</Table.Th>
              <Table.Th>{t('list.columns.version')}</Table.Th>
              <Table.Th>{t('list.columns.steps')}</Table.Th>
              <Table.Th>{t('list.columns.departments')}</Table.Th>
              <Table.Th>{t('list.columns.source')}</Table.Th>
              <Table.Th>{t('list.columns.autoStart')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((playbook) => {
              const selected = playbook.id === selectedId;
              return (
                <Table.Tr key={playbook.id} className={selected ? 'is-selected' : undefined}>
                  <Table.Td>
                    <UnstyledButton
                      className="playbook-pick"
                      aria-current={selected ? 'true' : undefined}
                      onClick={() => onSelect(playbook.id)}
                    >
                      {playbook.title}
                    </UnstyledButton>
                  </Table.Td>
                  <Table.Td>
                    <code>{playbook.id}</code>
                  </Table.Td>
                  <Table.Td>{playbook.version}</Table.Td>
                  <Table.Td>{playbook.steps}</Table.Td>
                  <Table.Td>
                    <span className="playbook-departments">
                      {playbook.departments.map((id) => (
                        <DepartmentBadge key={id} id={id} departments={departments} />
                      ))}
                    </span>
                  </Table.Td>
                  <Table.Td>{t(`source.${playbook.source}`)}</Table.Td>
                  <Table.Td>
                    {mayAdminister ? (
                      <AutoStartSwitch playbook={playbook} onChanged={onChanged} />
                    ) : playbook.autoStart ? (
                      <Badge variant="light">{t('autoStart.on')}</Badge>
                    ) : (
                      <span className="playbooks-hint">{t('autoStart.off')}</span>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </div>
  );
}
