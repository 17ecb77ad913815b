/**
 * The activity log says each line in the reader's language from its message, with names for ids,
 * and shows the core's English text for a line without a message it knows.
 */
import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { foldIncident } from '../../../shared/incident-record';
import type { TimelineEntry, TimelineMessage } from '../../../shared/incident-record/record';
import { describeRunEvent } from '../../../shared/playbook';
import { i18next } from '../../../renderer/src/i18n/i18n';
import { timelineText } from '../../../renderer/src/features/incident-room/timeline-text';
import { CONTEXT, INCIDENT, Sim } from '../incident-record/helpers';
import {
  incidentRecord,
  loadRoomModules,
  openTab,
  renderRoom,
  timelineEntry,
} from './incident-room-fixtures';

beforeAll(loadRoomModules, 60_000);

afterEach(async () => {
  const { setLanguage } = await import('../../../renderer/src/i18n/i18n');
  act(() => setLanguage('en'));
  cleanup();
  delete window.muster;
});

const timeline: TimelineEntry[] = [
  timelineEntry('status', {
    kind: 'status',
    type: 'incident.status_changed',
    text: 'status reported -> acknowledged: crews on site',
    message: {
      key: 'status',
      params: { from: 'reported', to: 'acknowledged', reopened: false, reason: 'crews on site', notes: [] },
    },
  }),
  timelineEntry('role', {
    kind: 'assignment',
    type: 'role.assigned',
    text: 'Operations Section Chief: member member-2',
    message: {
      key: 'assignment',
      params: { role: 'operations', holder: { kind: 'member', id: 'member-2' }, reason: null, notes: [] },
    },
  }),
  timelineEntry('run', {
    kind: 'playbook',
    type: 'run.step',
    text: 'playbook step close-exit done',
    message: { key: 'runStep', params: { step: 'close-exit', action: 'done', option: null, reason: null } },
  }),
  // Written by an older core: no message at all.
  timelineEntry('old', {
    kind: 'status',
    type: 'incident.status_changed',
    text: 'status acknowledged -> active',
  }),
  // Written by a newer core: a message this renderer does not know.
  timelineEntry('newer', {
    kind: 'other',
    type: 'drone.flight',
    text: 'drone flight over the substation',
    message: { key: 'droneFlight', params: {} } as unknown as TimelineMessage,
  }),
];

/** The log's lines, oldest first. */
const lines = () =>
  within(document.querySelector('ol.timeline') as HTMLElement)
    .getAllByRole('listitem')
    .map((item) => item.querySelector('.timeline-text')!.textContent)
    .reverse();

describe('incident room log: lines in the reader language', () => {
  it('says status changes, assignments and run steps in English and in Simplified Chinese', async () => {
    await renderRoom({ record: incidentRecord({ timeline }) });
    openTab('Log');
    // Members are named once the directory has come in.
    expect(await screen.findByText('Operations Section Chief: Bo Chen')).toBeTruthy();
    expect(lines()).toEqual([
      'Status Reported → Acknowledged: crews on site',
      'Operations Section Chief: Bo Chen',
      'Playbook step close-exit done',
      'status acknowledged -> active',
      'drone flight over the substation',
    ]);

    const { setLanguage } = await import('../../../renderer/src/i18n/i18n');
    act(() => setLanguage('zh-CN'));
    expect(await screen.findByRole('heading', { name: '活动日志' })).toBeTruthy();
    expect(lines()).toEqual([
      '状态 已报告 → 已确认：crews on site',
      '行动组组长：Bo Chen',
      '预案步骤 close-exit 已完成',
      // No message, or one it does not know: the core's text as it is.
      'status acknowledged -> active',
      'drone flight over the substation',
    ]);
  });
});

