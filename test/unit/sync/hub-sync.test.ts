import { describe, expect, it } from 'vitest';
import type { IncidentSummary } from '../../../shared/incident';
import type { SyncResult } from '../../../shared/sync';
import { adminCopy, enrolMember, hubFor, workspacePublicOf } from '../../support/sync';
import { createIncident } from '../../support/workspace';

describe('syncing through a hub', () => {
  it('brings an incident created on one copy to another, and edits back', async () => {
    const police = await adminCopy();
    const traffic = await enrolMember(police.core, { department: 'traffic', role: 'responder', user: 'Tom' });
    const hub = await hubFor([await workspacePublicOf(police.core)]);

    const incident = await createIncident(police.core, { title: 'Signals dark on Ring Road' });
    const first = (await police.core.call('syncNow', { hubs: [hub.url] })) as SyncResult;
    expect(first).toMatchObject({ hub: hub.url, inSync: true });

    await traffic.core.call('syncNow', { hubs: [hub.url] });
    const seen = (await traffic.core.call('listIncidents', {})) as IncidentSummary[];
    expect(seen.map((i) => i.title)).toEqual(['Signals dark on Ring Road']);

    await traffic.core.call('addLogEntry', { id: incident.id, text: 'Officers directing traffic' });
    await traffic.core.call('syncNow', { hubs: [hub.url] });
    await police.core.call('syncNow', { hubs: [hub.url] });
    expect(await police.core.call('listIncidents', {})).toEqual(await traffic.core.call('listIncidents', {}));
    expect(
      hub.lines.some((l) => /connected member=.*\(Tom, traffic, responder\).*room=incident:/.test(l)),
    ).toBe(true);
  });
});
