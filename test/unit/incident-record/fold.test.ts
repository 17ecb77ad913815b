import { describe, expect, it } from 'vitest';
import { foldIncident, resolveVsEscalateId, type FoldableEvent } from '../../../shared/incident-record';
import {
  activeIncident,
  ACTORS,
  CONTEXT,
  fold,
  hlc,
  INCIDENT,
  rng,
  shuffle,
  Sim,
  T0,
  type ActorName,
} from './helpers';

describe('foldIncident: fields and log', () => {
  it('folds a created incident with defaults and one timeline line per event', () => {
    const sim = activeIncident();
    const r = fold(sim.all);
    expect(r).toMatchObject({
      incidentId: INCIDENT,
      title: 'Substation fire',
      category: 'Fire',
      severity: 'major',
      priority: 3,
      tlp: 'GREEN',
      status: 'active',
      leadDepartment: 'police',
      departments: ['police'],
      location: null,
      conflicts: [],
      rejected: [],
    });
    expect(r.created?.eventId).toBe(sim.all[0]!.id);
    expect(r.timeline.map((l) => [l.kind, l.actor, l.department, l.at])).toEqual([
      ['created', 'alice', 'police', '2025-03-01T14:00:00.001Z'],
      ['status', 'alice', 'police', '2025-03-01T14:00:00.002Z'],
      ['status', 'alice', 'police', '2025-03-01T14:00:00.003Z'],
    ]);
    expect(r.timeline[2]!.text).toBe('status acknowledged -> active');
    expect(r.versions.status).toBe(sim.all[2]!.id);
    expect(r.versions.title).toBe(sim.all[0]!.id);
  });

  it('applies updates, tags, departments, location and links', () => {
    const sim = activeIncident();
    sim.act('bob', {
      kind: 'update',
      title: 'Substation fire, Elm St',
      priority: 1,
      tlp: 'AMBER',
      location: { lat: 52.37, lon: 4.89, address: 'Elm St 1', area: 'North' },
      addDepartments: ['traffic', 'energy'],
      addTags: ['power', 'road-closure'],
    });
    sim.sync('bob', 'alice');
    sim.act('alice', { kind: 'link', targetIncidentId: 'inc-0', linkKind: 'caused-by' });
    sim.act('alice', { kind: 'link', targetIncidentId: 'inc-9', linkKind: 'related' });
    sim.act('alice', { kind: 'unlink', targetIncidentId: 'inc-9', linkKind: 'related' });
    sim.act('alice', { kind: 'update', removeTags: ['power'], leadDepartment: 'energy' });
    const r = fold(sim.all);
    expect(r).toMatchObject({
      title: 'Substation fire, Elm St',
      priority: 1,
      tlp: 'AMBER',
      location: { lat: 52.37, lon: 4.89, address: 'Elm St 1', area: 'North' },
      departments: ['energy', 'police', 'traffic'],
      tags: ['road-closure'],
      leadDepartment: 'energy',
      rejected: [],
    });
    expect(r.links).toEqual([expect.objectContaining({ targetIncidentId: 'inc-0', kind: 'caused-by' })]);
  });

  it('records notes and decisions with their own TLP marking', () => {
    const sim = activeIncident();
    sim.act('bob', { kind: 'note', text: 'Road closed at Elm St.' });
    sim.sync('bob', 'alice');
    sim.act('alice', { kind: 'note', text: 'Evacuate block 4.', noteKind: 'decision', tlp: 'AMBER' });
    const lines = fold(sim.all).timeline.slice(-2);
    expect(lines.map((l) => [l.kind, l.text, l.tlp])).toEqual([
      ['note', 'Road closed at Elm St.', null],
      ['decision', 'Evacuate block 4.', 'AMBER'],
    ]);
  });

  it('skips events of other incidents and logs unknown types of this one as "other"', () => {
    const sim = activeIncident();
    const foreign = {
      ...sim.all[1]!,
      id: 'x-1',
      payload: { ...(sim.all[1]!.payload as object), incidentId: 'inc-2' },
    };
    const playbook: FoldableEvent = {
      ...sim.all[1]!,
      id: 'x-2',
      type: 'playbook.step',
      payload: { incidentId: INCIDENT },
    };
    const r = fold([...sim.all, foreign, playbook]);
    expect(r.timeline).toHaveLength(4);
    expect(r.timeline.find((l) => l.eventId === 'x-2')).toMatchObject({
      kind: 'other',
      text: 'playbook.step',
    });
    expect(
      foldIncident([...sim.all, foreign], { incidentId: 'inc-2', members: CONTEXT.members }).timeline,
    ).toHaveLength(1);
  });

  it('refuses invalid payloads, viewers and unknown actors, and says why', () => {
    const sim = activeIncident();
    const bad = sim.append('bob', {
      type: 'log.note',
      payload: { incidentId: INCIDENT, text: 'x'.repeat(20_001) },
    });
    const viewer = sim.append('vic', { type: 'log.note', payload: { incidentId: INCIDENT, text: 'hi' } });
    const stranger: FoldableEvent = { ...viewer, id: 'zz-stranger', actor: 'mallory' };
    const r = fold([...sim.all, stranger]);
    expect(r.rejected.map((x) => [x.eventId, x.reason])).toEqual([
      [bad.id, 'invalid payload: text: note must be at most 20000 characters'],
      [viewer.id, 'vic is a viewer and cannot change incidents'],
      ['zz-stranger', 'mallory is not a member of this workspace'],
    ]);
    expect(r.timeline.filter((l) => l.kind === 'rejected')).toHaveLength(3);
  });

  it('keeps one copy, chosen by content, when two different events share an id', () => {
    const sim = activeIncident();
    const a = sim.append('bob', { type: 'log.note', payload: { incidentId: INCIDENT, text: 'copy A' } });
    const b = { ...a, payload: { incidentId: INCIDENT, text: 'copy B' } };
    const one = JSON.stringify(fold([...sim.all, b]));
    const other = JSON.stringify(fold([b, ...sim.all]));
    expect(one).toBe(other);
    const r = fold([...sim.all, b]);
    expect(r.timeline.at(-1)?.text).toBe('copy A');
    expect(r.rejected).toEqual([
      expect.objectContaining({ eventId: a.id, reason: expect.stringContaining('same id') }),
    ]);
    // An exact duplicate (the same event delivered twice) is simply the same event.
    expect(JSON.stringify(fold([...sim.all, a]))).toBe(JSON.stringify(fold(sim.all)));
  });
});

