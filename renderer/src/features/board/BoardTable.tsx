import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { IncidentSummary } from '../../../../shared/incident';
import type { Department } from '../../../../shared/identity';
import type { RoomSyncStatus } from '../../../../shared/sync';
import { boardLabels } from './board-labels';
import { BoardRow } from './BoardRow';
import type { Sort, SortColumn } from './board-view-model';

/** Every row is this tall (board.css agrees), so the virtualiser never has to measure one. */
export const ROW_HEIGHT = 36;
/** Rows rendered beyond the visible ones, so fast scrolling does not show blank space. */
const OVERSCAN = 8;

type Column = { key: string; sortable: SortColumn | null };
const COLUMNS: Column[] = [
  { key: 'severity', sortable: 'severity' },
  { key: 'title', sortable: 'title' },
  { key: 'status', sortable: 'status' },
  { key: 'lead', sortable: 'lead' },
  { key: 'departments', sortable: null },
  { key: 'tlp', sortable: 'tlp' },
  { key: 'conflicts', sortable: 'conflicts' },
  { key: 'sync', sortable: null },
  { key: 'reported', sortable: 'reported' },
];

function HeaderCell({
  column,
  sort,
  onSort,
}: {
  column: Column;
  sort: Sort | null;
  onSort: (c: SortColumn) => void;
}) {
  const { t } = useTranslation('board');
  const label = t(`columns.${column.key}`);
  const { sortable } = column;
  if (!sortable) return <th scope="col">{label}</th>;
  return (
    <th scope="col" aria-sort={sort?.column === sortable ? sort.direction : 'none'}>
      <button type="button" className="board-sort" onClick={() => onSort(sortable)}>
        {label}
      </button>
    </th>
  );
}

/** Memoised: the table re-renders on every scroll frame, its header only when the sort changes. */
const BoardHeader = memo(function BoardHeader({
  sort,
  onSort,
}: {
  sort: Sort | null;
  onSort: (c: SortColumn) => void;
}) {
  return (
    <thead>
      <tr aria-rowindex={1}>
        {COLUMNS.map((column) => (
          <HeaderCell key={column.key} column={column} sort={sort} onSort={onSort} />
        ))}
      </tr>
    </thead>
  );
});

/**
 * The incidents as a table that renders only the rows in view: 2,000 incidents cost no more than
 * thirty. Rows are positioned inside a tbody as tall as all of them, so the scroll bar is true.
 * One row at a time is in the Tab order; arrow keys, Home and End move between rows and Enter opens.
 */
export function BoardTable({
  incidents,
  departments,
  rooms,
  now,
  sort,
  onSort,
  onOpen,
}: {
  incidents: readonly IncidentSummary[];
  departments: readonly Department[];
  /** Each incident room's sync state by room name; null when no hub is set. */
  rooms: ReadonlyMap<string, RoomSyncStatus> | null;
  now: Date;
  sort: Sort | null;
  onSort: (column: SortColumn) => void;
  onOpen: (incidentId: string) => void;
}) {
  const { t, i18n } = useTranslation('board');
  const { t: tApp } = useTranslation('app');
  const labels = useMemo(() => boardLabels(t), [t]);
  const scrollRef = useRef<HTMLDivElement>(null);
  // The focused incident by id, so a live update that reorders the list does not move it.
  const [activeId, setActiveId] = useState<string | null>(null);
  const pendingFocus = useRef<number | null>(null);

  // The app is not built with the React Compiler, which is what this rule protects.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: incidents.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (index) => incidents[index]!.id,
    overscan: OVERSCAN,
    // Let React batch the renders scrolling causes instead of forcing each one synchronously.
    useFlushSync: false,
  });
  const rows = virtualizer.getVirtualItems();

  // A row asked for by the keyboard may only exist after the scroll it caused has rendered.
  useLayoutEffect(() => {
    if (pendingFocus.current === null) return;
    const row = scrollRef.current?.querySelector<HTMLElement>(`tr[data-index="${pendingFocus.current}"]`);
    if (row) {
      row.focus();
      pendingFocus.current = null;
    }
  });

  // Handlers that stay the same while the list scrolls, so rows already in view do not re-render.
  const onKeyDown = useCallback(
    (event: KeyboardEvent, index: number) => {
      const moveTo = (target: number) => {
        const clamped = Math.max(0, Math.min(incidents.length - 1, target));
        setActiveId(incidents[clamped]!.id);
        pendingFocus.current = clamped;
        virtualizer.scrollToIndex(clamped);
      };
      const pageRows = Math.max(1, virtualizer.getVirtualItems().length - 2 * OVERSCAN);
      const moves: Record<string, number> = {
        ArrowDown: index + 1,
        ArrowUp: index - 1,
        PageDown: index + pageRows,
        PageUp: index - pageRows,
        Home: 0,
        End: incidents.length - 1,
      };
      if (event.key === 'Enter') onOpen(incidents[index]!.id);
      else if (event.key in moves) moveTo(moves[event.key]!);
      else return;
      event.preventDefault();
    },
    [incidents, onOpen, virtualizer],
  );
  const onFocus = useCallback((index: number) => setActiveId(incidents[index]!.id), [incidents]);

  // The active row if it is rendered, otherwise the first rendered one: Tab always reaches a row.
  const activeRendered = rows.some((row) => row.key === activeId);
  const tabbableKey = activeRendered ? activeId : rows[0]?.key;

  return (
    <div className="board-scroll" ref={scrollRef}>
      <table className="board-table" aria-label={t('table.label')} aria-rowcount={incidents.length + 1}>
        <BoardHeader sort={sort} onSort={onSort} />
        <tbody style={{ height: virtualizer.getTotalSize() }}>
          {rows.map((row) => {
            const incident = incidents[row.index]!;
            return (
              <BoardRow
                key={row.key}
                incident={incident}
                index={row.index}
                departments={departments}
                room={rooms ? rooms.get(`incident:${incident.id}`) : 'no-hub'}
                now={now}
                top={row.start}
                tabbable={row.key === tabbableKey}
                onOpen={onOpen}
                onFocus={onFocus}
                onKeyDown={onKeyDown}
                labels={labels}
                t={t}
                tApp={tApp}
                language={i18n.language}
              />
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
