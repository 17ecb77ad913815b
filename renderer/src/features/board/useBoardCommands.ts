import { useMemo, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { Department } from '../../../../shared/identity';
import { useCommands, type Command } from '../../app/commands';

/** The board's entries in the command palette, registered while the board is on screen. */
export function useBoardCommands({
  departments,
  titleRef,
  filterByDepartment,
  clearFilters,
}: {
  departments: readonly Department[];
  titleRef: RefObject<HTMLInputElement | null>;
  filterByDepartment: (department: string) => void;
  clearFilters: () => void;
}): void {
  const { t } = useTranslation('board');
  const commands = useMemo<Command[]>(
    () => [
      {
        id: 'board-new-incident',
        label: t('commands.newIncident'),
        shortcut: 'alt+N',
        run: () => titleRef.current?.focus(),
      },
      ...departments.map((department) => ({
        id: `board-filter-${department.id}`,
        label: t('commands.filterDepartment', { name: department.name }),
        keywords: [department.id],
        run: () => filterByDepartment(department.id),
      })),
      { id: 'board-clear-filters', label: t('commands.clearFilters'), run: clearFilters },
    ],
    [t, departments, titleRef, filterByDepartment, clearFilters],
  );
  useCommands('board', commands);
}