describe('foldIncident: lifecycle', () => {
  it('ignores status changes the lifecycle forbids, even if they arrive', () => {
    const sim = new Sim();
    const created = sim.act('alice', {
      kind: 'create',
      title: 'Outage',
      category: 'Infra',
      severity: 'minor',
    });
    const skip = sim.append('alice', {
      type: 'incident.status_changed',
      payload: { incidentId: INCIDENT, from: 'reported', to: 'closed', base: created.id },
    });
    let r = fold(sim.all);
    expect(r.status).toBe('reported');
    expect(r.rejected).toEqual([
      expect.objectContaining({ eventId: skip.id, reason: expect.stringContaining('reported -> closed') }),
    ]);

    for (const to of ['acknowledged', 'active', 'resolved', 'closed'] as const)
      sim.act('alice', { kind: 'status', to });
    r = fold(sim.all);
    sim.sync('alice', 'bob');
    const noReopen = sim.append('bob', {
      type: 'incident.status_changed',
      payload: { incidentId: INCIDENT, from: 'closed', to: 'active', base: r.versions.status },
    });
    r = fold(sim.all);
    expect(r.status).toBe('closed');
    expect(r.rejected.at(-1)).toMatchObject({
      eventId: noReopen.id,
      reason: 'closed -> active is a reopen and must be marked as one',
    });

    sim.act('bob', { kind: 'status', to: 'active', reopen: true, reason: 'flare-up' });
    r = fold(sim.all);
    expect(r.status).toBe('active');
    expect(r.timeline.at(-1)?.text).toBe('status closed -> active (reopened): flare-up');
  });

  it('refuses a status change whose `from` contradicts its base', () => {
    const sim = activeIncident();
    const r0 = fold(sim.all);
    const lie = sim.append('bob', {
      type: 'incident.status_changed',
      payload: { incidentId: INCIDENT, from: 'contained', to: 'resolved', base: r0.versions.status },
    });
    const r = fold(sim.all);
    expect(r.status).toBe('active');
    expect(r.rejected).toEqual([
      expect.objectContaining({ eventId: lie.id, reason: expect.stringContaining('base event set active') }),
    ]);
  });
});

