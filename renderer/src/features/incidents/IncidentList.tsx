import { formatDistanceToNowStrict } from 'date-fns';
import type { Incident } from '../../../../shared/incident';
import { SeverityBadge } from '../../components/SeverityBadge';

export function IncidentList({ incidents }: { incidents: Incident[] }) {
  if (incidents.length === 0)
    return <p className="empty">No incidents. Create one above when something happens.</p>;
  return (
    <table className="incident-list" aria-label="Incidents">
      <thead>
        <tr>
          <th scope="col">Severity</th>
          <th scope="col">Title</th>
          <th scope="col">Status</th>
          <th scope="col">Reported</th>
        </tr>
      </thead>
      <tbody>
        {incidents.map((incident) => (
          <tr key={incident.id} data-incident-id={incident.id}>
            <td>
              <SeverityBadge severity={incident.severity} />
            </td>
            <td className="title">{incident.title}</td>
            <td>{incident.status}</td>
            <td>
              <time dateTime={incident.createdAt} title={incident.createdAt}>
                {formatDistanceToNowStrict(new Date(incident.createdAt), { addSuffix: true })}
              </time>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
