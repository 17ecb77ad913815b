import { formatDistanceToNowStrict } from 'date-fns';
import type { IncidentSummary } from '../../../../shared/incident';
import type { Department } from '../../../../shared/identity';
import { DepartmentBadge } from '../../components/DepartmentBadge';
import { SeverityBadge } from '../../components/SeverityBadge';

/**
 * How long ago, with the exact instant on hover. An instant that does not parse (a peer's clock
 * stamp the core could not read) shows as unknown rather than taking the board down.
 */
function ReportedAt({ instant }: { instant: string }) {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return <span className="muted">unknown</span>;
  return (
    <time dateTime={instant} title={instant}>
      {formatDistanceToNowStrict(date, { addSuffix: true })}
    </time>
  );
}

function ConflictMarker({ count }: { count: number }) {
  if (count <= 0) return null;
  const text = count === 1 ? '1 open conflict' : `${count} open conflicts`;
  return (
    <span
      className="conflict-marker"
      title="Contradicting changes were made concurrently; someone must resolve them"
    >
      <span aria-hidden="true">⚠ </span>
      {text}
    </span>
  );
}

export function IncidentList({
  incidents,
  departments,
}: {
  incidents: IncidentSummary[];
  departments: readonly Department[];
}) {
  if (incidents.length === 0)
    return <p className="empty">No incidents. Create one above when something happens.</p>;
  return (
    <table className="incident-list" aria-label="Incidents">
      <thead>
        <tr>
          <th scope="col">Severity</th>
          <th scope="col">Title</th>
          <th scope="col">Status</th>
          <th scope="col">Lead</th>
          <th scope="col">Reported</th>
        </tr>
      </thead>
      <tbody>
        {incidents.map((incident) => (
          <tr
            key={incident.id}
            data-incident-id={incident.id}
            className={incident.openConflicts > 0 ? 'has-conflict' : undefined}
          >
            <td>
              <SeverityBadge severity={incident.severity} />
            </td>
            <td className="title">{incident.title}</td>
            <td className="status">
              {incident.status}
              <ConflictMarker count={incident.openConflicts} />
            </td>
            <td>
              {incident.leadDepartment ? (
                <DepartmentBadge id={incident.leadDepartment} departments={departments} />
              ) : (
                <span className="muted">none</span>
              )}
            </td>
            <td>
              <ReportedAt instant={incident.createdAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
