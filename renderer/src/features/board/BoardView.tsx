import './board.css';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Department } from '../../../../shared/identity';
import type { RoomSyncStatus } from '../../../../shared/sync';
import { useNavigation } from '../../app/navigation';
import { useNow } from '../../components/useNow';
import { useIncidents } from '../incidents/useIncidents';
import { useSyncStatus } from '../sync/useSyncStatus';
import { BoardFilters } from './BoardFilters';
import { BoardTable } from './BoardTable';
import {
  DEFAULT_FILTER,
  laneCounts,
  nextSort,
  visibleIncidents,
  type BoardFilter,
  type Sort,
  type SortColumn,
} from './board-view-model';
import { DepartmentLanes } from './DepartmentLanes';
import { QuickCreateForm } from './QuickCreateForm';
import { useBoardCommands } from './useBoardCommands';
import { useFillViewport } from './useFillViewport';
import { useOverdueSteps } from './useOverdueSteps';

/**
 * The command board: quick entry, a lane per department, filters, and every incident in one list
 * that stays live (incidents, sync state and playbook runs arrive as the core pushes them).
 */
export function BoardView({ departments }: { departments: readonly Department[] }) {
  const { t } = useTranslation('board');
  const incidents = useIncidents();
  const sync = useSyncStatus();
  const overdue = useOverdueSteps();
  const now = useNow();
  const go = useNavigation((state) => state.go);

  const [filter, setFilter] = useState<BoardFilter>(DEFAULT_FILTER);
  const [sort, setSort] = useState<Sort | null>(null);
  const titleRef = useRef<HTMLInputElement>(null);
  const boardRef = useRef<HTMLElement>(null);
  const height = useFillViewport(boardRef);

  const changeFilter = useCallback(
    (change: Partial<BoardFilter>) => setFilter((f) => ({ ...f, ...change })),
    [],
  );
  const filterByDepartment = useCallback(
    (department: string | null) => changeFilter({ department }),
    [changeFilter],
  );
  const clearFilters = useCallback(() => setFilter(DEFAULT_FILTER), []);
  const changeSort = useCallback((column: SortColumn) => setSort((current) => nextSort(current, column)), []);
  const open = useCallback((incidentId: string) => go({ name: 'incident', incidentId }), [go]);
  useBoardCommands({ departments, titleRef, filterByDepartment, clearFilters });

  const all = useMemo(() => (incidents.status === 'ready' ? incidents.value : []), [incidents]);
  const shown = useMemo(
    () => visibleIncidents(all, filter, sort, departments),
    [all, filter, sort, departments],
  );
  const counts = useMemo(() => laneCounts(all, departments), [all, departments]);
  // Null while no hub is set: then nothing syncs, and every row saying "offline" would only alarm.
  const rooms = useMemo(
    () =>
      sync.status === 'ready' && sync.value.hubs.length > 0
        ? new Map<string, RoomSyncStatus>(sync.value.rooms.map((r) => [r.room, r]))
        : null,
    [sync],
  );

  return (
    <section className="board" aria-label={t('label')} ref={boardRef} style={{ height }}>
      <QuickCreateForm departments={departments} titleRef={titleRef} />
      <DepartmentLanes
        departments={departments}
        counts={counts}
        overdue={overdue}
        selected={filter.department}
        onSelect={filterByDepartment}
      />
      <BoardFilters
        filter={filter}
        departments={departments}
        onChange={changeFilter}
        onClear={clearFilters}
      />
      {incidents.status === 'loading' && <p className="empty">{t('loading')}</p>}
      {incidents.status === 'failed' && <p role="alert">{t('loadFailed', { message: incidents.message })}</p>}
      {incidents.status === 'ready' && (
        <>
          <p className="board-count" role="status">
            {t('shown', { shown: shown.length, total: all.length })}
          </p>
          {shown.length > 0 ? (
            <BoardTable
              incidents={shown}
              departments={departments}
              rooms={rooms}
              now={now}
              sort={sort}
              onSort={changeSort}
              onOpen={open}
            />
          ) : (
            <p className="empty">{t(all.length === 0 ? 'empty' : 'noMatch')}</p>
          )}
        </>
      )}
    </section>
  );
}
