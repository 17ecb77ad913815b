/**
 * Each timeline line carries, beside its English text, a message (a key and its parameters) for the
 * UI to translate; the two are built together, so they must say the same thing.
 */
import { describe, expect, it } from 'vitest';
import { foldIncident, type FoldableEvent, type TimelineEntry } from '../../../shared/incident-record';
import { describeRunEvent } from '../../../shared/playbook';
import { activeIncident, CONTEXT, fold, INCIDENT } from '../incident-record/helpers';

const lineOf = (timeline: readonly TimelineEntry[], event: FoldableEvent) =>
  timeline.find((line) => line.eventId === event.id)!;

describe('timeline messages', () => {
  it('gives the creation and a status change their key and parameters, the text unchanged', () => {
    const sim = activeIncident();
    const { timeline } = fold(sim.all);
    expect(timeline[0]).toMatchObject({
      text: 'reported "Substation fire": Fire, major, priority 3, TLP:GREEN, lead police',
      message: {
        key: 'created',
        params: {
          title: 'Substation fire',
          category: 'Fire',
          severity: 'major',
          priority: 3,
          tlp: 'GREEN',
          lead: 'police',
        },
      },
    });
    expect(timeline[2]).toMatchObject({
      text: 'status acknowledged -> active',
      message: {
        key: 'status',
        params: { from: 'acknowledged', to: 'active', reopened: false, reason: null, notes: [] },
      },
    });
  });

  it('keeps what people typed as parameters (a reopen reason, a task note); a note is its own text', () => {
    const sim = activeIncident();
    for (const to of ['resolved', 'closed'] as const) sim.act('alice', { kind: 'status', to });
    const reopen = sim.act('alice', { kind: 'status', to: 'active', reopen: true, reason: 'flare-up' });
    sim.act('alice', {
      kind: 'create-task',
      title: 'Close Elm St',
      responsible: [{ kind: 'member', id: 'alice' }],
    });
    const done = sim.act('alice', { kind: 'complete-task', taskId: 'task-1', note: 'barriers up' });
    const note = sim.act('alice', {
      kind: 'note',
      text: 'Evacuate block 4.',
      noteKind: 'decision',
      tlp: 'AMBER',
    });
    const { timeline } = fold(sim.all);
    expect(lineOf(timeline, reopen)).toMatchObject({
      text: 'status closed -> active (reopened): flare-up',
      message: {
        key: 'status',
        params: { from: 'closed', to: 'active', reopened: true, reason: 'flare-up' },
      },
    });
    expect(lineOf(timeline, done)).toMatchObject({
      text: 'task "Close Elm St" done: barriers up',
      message: {
        key: 'taskState',
        params: { title: 'Close Elm St', to: 'done', note: 'barriers up', notes: [] },
      },
    });
    expect(lineOf(timeline, note)).toMatchObject({
      kind: 'decision',
      tlp: 'AMBER',
      text: 'Evacuate block 4.',
    });
    // What the person wrote is the line; it is not repeated as a message.
    expect(lineOf(timeline, note)).not.toHaveProperty('message');
  });

  it('describes a hand-off, a link and an escalating update', () => {
    const sim = activeIncident();
    sim.act('alice', {
      kind: 'assign-role',
      role: 'incident-commander',
      holder: { kind: 'member', id: 'alice' },
    });
    const handoff = sim.act('alice', {
      kind: 'assign-role',
      role: 'incident-commander',
      holder: { kind: 'department', id: 'energy' },
      reason: 'end of shift',
    });
    const link = sim.act('alice', { kind: 'link', targetIncidentId: 'inc-0', linkKind: 'caused-by' });
    const update = sim.act('alice', { kind: 'update', severity: 'critical', addTags: ['power'] });
    const { timeline } = fold(sim.all);
    expect(lineOf(timeline, handoff)).toMatchObject({
      kind: 'handoff',
      text: 'incident command handed off from member alice to department energy: end of shift',
      message: {
        key: 'handoff',
        params: {
          from: { kind: 'member', id: 'alice' },
          to: { kind: 'department', id: 'energy' },
          reason: 'end of shift',
        },
      },
    });
    expect(lineOf(timeline, link)).toMatchObject({
      text: 'linked: caused-by inc-0',
      message: { key: 'linked', params: { kind: 'caused-by', target: 'inc-0' } },
    });
    expect(lineOf(timeline, update)).toMatchObject({
      text: 'severity major -> critical (escalation); tags + power',
      message: {
        key: 'updated',
        params: {
          changes: [
            { key: 'severity', params: { from: 'major', to: 'critical', escalation: true, notes: [] } },
            { key: 'tagsAdded', params: { items: ['power'] } },
          ],
        },
      },
    });
  });

  it('notes a conflict on the change that makes it, and says why an event was refused', () => {
    const sim = activeIncident();
    const resolve = sim.act('alice', { kind: 'status', to: 'resolved' });
    const contain = sim.act('bob', { kind: 'status', to: 'contained' });
    const viewer = sim.append('vic', { type: 'log.note', payload: { incidentId: INCIDENT, text: 'hi' } });
    const { timeline } = fold(sim.all);
    const conflict = `status@${sim.all[2]!.id}`;
    expect(lineOf(timeline, contain)).toMatchObject({
      text: `status active -> contained (conflicts with ${resolve.id}: conflict ${conflict})`,
      message: {
        key: 'status',
        params: { notes: [{ key: 'conflicts', params: { conflict, events: [resolve.id] } }] },
      },
    });
    expect(lineOf(timeline, viewer)).toMatchObject({
      kind: 'rejected',
      text: 'refused log.note: vic is a viewer and cannot change incidents',
      message: {
        key: 'refused',
        params: { type: 'log.note', reason: { key: 'viewer', params: { actor: 'vic' } } },
      },
    });
  });

  it('takes run lines with their message from the describer, and leaves undescribed types bare', () => {
    const sim = activeIncident();
    const step = sim.append('bob', {
      type: 'run.step',
      payload: {
        incidentId: INCIDENT,
        runId: 'run-1',
        stepId: 'close-exit',
        action: 'block',
        reason: 'no crew',
        base: null,
      },
    });
    const unknown = sim.append('bob', { type: 'drone.flight', payload: { incidentId: INCIDENT } });
    const { timeline } = foldIncident(sim.all, { ...CONTEXT, describeOther: describeRunEvent });
    expect(lineOf(timeline, step)).toMatchObject({
      kind: 'playbook',
      text: 'playbook step close-exit blocked: no crew',
      message: {
        key: 'runStep',
        params: { step: 'close-exit', action: 'block', option: null, reason: 'no crew' },
      },
    });
    expect(lineOf(timeline, unknown)).toEqual(
      expect.objectContaining({ kind: 'other', text: 'drone.flight' }),
    );
    expect(lineOf(timeline, unknown)).not.toHaveProperty('message');
  });
});
