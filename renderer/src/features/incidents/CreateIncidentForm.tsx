import { useState } from 'react';
import { SEVERITIES, TITLE_MAX_LENGTH, type Severity } from '../../../../shared/incident';
import { api } from '../../api';
import { SubmitRow } from '../../components/SubmitRow';
import { useSubmit } from '../../components/useSubmit';

/**
 * Quick entry for a new incident (the core files it under category Other, led by our department); the
 * board picks it up from the core's `incident.changed` event.
 */
export function CreateIncidentForm() {
  const [title, setTitle] = useState('');
  const [severity, setSeverity] = useState<Severity>('major');
  const { submit, submitting, error } = useSubmit(async () => {
    await api.createIncident({ title, severity });
    setTitle('');
  });

  return (
    <form className="create-incident" onSubmit={submit} aria-label="New incident">
      <label>
        Title
        <input
          name="title"
          value={title}
          maxLength={TITLE_MAX_LENGTH}
          placeholder="e.g. Signal failure at Ring Road 2"
          onChange={(e) => setTitle(e.target.value)}
          autoComplete="off"
        />
      </label>
      <label>
        Severity
        <select name="severity" value={severity} onChange={(e) => setSeverity(e.target.value as Severity)}>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <SubmitRow label="Create incident" busyLabel="Creating…" submitting={submitting} error={error} />
    </form>
  );
}