/** A history with a line of every kind the fold writes, refusals and run lines included. */
function everyKindOfLine(): TimelineEntry[] {
  const sim = new Sim();
  sim.act('alice', { kind: 'create', title: 'Substation fire', category: 'Fire', severity: 'major' });
  sim.act('alice', { kind: 'status', to: 'acknowledged' });
  sim.act('alice', { kind: 'status', to: 'active' });
  sim.act('alice', {
    kind: 'update',
    severity: 'critical',
    category: 'Infra',
    priority: 1,
    tlp: 'AMBER',
    leadDepartment: 'energy',
    title: 'Substation fire, Elm St',
    description: 'Smoke',
    location: { lat: 52.37, lon: 4.89, address: 'Elm St 1' },
    addDepartments: ['traffic'],
    removeDepartments: ['it'],
    addTags: ['power'],
    removeTags: ['old'],
  });
  sim.act('alice', {
    kind: 'assign-role',
    role: 'incident-commander',
    holder: { kind: 'member', id: 'alice' },
  });
  sim.act('alice', {
    kind: 'assign-role',
    role: 'incident-commander',
    holder: { kind: 'member', id: 'dave' },
  });
  sim.act('alice', { kind: 'assign-role', role: 'safety', holder: { kind: 'department', id: 'energy' } });
  sim.act('alice', { kind: 'assign-role', role: 'safety', holder: null, reason: 'nobody free' });
  sim.act('alice', {
    kind: 'create-task',
    title: 'Close Elm St',
    responsible: [{ kind: 'member', id: 'alice' }],
    due: '2025-03-01T15:00:00.000Z',
  });
  sim.act('alice', { kind: 'update-task', taskId: 'task-1', title: 'Close Elm St both ways', due: null });
  sim.act('alice', { kind: 'acknowledge-task', taskId: 'task-1' });
  sim.act('alice', { kind: 'complete-task', taskId: 'task-1', note: 'barriers up' });
  sim.act('alice', { kind: 'note', text: 'Evacuate block 4.', noteKind: 'decision' });
  sim.act('alice', { kind: 'link', targetIncidentId: 'inc-0', linkKind: 'caused-by' });
  sim.act('alice', { kind: 'unlink', targetIncidentId: 'inc-0', linkKind: 'caused-by' });
  sim.syncAll();
  sim.act('alice', { kind: 'status', to: 'resolved' });
  sim.act('bob', { kind: 'status', to: 'contained' });
  sim.sync('bob', 'alice');
  const conflict = sim.record('alice').conflicts.find((c) => c.status === 'open')!;
  const chosenEventId = conflict.candidates[0]!.eventId;
  sim.act('alice', { kind: 'resolve-conflict', conflictId: conflict.id, chosenEventId });
  sim.append('vic', { type: 'log.note', payload: { incidentId: INCIDENT, text: 'hi' } });
  sim.append('bob', {
    type: 'incident.status_changed',
    payload: { incidentId: INCIDENT, from: 'contained', to: 'closed', base: null },
  });
  const run = { incidentId: INCIDENT, runId: 'run-1' };
  sim.append('bob', {
    type: 'run.step',
    payload: { ...run, stepId: 'close-exit', action: 'skip', reason: 'no crew', base: null },
  });
  sim.append('bob', {
    type: 'run.escalated',
    payload: { ...run, stepId: 'close-exit', department: 'energy', reason: 'late' },
  });
  sim.append('alice', { type: 'run.stopped', payload: { ...run, reason: 'drill over' } });
  return foldIncident(sim.all, { ...CONTEXT, describeOther: describeRunEvent }).timeline;
}

describe('incident room log: every line the fold writes', () => {
  it('has Simplified Chinese words for each, with nothing left untranslated', () => {
    const lines = everyKindOfLine();
    expect(new Set(lines.map((line) => line.message?.key))).toEqual(
      new Set([
        'created',
        'status',
        'updated',
        'assignment',
        'handoff',
        'taskCreated',
        'taskUpdated',
        'taskState',
        // Notes and decisions: the person's own words, shown as written.
        undefined,
        'linked',
        'unlinked',
        'conflictResolved',
        'refused',
        'runStep',
        'runEscalated',
        'runStopped',
      ]),
    );
    const words = {
      t: i18next.getFixedT('zh-CN', 'incident-room'),
      department: (id: string) => id,
      member: (id: string) => id,
      task: (id: string) => id,
    };
    for (const line of lines) {
      const said = timelineText(line, words);
      expect(said, line.text).not.toMatch(/timeline\.|\{\{|undefined|null/);
      if (line.message) expect(said, line.text).toMatch(/[\u4e00-\u9fff]/);
      else expect(said).toBe(line.text);
    }
  });
});