describe('foldIncident: conflicts', () => {
  it('two concurrent status changes from one base make a conflict listing both', () => {
    const sim = activeIncident();
    const resolve = sim.act('alice', { kind: 'status', to: 'resolved' }); // police
    const contain = sim.act('bob', { kind: 'status', to: 'contained' }); // traffic, had not seen it
    const r = fold(sim.all);
    const base = sim.all[2]!.id;
    expect(r.conflicts).toEqual([
      {
        id: `status@${base}`,
        kind: 'concurrent-change',
        field: 'status',
        base,
        status: 'open',
        candidates: [
          {
            eventId: resolve.id,
            field: 'status',
            value: 'resolved',
            actor: 'alice',
            department: 'police',
            hlc: resolve.hlc,
          },
          {
            eventId: contain.id,
            field: 'status',
            value: 'contained',
            actor: 'bob',
            department: 'traffic',
            hlc: contain.hlc,
          },
        ],
        resolution: null,
      },
    ]);
    // Provisional value: the later of the two in event order (same clock, so by id).
    expect(r.status).toBe('contained');
    expect(r.owner.openConflicts).toEqual([`status@${base}`]);
    expect(r.timeline.at(-1)?.text).toContain(`conflict status@${base}`);
  });

  it('concurrent changes to the same value agree and make no conflict', () => {
    const sim = activeIncident();
    sim.act('alice', { kind: 'status', to: 'contained' });
    sim.act('bob', { kind: 'status', to: 'contained' });
    expect(fold(sim.all).conflicts).toEqual([]);
  });

  it('a change building on one candidate does not close the conflict', () => {
    const sim = activeIncident();
    sim.act('alice', { kind: 'update', title: 'Fire at substation 7' });
    sim.act('bob', { kind: 'update', title: 'Substation 7 fire' });
    sim.sync('bob', 'carol');
    sim.act('carol', { kind: 'update', title: 'Substation 7 fire (Elm St)' }); // base: bob's change
    const r = fold(sim.all);
    expect(r.title).toBe('Substation 7 fire (Elm St)');
    expect(r.conflicts).toHaveLength(1);
    expect(r.conflicts[0]).toMatchObject({ field: 'title', status: 'open' });
    expect(r.conflicts[0]!.candidates).toHaveLength(2);
  });

  it("a responder's resolution is refused and listed; a commander's closes the conflict", () => {
    const sim = activeIncident();
    const resolve = sim.act('alice', { kind: 'status', to: 'resolved' });
    sim.act('bob', { kind: 'status', to: 'contained' });
    sim.syncAll();
    const conflictId = fold(sim.all).conflicts[0]!.id;
    const forged = sim.append('bob', {
      type: 'conflict.resolved',
      payload: {
        incidentId: INCIDENT,
        conflictId,
        chosenEventId: resolve.id,
        base: fold(sim.all).versions.status,
        candidateIds: fold(sim.all).conflicts[0]!.candidates.map((c) => c.eventId),
      },
    });
    let r = fold(sim.all);
    expect(r.conflicts[0]!.status).toBe('open');
    expect(r.status).toBe('contained');
    expect(r.rejected).toEqual([
      expect.objectContaining({
        eventId: forged.id,
        reason: 'only a commander or an administrator can resolve a conflict; bob is a responder',
      }),
    ]);

    sim.sync('bob', 'alice');
    const resolution = sim.act('alice', {
      kind: 'resolve-conflict',
      conflictId,
      chosenEventId: resolve.id,
      note: 'fire out',
    });
    r = fold(sim.all);
    expect(r.status).toBe('resolved');
    expect(r.conflicts[0]).toMatchObject({
      status: 'resolved',
      resolution: { eventId: resolution.id, actor: 'alice', chosenEventId: resolve.id, value: 'resolved' },
    });
    expect(r.owner.openConflicts).toEqual([]);
    expect(r.versions.status).toBe(resolution.id);
    expect(r.timeline.at(-1)).toMatchObject({ kind: 'resolution' });
  });

  it('an administrator may resolve with an explicit value', () => {
    const sim = activeIncident();
    sim.act('alice', { kind: 'update', priority: 1 });
    sim.act('bob', { kind: 'update', priority: 4 });
    sim.syncAll();
    const conflictId = fold(sim.all).conflicts[0]!.id;
    sim.act('dave', { kind: 'resolve-conflict', conflictId, value: 2 });
    const r = fold(sim.all);
    expect(r.priority).toBe(2);
    expect(r.conflicts[0]!.status).toBe('resolved');
  });

  it('a candidate the resolver had not seen keeps the conflict open', () => {
    const sim = activeIncident();
    sim.act('alice', { kind: 'status', to: 'resolved' });
    sim.act('bob', { kind: 'status', to: 'contained' });
    sim.sync('bob', 'alice');
    const conflictId = fold(sim.view('alice').values()).conflicts[0]!.id;
    sim.act('carol', { kind: 'status', to: 'resolved' }); // third branch, unseen by alice
    sim.act('alice', { kind: 'resolve-conflict', conflictId, value: 'contained' });
    const r = fold(sim.all);
    expect(r.conflicts[0]!.candidates).toHaveLength(3);
    expect(r.conflicts[0]!.status).toBe('open');
  });

  it('a late concurrent change reopens a resolved conflict, unless it agrees with the resolution', () => {
    const sim = activeIncident();
    const resolve = sim.act('alice', { kind: 'status', to: 'resolved' });
    sim.act('bob', { kind: 'status', to: 'contained' });
    sim.sync('bob', 'alice');
    const conflictId = fold(sim.view('alice').values()).conflicts[0]!.id;
    const resolution = sim.act('alice', { kind: 'resolve-conflict', conflictId, chosenEventId: resolve.id });
    // carol and dave were offline since the incident became active; their clocks have moved on.
    for (const who of ['carol', 'dave'] as const)
      for (let i = 0; i < 3; i++) sim.act(who, { kind: 'note', text: 'x' });
    const agree = sim.act('carol', { kind: 'status', to: 'resolved' });
    expect(agree.hlc > resolution.hlc).toBe(true);
    let r = fold(sim.all);
    expect(r.conflicts[0]).toMatchObject({ status: 'resolved' });
    expect(r.conflicts[0]!.candidates).toHaveLength(3);
    expect(r.timeline.find((l) => l.eventId === agree.id)?.text).toContain('agrees with the resolution');

    const disagree = sim.act('dave', { kind: 'status', to: 'contained' });
    r = fold(sim.all);
    expect(r.conflicts[0]).toMatchObject({ status: 'open' });
    expect(r.status).toBe('contained');
    expect(r.timeline.find((l) => l.eventId === disagree.id)?.text).toContain(
      `reopens conflict ${conflictId}`,
    );
  });

  it('two commanders resolving differently at the same time make a new conflict', () => {
    const sim = activeIncident();
    const a = sim.act('alice', { kind: 'status', to: 'resolved' });
    const b = sim.act('bob', { kind: 'status', to: 'contained' });
    sim.syncAll();
    const conflictId = fold(sim.all).conflicts[0]!.id;
    sim.act('alice', { kind: 'resolve-conflict', conflictId, chosenEventId: a.id });
    sim.act('dave', { kind: 'resolve-conflict', conflictId, chosenEventId: b.id });
    const r = fold(sim.all);
    expect(r.conflicts).toHaveLength(2);
    expect(r.conflicts[1]).toMatchObject({ field: 'status', status: 'open' });
    expect(r.conflicts[1]!.candidates.map((c) => c.actor)).toEqual(['alice', 'dave']);
  });

  describe('resolve vs escalate', () => {
    function resolveWhileEscalating() {
      const sim = activeIncident();
      const resolve = sim.act('alice', { kind: 'status', to: 'resolved' }); // police resolves...
      const escalate = sim.act('carol', { kind: 'update', severity: 'critical' }); // ...energy escalates
      sim.syncAll();
      return { sim, resolve, escalate };
    }

    it('a resolve concurrent with a severity raise is a conflict', () => {
      const { sim, resolve, escalate } = resolveWhileEscalating();
      const r = fold(sim.all);
      const id = resolveVsEscalateId(sim.all[2]!.id);
      expect(r.conflicts).toEqual([
        expect.objectContaining({
          id,
          kind: 'resolve-vs-escalate',
          status: 'open',
          candidates: [
            expect.objectContaining({
              eventId: resolve.id,
              field: 'status',
              value: 'resolved',
              department: 'police',
            }),
            expect.objectContaining({
              eventId: escalate.id,
              field: 'severity',
              value: 'critical',
              department: 'energy',
            }),
          ],
        }),
      ]);
      expect(r).toMatchObject({ status: 'resolved', severity: 'critical' });
    });

    it('choosing the escalation puts the incident back to the status it had', () => {
      const { sim, escalate } = resolveWhileEscalating();
      sim.act('alice', {
        kind: 'resolve-conflict',
        conflictId: fold(sim.all).conflicts[0]!.id,
        chosenEventId: escalate.id,
      });
      const r = fold(sim.all);
      expect(r).toMatchObject({ status: 'active', severity: 'critical', owner: { openConflicts: [] } });
    });

    it('choosing the resolve keeps it resolved', () => {
      const { sim, resolve } = resolveWhileEscalating();
      sim.act('alice', {
        kind: 'resolve-conflict',
        conflictId: fold(sim.all).conflicts[0]!.id,
        chosenEventId: resolve.id,
      });
      expect(fold(sim.all)).toMatchObject({ status: 'resolved', owner: { openConflicts: [] } });
    });

    it('is no conflict when the escalation came after seeing the resolve, or lowers severity', () => {
      const sim = activeIncident();
      sim.act('alice', { kind: 'status', to: 'resolved' });
      sim.act('carol', { kind: 'update', severity: 'minor' }); // concurrent, but not a raise
      sim.sync('alice', 'bob');
      sim.act('bob', { kind: 'update', severity: 'critical' }); // a raise, but bob saw the resolve
      const r = fold(sim.all);
      expect(r.conflicts.map((c) => c.kind)).toEqual(['concurrent-change']); // only minor vs critical
    });
  });
});

