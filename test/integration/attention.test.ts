/**
 * getAttention: what needs a member now, as notifications and the tray will show it. Each item is
 * listed while it stands and gone once someone has acted on it.
 */
import { describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/core';
import type { AttentionItem } from '../../shared/attention';
import type { RunRecord } from '../../shared/playbook';
import type { SyncResult } from '../../shared/sync';
import { adminCopy, enrolMember, hubFor, workspacePublicOf } from '../support/sync';
import { tempDir } from '../support/temp-dir';
import { createIncident } from '../support/workspace';

const PLAYBOOK = `
id: attention-drill
version: 1
title: Attention drill
steps:
  - id: clear-junctions
    title: Clear the junctions
    owner: { department: traffic }
    due: { within: PT20M, from: activation }
  - id: approve-closure
    title: Approve the road closure
    kind: approval
    owner: { department: police }
    approval: { role: incident-commander }
`;

const kinds = (items: AttentionItem[]) => items.map((i) => `${i.kind}: ${i.title}`).sort();

describe('getAttention', () => {
  it('lists a task for its responsible department until it is acknowledged', async () => {
    const police = await adminCopy();
    const traffic = await enrolMember(police.core, { department: 'traffic', role: 'responder', user: 'Tom' });
    const hub = await hubFor([await workspacePublicOf(police.core)]);
    const incident = await createIncident(police.core, { title: 'Signals dark', departments: ['traffic'] });
    const record = (await police.core.call('createTask', {
      id: incident.id,
      title: 'Officers at 12 junctions',
      responsible: [{ kind: 'department', id: 'traffic' }],
    })) as { tasks: Array<{ id: string }> };
    for (const copy of [police, traffic]) {
      expect(((await copy.core.call('syncNow', { hubs: [hub.url] })) as SyncResult).inSync).toBe(true);
    }

    expect(kinds((await traffic.core.call('getAttention', {})) as AttentionItem[])).toEqual([
      'assignment: Officers at 12 junctions',
    ]);
    expect(await police.core.call('getAttention', {})).toEqual([]);
    await traffic.core.call('changeTaskState', {
      id: incident.id,
      taskId: record.tasks[0]!.id,
      action: 'acknowledge',
    });
    expect(await traffic.core.call('getAttention', {})).toEqual([]);
  });

  it('lists approvals a member may give, and overdue steps of their department', async () => {
    let now = Date.now();
    const core = createCore({ dataDir: tempDir(), host: 'cli', clock: () => now });
    try {
      await core.call('initWorkspace', { workspace: 'City', department: 'traffic', user: 'Ana' });
      await core.call('importPlaybook', { text: PLAYBOOK });
      const incident = await createIncident(core, { title: 'Crash at Elm St' });
      const run = (await core.call('startRun', {
        incidentId: incident.id,
        playbook: { id: 'attention-drill' },
      })) as RunRecord;
      expect(kinds((await core.call('getAttention', {})) as AttentionItem[])).toEqual([
        'approval: Approve the road closure',
      ]);
      now += 21 * 60_000;
      const items = (await core.call('getAttention', {})) as AttentionItem[];
      expect(kinds(items)).toEqual(['approval: Approve the road closure', 'overdue: Clear the junctions']);
      expect(items.find((i) => i.kind === 'overdue')).toMatchObject({
        id: `overdue:${run.runId}:clear-junctions`,
        incidentId: incident.id,
        incidentTitle: 'Crash at Elm St',
        exercise: false,
      });
      await core.call('changeRunStep', { runId: run.runId, stepId: 'approve-closure', action: 'approve' });
      await core.call('changeRunStep', { runId: run.runId, stepId: 'clear-junctions', action: 'done' });
      expect(await core.call('getAttention', {})).toEqual([]);
    } finally {
      core.close();
    }
  });
});
