/**
 * Playbook runs through the core, as every host drives them: publishing versions, starting runs,
 * acting on steps from several copies that sync through a real hub, automatic starts and their
 * manual override, escalations, and exercises that leave no trace once purged.
 */
import { describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/core';
import type { IncidentDetail, PlaybookDetail, PlaybookSuggestion, RunSummary } from '../../shared/contract';
import type { RunRecord } from '../../shared/playbook';
import type { SyncResult } from '../../shared/sync';
import { adminCopy, enrolMember, hubFor, waitUntil, workspacePublicOf } from '../support/sync';
import { storedRooms } from '../support/cli';
import { tempDir } from '../support/temp-dir';
import { createIncident } from '../support/workspace';

/** Two parallel steps for two departments, then a commander's approval and a wrap-up. */
const DRILL = `
id: signal-drill
version: 1
title: Signal outage drill
description: Short playbook for tests.
acknowledge: PT10M
triggers:
  - incident: { categories: [Infra], keywords: [signals] }
roles:
  - { role: operations, department: traffic }
steps:
  - id: map-junctions
    title: Map dark junctions
    owner: { department: traffic }
    due: { within: PT30M, from: activation }
  - id: check-feeder
    title: Check the feeder
    owner: { department: energy }
  - id: approve-restore
    title: Approve restoring power
    kind: approval
    owner: { department: energy }
    approval: { role: incident-commander }
    after: [map-junctions, check-feeder]
  - id: wrap-up
    title: Wrap up
    owner: { department: police }
    after: [approve-restore]
injects:
  - { at: PT5M, title: Caller reports a crash at a dark junction, from: police }
`;

const sync = async (core: Core, hub: string) => {
  const result = (await core.call('syncNow', { hubs: [hub] })) as SyncResult;
  expect(result.inSync).toBe(true);
};
const stepOf = (run: RunRecord, id: string) => run.steps.find((s) => s.id === id)!;
/** The run as a copy sees it, without the moment it was read. */
const comparable = (run: RunRecord) => ({ ...run, now: null });

async function cityWithDrill() {
  const police = await adminCopy();
  await police.core.call('importPlaybook', { text: DRILL });
  const incident = await createIncident(police.core, {
    title: 'Signals dark on Ring Road',
    category: 'Infra',
  });
  return { police, incident };
}

describe('playbook runs across copies', () => {
  it('merges two departments completing different steps offline: both done on every copy', async () => {
    const { police, incident } = await cityWithDrill();
    const traffic = await enrolMember(police.core, { department: 'traffic', role: 'responder', user: 'Tom' });
    const energy = await enrolMember(police.core, { department: 'energy', role: 'responder', user: 'Eva' });
    const hub = await hubFor([await workspacePublicOf(police.core)]);
    const run = (await police.core.call('startRun', {
      incidentId: incident.id,
      playbook: { id: 'signal-drill' },
    })) as RunRecord;
    for (const copy of [police, traffic, energy]) await sync(copy.core, hub.url);

    // Both work offline: neither sees the other's change.
    await traffic.core.call('changeRunStep', { runId: run.runId, stepId: 'map-junctions', action: 'done' });
    await energy.core.call('changeRunStep', { runId: run.runId, stepId: 'check-feeder', action: 'done' });
    for (const copy of [traffic, energy, police, traffic, energy]) await sync(copy.core, hub.url);

    const views = await Promise.all(
      [police, traffic, energy].map(
        (c) => c.core.call('showRun', { runId: run.runId }) as Promise<RunRecord>,
      ),
    );
    for (const view of views) {
      expect(stepOf(view, 'map-junctions').state).toBe('done');
      expect(stepOf(view, 'check-feeder').state).toBe('done');
      expect(stepOf(view, 'approve-restore').state).toBe('ready');
      expect(view.conflicts).toEqual([]);
    }
    expect(comparable(views[1]!)).toEqual(comparable(views[0]!));
    expect(comparable(views[2]!)).toEqual(comparable(views[0]!));
  });

  it('turns contradicting outcomes of one step into a conflict that a commander resolves', async () => {
    const { police, incident } = await cityWithDrill();
    const tom = await enrolMember(police.core, { department: 'traffic', role: 'responder', user: 'Tom' });
    const tina = await enrolMember(police.core, { department: 'traffic', role: 'responder', user: 'Tina' });
    const hub = await hubFor([await workspacePublicOf(police.core)]);
    const { runId } = (await police.core.call('startRun', {
      incidentId: incident.id,
      playbook: { id: 'signal-drill' },
    })) as RunRecord;
    for (const copy of [police, tom, tina]) await sync(copy.core, hub.url);

    const done = (await tom.core.call('changeRunStep', {
      runId,
      stepId: 'map-junctions',
      action: 'done',
    })) as RunRecord;
    const skipped = (await tina.core.call('changeRunStep', {
      runId,
      stepId: 'map-junctions',
      action: 'skip',
      reason: 'signals came back on their own',
    })) as RunRecord;
    for (const copy of [tom, tina, police]) await sync(copy.core, hub.url);

    const seen = (await police.core.call('showRun', { runId })) as RunRecord;
    const step = stepOf(seen, 'map-junctions');
    expect(step.state).toBe('conflict');
    expect(seen.counts.openConflicts).toBe(1);
    expect(step.conflict?.candidates.map((c) => c.outcome).sort()).toEqual(['done', 'skipped']);
    const doneEvent = stepOf(done, 'map-junctions').head!;
    expect(step.conflict?.candidates.map((c) => c.eventId)).toContain(doneEvent);
    expect(stepOf(skipped, 'map-junctions').state).toBe('skipped');

    await expect(
      tom.core.call('resolveRunConflict', { runId, stepId: 'map-junctions', chosenEventId: doneEvent }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const resolved = (await police.core.call('resolveRunConflict', {
      runId,
      stepId: 'map-junctions',
      chosenEventId: doneEvent,
      note: 'the list was sent',
    })) as RunRecord;
    expect(stepOf(resolved, 'map-junctions')).toMatchObject({
      state: 'done',
      conflict: { status: 'resolved' },
    });
    expect(resolved.counts.openConflicts).toBe(0);
  });
});

describe('the playbook library', () => {
  it('publishes new versions without changing runs already started, and refuses to rewrite one', async () => {
    const { police, incident } = await cityWithDrill();
    const first = (await police.core.call('startRun', {
      incidentId: incident.id,
      playbook: { id: 'signal-drill' },
    })) as RunRecord;
    const v2 = DRILL.replace('version: 1', 'version: 2').replace(
      '  - id: wrap-up',
      '  - id: brief-press\n    title: Brief the press\n    owner: { department: police }\n    after: [approve-restore]\n  - id: wrap-up',
    );
    await expect(police.core.call('importPlaybook', { text: DRILL })).rejects.toMatchObject({
      code: 'precondition',
      message: expect.stringContaining('version 2 or later'),
    });
    const published = (await police.core.call('importPlaybook', { text: v2 })) as PlaybookDetail;
    expect(published).toMatchObject({ id: 'signal-drill', version: 2, versions: [1, 2], steps: 5 });

    const again = (await police.core.call('showRun', { runId: first.runId })) as RunRecord;
    expect(again.playbook.version).toBe(1);
    expect(again.steps.map((s) => s.id)).toEqual([
      'map-junctions',
      'check-feeder',
      'approve-restore',
      'wrap-up',
    ]);
    const second = (await police.core.call('startRun', {
      incidentId: incident.id,
      playbook: { id: 'signal-drill' },
    })) as RunRecord;
    expect(second.steps.map((s) => s.id)).toContain('brief-press');
    const runs = (await police.core.call('listRuns', { incidentId: incident.id })) as RunSummary[];
    expect(runs.map((r) => [r.runId, r.playbook.version])).toEqual([
      [first.runId, 1],
      [second.runId, 2],
    ]);
  });

  it('lets only commanders and administrators publish, and says which lines are wrong', async () => {
    const police = await adminCopy();
    const tom = await enrolMember(police.core, { department: 'traffic', role: 'responder', user: 'Tom' });
    await expect(tom.core.call('importPlaybook', { text: DRILL })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(
      police.core.call('importPlaybook', {
        text: DRILL.replace('department: energy }', 'department: water }'),
      }),
    ).rejects.toMatchObject({
      code: 'invalid_params',
      message: expect.stringMatching(/line \d+:\d+ .*"water"/),
    });
    expect(((await police.core.call('listPlaybooks', {})) as unknown[]).length).toBeGreaterThanOrEqual(8);
  });

  it("writes the run into the incident's activity log in words", async () => {
    const { police, incident } = await cityWithDrill();
    const run = (await police.core.call('startRun', {
      incidentId: incident.id,
      playbook: { id: 'signal-drill' },
    })) as RunRecord;
    await police.core.call('changeRunStep', {
      runId: run.runId,
      stepId: 'map-junctions',
      action: 'block',
      reason: 'no map',
    });
    await police.core.call('stopRun', { runId: run.runId, reason: 'drill over' });
    const { timeline } = (await police.core.call('showIncident', { id: incident.id })) as IncidentDetail;
    expect(timeline.filter((l) => l.kind === 'playbook').map((l) => l.text)).toEqual([
      'started playbook "Signal outage drill" v1',
      'playbook step map-junctions blocked: no map',
      'stopped a playbook run: drill over',
    ]);
  });

  it('starts the required roles with their default departments, and leaves held roles alone', async () => {
    const { police, incident } = await cityWithDrill();
    await police.core.call('startRun', { incidentId: incident.id, playbook: { id: 'signal-drill' } });
    const detail = (await police.core.call('showIncident', { id: incident.id })) as IncidentDetail;
    expect(detail.roles.find((r) => r.role === 'operations')?.holder).toEqual({
      kind: 'department',
      id: 'traffic',
    });
  });
});

describe('triggers and automatic starts', () => {
  it('suggests matching playbooks, starts allowed ones by themselves, and a commander can stop them', async () => {
    const police = await adminCopy();
    await police.core.call('importPlaybook', { text: DRILL });
    const plain = await createIncident(police.core, { title: 'Signals dark at Elm St', category: 'Infra' });
    const suggestions = (await police.core.call('suggestPlaybooks', {
      id: plain.id,
    })) as PlaybookSuggestion[];
    expect(suggestions.map((s) => s.playbookId)).toContain('signal-drill');
    expect(await police.core.call('listRuns', { incidentId: plain.id })).toEqual([]);

    await police.core.call('setPlaybookAutoStart', { id: 'signal-drill', enabled: true });
    const matching = await createIncident(police.core, {
      title: 'Signals out on Ring Road',
      category: 'Infra',
    });
    const unrelated = await createIncident(police.core, { title: 'Phishing wave', category: 'Security' });
    const [auto] = (await police.core.call('listRuns', { incidentId: matching.id })) as RunSummary[];
    expect(auto).toMatchObject({ playbook: { id: 'signal-drill' }, status: 'active' });
    expect(auto!.automatic?.rule).toMatch(/signal-drill trigger 1/);
    expect(await police.core.call('listRuns', { incidentId: unrelated.id })).toEqual([]);

    const tom = await enrolMember(police.core, { department: 'traffic', role: 'responder', user: 'Tom' });
    await expect(
      tom.core.call('setPlaybookAutoStart', { id: 'signal-drill', enabled: false }),
    ).rejects.toMatchObject({
      code: 'forbidden',
    });
    const stopped = (await police.core.call('stopRun', {
      runId: auto!.runId,
      reason: 'false alarm: signals on battery backup',
    })) as RunRecord;
    expect(stopped).toMatchObject({
      status: 'stopped',
      stopped: { reason: 'false alarm: signals on battery backup' },
    });
    await expect(
      police.core.call('changeRunStep', { runId: auto!.runId, stepId: 'map-junctions', action: 'done' }),
    ).rejects.toMatchObject({ code: 'precondition' });
  });
});

describe('escalation', () => {
  it("logs an escalation to the accountable department's lead when nobody acknowledges in time", async () => {
    // Events are stamped by the real clock; the check sees a clock the test moves forward from it.
    let now = Date.now();
    const dataDir = tempDir();
    const core = createCore({ dataDir, host: 'serve', clock: () => now, escalationIntervalMs: 20 });
    try {
      await core.call('initWorkspace', { workspace: 'City', department: 'police', user: 'Pia' });
      await core.call('importPlaybook', { text: DRILL });
      const incident = await createIncident(core, { title: 'Signals dark', category: 'Infra' });
      const run = (await core.call('startRun', {
        incidentId: incident.id,
        playbook: { id: 'signal-drill' },
      })) as RunRecord;
      await core.call('changeRunStep', { runId: run.runId, stepId: 'check-feeder', action: 'start' });
      expect(stepOf(run, 'map-junctions')).toMatchObject({ escalationDue: false, escalated: null });

      now += 11 * 60_000;
      const changes: RunSummary[] = [];
      core.onEvent((event) => {
        if (event.type === 'run.changed') changes.push(event.run);
      });
      let seen = run;
      await waitUntil(() => changes.length > 0, 'the escalation check');
      seen = (await core.call('showRun', { runId: run.runId })) as RunRecord;
      expect(stepOf(seen, 'map-junctions')).toMatchObject({
        escalationDue: false,
        escalated: { department: 'traffic' },
        escalateTo: 'traffic',
      });
      // The acknowledged step is not escalated.
      expect(stepOf(seen, 'check-feeder').escalated).toBeNull();
      expect(seen.notifications).toContainEqual(
        expect.objectContaining({ kind: 'escalation', stepId: 'map-junctions', departments: ['traffic'] }),
      );
      // Overdue after its 30 minutes, as a later check sees it.
      now += 20 * 60_000;
      expect(
        stepOf((await core.call('showRun', { runId: run.runId })) as RunRecord, 'map-junctions').overdue,
      ).toBe(true);
    } finally {
      core.close();
    }
  });
});

describe('exercises', () => {
  it('runs on a simulated clock, marked as an exercise, and leaves no trace in the real incident after purge', async () => {
    const { police, incident } = await cityWithDrill();
    const traffic = await enrolMember(police.core, { department: 'traffic', role: 'responder', user: 'Tom' });
    const hub = await hubFor([await workspacePublicOf(police.core)]);
    await sync(police.core, hub.url);
    await sync(traffic.core, hub.url);
    const before = await police.core.call('showIncident', { id: incident.id });
    const incidentRows = (data: string) =>
      storedRooms(data).updates.filter((u) => (u as { room: string }).room === `incident:${incident.id}`);
    const rowsBefore = incidentRows(police.dataDir);

    const exercise = (await police.core.call('startRun', {
      incidentId: incident.id,
      playbook: { id: 'signal-drill' },
      exercise: { speed: 60 },
    })) as RunRecord;
    expect(exercise.exercise).toEqual({ speed: 60 });
    expect(exercise.injects.map((i) => i.title)).toEqual(['Caller reports a crash at a dark junction']);
    await police.core.call('changeRunStep', {
      runId: exercise.runId,
      stepId: 'check-feeder',
      action: 'done',
    });
    await sync(police.core, hub.url);
    await sync(traffic.core, hub.url);
    await traffic.core.call('changeRunStep', {
      runId: exercise.runId,
      stepId: 'map-junctions',
      action: 'done',
    });
    await sync(traffic.core, hub.url);
    const listed = (await traffic.core.call('listRuns', {})) as RunSummary[];
    expect(listed.map((r) => [r.runId, r.exercise])).toEqual([[exercise.runId, { speed: 60 }]]);

    const roles = await enrolMember(police.core, { department: 'it', role: 'responder', user: 'Ida' });
    await expect(roles.core.call('purgeExercises', {})).rejects.toMatchObject({ code: 'forbidden' });
    expect(await police.core.call('purgeExercises', {})).toEqual({ purged: [exercise.runId] });
    expect(await police.core.call('showIncident', { id: incident.id })).toEqual(before);
    expect(incidentRows(police.dataDir)).toEqual(rowsBefore);
    expect(await police.core.call('listRuns', {})).toEqual([]);
    expect(
      storedRooms(police.dataDir).updates.some((u) => (u as { room: string }).room.startsWith('exercise:')),
    ).toBe(false);

    // The purge reaches the other copy through the directory, and sync does not fetch the room again.
    await sync(police.core, hub.url);
    await sync(traffic.core, hub.url);
    expect(await traffic.core.call('listRuns', {})).toEqual([]);
    await sync(traffic.core, hub.url);
    expect(
      storedRooms(traffic.dataDir).updates.some((u) => (u as { room: string }).room.startsWith('exercise:')),
    ).toBe(false);
    expect(await traffic.core.call('showIncident', { id: incident.id })).toEqual(before);
  });
});

describe('bad requests', () => {
  it('refuses unknown playbooks, runs and steps, viewers and malformed actions, changing nothing', async () => {
    const { police, incident } = await cityWithDrill();
    const { runId } = (await police.core.call('startRun', {
      incidentId: incident.id,
      playbook: { id: 'signal-drill' },
    })) as RunRecord;
    const rooms = storedRooms(police.dataDir);
    await expect(
      police.core.call('startRun', { incidentId: incident.id, playbook: { id: 'no-such-playbook' } }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      police.core.call('startRun', { incidentId: incident.id, playbook: { id: 'signal-drill', version: 9 } }),
    ).rejects.toMatchObject({ code: 'not_found', message: expect.stringContaining('has 1') });
    await expect(
      police.core.call('changeRunStep', { runId: 'no-such-run', stepId: 'map-junctions', action: 'done' }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      police.core.call('changeRunStep', { runId, stepId: 'no-such-step', action: 'done' }),
    ).rejects.toMatchObject({ code: 'invalid_params', message: expect.stringContaining('its steps are') });
    await expect(
      police.core.call('changeRunStep', { runId, stepId: 'map-junctions', action: 'explode' }),
    ).rejects.toMatchObject({
      code: 'invalid_params',
    });
    await expect(
      police.core.call('changeRunStep', { runId, stepId: 'map-junctions', action: 'skip' }),
    ).rejects.toMatchObject({ code: 'invalid_params', message: 'skip needs a reason' });
    await expect(
      police.core.call('startRun', {
        incidentId: incident.id,
        playbook: { id: 'signal-drill' },
        timeZone: 'Mars/Olympus',
      }),
    ).rejects.toMatchObject({ code: 'invalid_params' });
    expect(storedRooms(police.dataDir)).toEqual(rooms);
  });
});