describe('foldIncident: responsibilities', () => {
  it('logs a hand-off of incident command', () => {
    const sim = activeIncident();
    sim.act('alice', {
      kind: 'assign-role',
      role: 'incident-commander',
      holder: { kind: 'member', id: 'alice' },
    });
    sim.act('alice', {
      kind: 'assign-role',
      role: 'operations',
      holder: { kind: 'department', id: 'traffic' },
    });
    sim.act('alice', {
      kind: 'assign-role',
      role: 'incident-commander',
      holder: { kind: 'member', id: 'dave' },
      reason: 'shift change',
    });
    const r = fold(sim.all);
    expect(r.timeline.at(-1)).toMatchObject({
      kind: 'handoff',
      actor: 'alice',
      text: 'incident command handed off from member alice to member dave: shift change',
    });
    expect(r.commandHistory.map((c) => [c.from?.id ?? null, c.to?.id ?? null])).toEqual([
      [null, 'alice'],
      ['alice', 'dave'],
    ]);
    expect(r.owner).toMatchObject({
      leadDepartment: 'police',
      incidentCommander: { kind: 'member', id: 'dave' },
    });
    expect(r.roles.find((x) => x.role === 'operations')?.holder).toEqual({
      kind: 'department',
      id: 'traffic',
    });
  });

  it('concurrent assignments of incident command are a conflict', () => {
    const sim = activeIncident();
    sim.act('alice', {
      kind: 'assign-role',
      role: 'incident-commander',
      holder: { kind: 'member', id: 'alice' },
    });
    sim.act('bob', {
      kind: 'assign-role',
      role: 'incident-commander',
      holder: { kind: 'member', id: 'bob' },
    });
    const r = fold(sim.all);
    expect(r.conflicts).toEqual([
      expect.objectContaining({ id: 'role:incident-commander@none', status: 'open' }),
    ]);
  });

  it('answers who must act next: open tasks, unacknowledged first, then by due time', () => {
    const sim = activeIncident();
    const task = (title: string, responsible: ActorName | 'energy', due?: string) =>
      sim.act('alice', {
        kind: 'create-task',
        title,
        responsible: [
          responsible === 'energy'
            ? { kind: 'department', id: 'energy' }
            : { kind: 'member', id: responsible },
        ],
        ...(due ? { due } : {}),
      });
    task('Close Elm St', 'bob', '2025-03-01T16:00:00Z');
    task('Isolate feeder', 'energy', '2025-03-01T15:00:00+00:00');
    task('Press release', 'alice');
    task('Traffic plan', 'bob', '2025-03-01T14:30:00Z');
    task('Old task', 'bob');
    sim.syncAll();
    sim.act('bob', { kind: 'acknowledge-task', taskId: 'task-1' });
    sim.act('carol', { kind: 'acknowledge-task', taskId: 'task-2' }); // carol is in energy
    sim.act('bob', { kind: 'complete-task', taskId: 'task-5' });
    const r = fold(sim.all);
    expect(r.rejected).toEqual([]);
    expect(r.owner.nextActions.map((a) => [a.title, a.state])).toEqual([
      ['Traffic plan', 'open'],
      ['Press release', 'open'],
      ['Isolate feeder', 'acknowledged'],
      ['Close Elm St', 'acknowledged'],
    ]);
    expect(r.tasks.find((t) => t.id === 'task-2')?.acknowledged?.actor).toBe('carol');
  });

  it('only a responsible party acknowledges; a reopened task needs acknowledging again', () => {
    const sim = activeIncident();
    sim.act('alice', {
      kind: 'create-task',
      title: 'Close Elm St',
      responsible: [{ kind: 'member', id: 'bob' }],
    });
    sim.syncAll();
    const wrong = sim.append('carol', {
      type: 'task.acknowledged',
      payload: { incidentId: INCIDENT, taskId: 'task-1', base: fold(sim.all).versions['task:task-1:state'] },
    });
    sim.act('bob', { kind: 'acknowledge-task', taskId: 'task-1' });
    sim.act('bob', { kind: 'complete-task', taskId: 'task-1', note: 'barriers up' });
    sim.act('bob', { kind: 'reopen-task', taskId: 'task-1' });
    const r = fold(sim.all);
    expect(r.rejected).toEqual([
      expect.objectContaining({
        eventId: wrong.id,
        reason: 'only a responsible party can acknowledge task "Close Elm St"',
      }),
    ]);
    expect(r.tasks[0]).toMatchObject({ state: 'open', acknowledged: null });
    expect(r.timeline.map((l) => l.text)).toContain('task "Close Elm St" done: barriers up');
  });

  it('refuses events about unknown tasks and task transitions the state machine forbids', () => {
    const sim = activeIncident();
    sim.act('alice', { kind: 'create-task', title: 'T', responsible: [{ kind: 'member', id: 'alice' }] });
    sim.act('alice', { kind: 'complete-task', taskId: 'task-1' });
    const ghost = sim.append('alice', {
      type: 'task.done',
      payload: { incidentId: INCIDENT, taskId: 'nope', base: null },
    });
    const again = sim.append('alice', {
      type: 'task.acknowledged',
      payload: { incidentId: INCIDENT, taskId: 'task-1', base: fold(sim.all).versions['task:task-1:state'] },
    });
    expect(fold(sim.all).rejected.map((x) => [x.eventId, x.reason])).toEqual([
      [ghost.id, 'unknown task nope'],
      [again.id, 'task "T" cannot go from done to acknowledged'],
    ]);
  });
});

