/**
 * The small pieces of a board row: each shows one field of an incident, translated. They take the
 * table's words and `t` rather than subscribing to i18next each: a row has six of them, and while
 * the list scrolls every new row mounts them all.
 */
import { format, isSameDay } from 'date-fns';
import type { TFunction } from 'i18next';
import type { CSSProperties } from 'react';
import type { Severity } from '../../../../shared/incident';
import type { Department } from '../../../../shared/identity';
import type { RoomSyncStatus } from '../../../../shared/sync';
import { DepartmentBadge } from '../../components/DepartmentBadge';
import type { BoardLabels } from './board-labels';

export type BoardT = TFunction<'board'>;

/** The shared severity colours (styles.css) with a translated word. */
export function SeverityBadge({ severity, labels }: { severity: Severity; labels: BoardLabels }) {
  return <span className={`badge severity-${severity}`}>{labels.severity[severity]}</span>;
}

/** TLP markings keep their standard English names in every language; the colour follows TLP 2.0. */
export function TlpMarker({ tlp, labels }: { tlp: string; labels: BoardLabels }) {
  const tone = tlp.toLowerCase().replace(/[^a-z]+/g, '-');
  return <span className={`board-tlp tlp-${tone}`}>{labels.tlp[tlp] ?? tlp}</span>;
}

export function ConflictMarker({ count, labels, t }: { count: number; labels: BoardLabels; t: BoardT }) {
  if (count <= 0) return null;
  return (
    <span className="board-conflicts" title={labels.conflictsHint}>
      <span aria-hidden="true">⚠ {count}</span>
      <span className="visually-hidden">{t('conflicts.count', { count })}</span>
    </span>
  );
}

/** The lead department as a badge in its colour, or "none". */
export function LeadDepartment({
  id,
  departments,
  labels,
}: {
  id: string | null;
  departments: readonly Department[];
  labels: BoardLabels;
}) {
  if (id === null) return <span className="muted">{labels.none}</span>;
  return <DepartmentBadge id={id} departments={departments} />;
}

/** Involved departments as coloured dots, named in full on hover and for screen readers. */
export function InvolvedDepartments({
  ids,
  departments,
}: {
  ids: string[];
  departments: readonly Department[];
}) {
  const names = ids.map((id) => departments.find((d) => d.id === id)?.name ?? id);
  return (
    <span className="board-involved" title={names.join(', ')}>
      {ids.map((id, i) => {
        const colour = departments.find((d) => d.id === id)?.colour;
        // A custom property set through the CSSOM, which the CSP allows.
        const style = colour ? ({ '--department-colour': colour } as CSSProperties) : undefined;
        return (
          <span key={id} className="board-involved-item">
            <span className="board-involved-swatch" style={style} aria-hidden="true" />
            {names[i]}
          </span>
        );
      })}
    </span>
  );
}

/** 24-hour clock time, with the day when it was not today. */
const clock = (date: Date, now: Date) => format(date, isSameDay(date, now) ? 'HH:mm' : 'yyyy-MM-dd HH:mm');

/**
 * One incident's room as a dot and a line: "offline since 14:05 · 3 waiting". With no hub set, or
 * a room the sync service has not reported on yet, it says so quietly.
 */
export function RoomSync({
  room,
  now,
  labels,
  t,
}: {
  room: RoomSyncStatus | 'no-hub' | undefined;
  now: Date;
  labels: BoardLabels;
  t: BoardT;
}) {
  if (room === 'no-hub') return <span className="muted">{labels.noHub}</span>;
  if (!room) return <span className="muted">{labels.notSyncedYet}</span>;
  const state = t(`sync.${room.state}`);
  const since = room.since ? new Date(room.since) : null;
  const head =
    since && !Number.isNaN(since.getTime()) ? t('sync.since', { state, time: clock(since, now) }) : state;
  const line = room.pendingChanges > 0 ? t('sync.waiting', { line: head, count: room.pendingChanges }) : head;
  return (
    <span className={`board-sync sync-${room.state}`} title={room.lastError ?? undefined}>
      <span className="sync-dot" aria-hidden="true" />
      {line}
    </span>
  );
}
