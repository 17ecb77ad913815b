import type { TFunction } from 'i18next';
import { memo, type KeyboardEvent } from 'react';
import type { IncidentSummary } from '../../../../shared/incident';
import type { Department } from '../../../../shared/identity';
import type { RoomSyncStatus } from '../../../../shared/sync';
import { TimeText } from '../../components/Time';
import {
  ConflictMarker,
  InvolvedDepartments,
  LeadDepartment,
  RoomSync,
  SeverityBadge,
  TlpMarker,
  type BoardT,
} from './cells';
import type { BoardLabels } from './board-labels';

/**
 * One incident on the board, in the columns of the table header. The table places it (`top`, in
 * pixels) and decides whether it is the row Tab lands on (`tabbable`). Memoised: while the list
 * scrolls, only rows coming into view render. The table's clock and translations are passed in, so
 * a row keeps no timer or subscription of its own.
 */
export const BoardRow = memo(function BoardRow({
  incident,
  index,
  departments,
  room,
  now,
  top,
  tabbable,
  onOpen,
  onFocus,
  onKeyDown,
  labels,
  t,
  tApp,
  language,
}: {
  incident: IncidentSummary;
  index: number;
  departments: readonly Department[];
  room: RoomSyncStatus | 'no-hub' | undefined;
  now: Date;
  top: number;
  tabbable: boolean;
  onOpen: (incidentId: string) => void;
  onFocus: (index: number) => void;
  onKeyDown: (event: KeyboardEvent, index: number) => void;
  labels: BoardLabels;
  t: BoardT;
  tApp: TFunction<'app'>;
  language: string;
}) {
  return (
    <tr
      data-index={index}
      data-incident-id={incident.id}
      // Row 1 is the header; screen readers announce "row 1,204 of 2,001" though few rows exist.
      aria-rowindex={index + 2}
      tabIndex={tabbable ? 0 : -1}
      className={incident.openConflicts > 0 ? 'board-row has-conflict' : 'board-row'}
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => onOpen(incident.id)}
      onFocus={() => onFocus(index)}
      onKeyDown={(event) => onKeyDown(event, index)}
    >
      <td>
        <SeverityBadge severity={incident.severity} labels={labels} />
      </td>
      <td className="title">{incident.title}</td>
      <td>{labels.status[incident.status]}</td>
      <td>
        <LeadDepartment id={incident.leadDepartment} departments={departments} labels={labels} />
      </td>
      <td>
        <InvolvedDepartments ids={incident.departments} departments={departments} />
      </td>
      <td>
        <TlpMarker tlp={incident.tlp} labels={labels} />
      </td>
      <td>
        <ConflictMarker count={incident.openConflicts} labels={labels} t={t} />
      </td>
      <td>
        <RoomSync room={room} now={now} labels={labels} t={t} />
      </td>
      <td>
        <TimeText instant={incident.createdAt} now={now} t={tApp} language={language} />
      </td>
    </tr>
  );
});