describe('foldIncident: scale', () => {
  it('folds 10k events', () => {
    const events: FoldableEvent[] = [];
    let n = 0;
    const push = (actor: keyof typeof ACTORS, type: string, payload: object): string => {
      const a = ACTORS[actor];
      const id = `e${String(n).padStart(6, '0')}`;
      events.push({
        id,
        type,
        hlc: hlc(T0 + n, n % 3),
        actor: a.id,
        device: 'd',
        department: a.department,
        payload,
      });
      n++;
      return id;
    };
    const base = {
      status: push('alice', 'incident.created', {
        incidentId: INCIDENT,
        title: 'Big',
        category: 'Met',
        severity: 'minor',
      }),
      severity: '',
      ic: null as string | null,
    };
    base.severity = base.status;
    const cycle = ['acknowledged', 'active', 'contained', 'resolved'] as const;
    let from: string = 'reported';
    const severities = ['minor', 'moderate', 'major', 'critical'] as const;
    let tasks = 0;
    while (n < 10_000) {
      const step = n % 10;
      if (step === 0) {
        const to =
          from === 'resolved'
            ? 'active'
            : (cycle[cycle.indexOf(from as (typeof cycle)[number]) + 1] ?? 'acknowledged');
        base.status = push('alice', 'incident.status_changed', {
          incidentId: INCIDENT,
          from,
          to,
          base: base.status,
          reopen: from === 'resolved',
        });
        from = to;
      } else if (step === 1) {
        base.severity = push('bob', 'incident.updated', {
          incidentId: INCIDENT,
          changes: {
            severity: {
              value: severities[Math.floor(n / 10) % 4],
              base: base.severity,
              statusBase: base.status,
            },
          },
        });
      } else if (step === 2) {
        base.ic = push('alice', 'role.assigned', {
          incidentId: INCIDENT,
          role: 'incident-commander',
          holder: { kind: 'member', id: n % 20 === 2 ? 'alice' : 'dave' },
          base: base.ic,
        });
      } else if (step === 3) {
        tasks++;
        push('alice', 'task.created', {
          incidentId: INCIDENT,
          taskId: `t${tasks}`,
          title: `Task ${tasks}`,
          raci: {
            responsible: [{ kind: 'member', id: 'bob' }],
            accountable: { kind: 'member', id: 'alice' },
          },
          due: new Date(T0 + (tasks % 50) * 60_000).toISOString(),
        });
      } else if (step === 4 && tasks % 2 === 0) {
        push('bob', 'task.acknowledged', {
          incidentId: INCIDENT,
          taskId: `t${tasks}`,
          base: events.at(-1)?.id ?? null,
        });
      } else {
        push('carol', 'log.note', { incidentId: INCIDENT, text: `note ${n}` });
      }
    }
    const r = fold(events);
    expect(r.timeline).toHaveLength(10_000);
    expect(r.tasks).toHaveLength(1_000);
    expect(r.commandHistory.length).toBeGreaterThan(900);
    expect(r.rejected).toEqual([]);
    expect(JSON.stringify(foldIncident(shuffle(events, rng(7)), CONTEXT))).toBe(JSON.stringify(r));
  });
});
