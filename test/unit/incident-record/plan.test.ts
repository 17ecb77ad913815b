import { describe, expect, it } from 'vitest';
import { PlanError, planOrThrow, type Command, type PlanErrorCode } from '../../../shared/incident-record';
import { ACTORS, fold, INCIDENT, notCreated, Sim } from './helpers';

function activeIncident(): Sim {
  const sim = new Sim();
  sim.act('alice', { kind: 'create', title: 'Substation fire', category: 'Fire', severity: 'major' });
  sim.act('alice', { kind: 'status', to: 'acknowledged' });
  sim.act('alice', { kind: 'status', to: 'active' });
  sim.act('alice', {
    kind: 'create-task',
    title: 'Close Elm St',
    responsible: [{ kind: 'member', id: 'bob' }],
  });
  sim.syncAll();
  return sim;
}

function refusal(command: unknown, actor: keyof typeof ACTORS = 'alice', sim = activeIncident()) {
  try {
    const planned = planOrThrow(fold(sim.all), command, ACTORS[actor]);
    throw new Error(`planned ${planned.type}`);
  } catch (error) {
    if (!(error instanceof PlanError)) throw error;
    return { code: error.code, message: error.message };
  }
}

describe('plan', () => {
  it('fills in bases from the record', () => {
    const sim = activeIncident();
    const r = fold(sim.all);
    expect(planOrThrow(r, { kind: 'status', to: 'contained', reason: 'perimeter held' }, ACTORS.bob)).toEqual(
      {
        type: 'incident.status_changed',
        payload: {
          incidentId: INCIDENT,
          from: 'active',
          to: 'contained',
          base: sim.all[2]!.id,
          reopen: false,
          reason: 'perimeter held',
        },
      },
    );
    expect(
      planOrThrow(r, { kind: 'update', severity: 'critical', title: 'Fire' }, ACTORS.bob).payload,
    ).toEqual({
      incidentId: INCIDENT,
      changes: {
        title: { value: 'Fire', base: sim.all[0]!.id },
        severity: { value: 'critical', base: sim.all[0]!.id, statusBase: sim.all[2]!.id },
      },
      departmentsAdded: [],
      departmentsRemoved: [],
      tagsAdded: [],
      tagsRemoved: [],
    });
    expect(
      planOrThrow(
        r,
        { kind: 'assign-role', role: 'safety', holder: { kind: 'department', id: 'energy' } },
        ACTORS.alice,
      ).payload,
    ).toEqual({
      incidentId: INCIDENT,
      role: 'safety',
      holder: { kind: 'department', id: 'energy' },
      base: null,
    });
    expect(planOrThrow(r, { kind: 'acknowledge-task', taskId: 'task-1' }, ACTORS.bob).payload).toEqual({
      incidentId: INCIDENT,
      taskId: 'task-1',
      base: sim.all[3]!.id,
    });
  });

  it('creates against an empty record with defaults, the author leading', () => {
    const planned = planOrThrow(
      notCreated('inc-7'),
      {
        kind: 'create',
        title: '  Flooded underpass  ',
        category: 'Met',
        severity: 'moderate',
        departments: ['traffic'],
      },
      ACTORS.bob,
    );
    expect(planned).toEqual({
      type: 'incident.created',
      payload: {
        incidentId: 'inc-7',
        title: 'Flooded underpass',
        description: '',
        category: 'Met',
        severity: 'moderate',
        priority: 3,
        tlp: 'GREEN',
        location: null,
        leadDepartment: 'traffic',
        departments: ['traffic'],
        tags: [],
      },
    });
  });

  it('plans only JSON payloads that the fold applies without refusal', () => {
    const sim = activeIncident();
    const commands: [keyof typeof ACTORS, Command][] = [
      ['bob', { kind: 'acknowledge-task', taskId: 'task-1' }],
      ['bob', { kind: 'note', text: 'on scene', tlp: 'AMBER' }],
      [
        'alice',
        {
          kind: 'update-task',
          taskId: 'task-1',
          due: '2025-03-01T18:00:00Z',
          informed: [{ kind: 'department', id: 'it' }],
        },
      ],
      ['alice', { kind: 'link', targetIncidentId: 'inc-2', linkKind: 'causes' }],
      ['alice', { kind: 'update', location: { area: 'North' }, addTags: ['power'] }],
      ['alice', { kind: 'status', to: 'resolved' }],
      ['alice', { kind: 'status', to: 'closed' }],
      ['carol', { kind: 'status', to: 'active', reopen: true }],
    ];
    for (const [actor, command] of commands) {
      sim.syncAll();
      const e = sim.act(actor, command);
      expect(JSON.parse(JSON.stringify(e.payload))).toEqual(e.payload);
    }
    const r = fold(sim.all);
    expect(r.rejected).toEqual([]);
    expect(r.conflicts).toEqual([]);
    expect(r).toMatchObject({ status: 'active', tags: ['power'], location: { area: 'North' } });
  });

  it.each<[string, unknown, keyof typeof ACTORS, PlanErrorCode, string | RegExp]>([
    [
      'invalid transition',
      { kind: 'status', to: 'closed' },
      'alice',
      'invalid-transition',
      /active -> closed/,
    ],
    [
      'reopen of an open incident',
      { kind: 'status', to: 'active', reopen: true },
      'alice',
      'invalid-transition',
      /only a resolved or closed/,
    ],
    [
      'unknown task',
      { kind: 'complete-task', taskId: 'task-9' },
      'alice',
      'unknown-task',
      `incident ${INCIDENT} has no task task-9`,
    ],
    [
      'text too long',
      { kind: 'note', text: 'x'.repeat(20_001) },
      'bob',
      'text-too-long',
      'text: note must be at most 20000 characters',
    ],
    [
      'title too long',
      { kind: 'update', title: 't'.repeat(201) },
      'bob',
      'text-too-long',
      'title must be at most 200 characters',
    ],
    [
      'unknown role',
      { kind: 'assign-role', role: 'chief', holder: null },
      'alice',
      'unknown-role',
      /unknown ICS role "chief"/,
    ],
    [
      'nothing to change',
      { kind: 'update', severity: 'major' },
      'alice',
      'nothing-to-change',
      'the update changes nothing',
    ],
    [
      'same status',
      { kind: 'status', to: 'active' },
      'alice',
      'nothing-to-change',
      'the incident is already active',
    ],
    [
      'vacating an empty role',
      { kind: 'assign-role', role: 'liaison', holder: null },
      'alice',
      'nothing-to-change',
      /already held by nobody/,
    ],
    [
      'no such conflict',
      { kind: 'resolve-conflict', conflictId: 'status@x', value: 'active' },
      'alice',
      'no-such-conflict',
      'there is no open conflict status@x',
    ],
    [
      'resolving as a responder',
      { kind: 'resolve-conflict', conflictId: 'status@x', value: 'active' },
      'bob',
      'not-commander',
      /only a commander/,
    ],
    [
      'acknowledging for someone else',
      { kind: 'acknowledge-task', taskId: 'task-1' },
      'carol',
      'forbidden',
      /only a responsible party \(member bob\)/,
    ],
    [
      'a viewer writing',
      { kind: 'note', text: 'hi' },
      'vic',
      'forbidden',
      'a viewer cannot change incidents',
    ],
    [
      'creating twice',
      { kind: 'create', title: 'x', category: 'Fire', severity: 'minor' },
      'alice',
      'already-created',
      /already exists/,
    ],
    ['an unknown command', { kind: 'explode' }, 'alice', 'invalid-input', /kind/],
    [
      'an unknown field',
      { kind: 'note', text: 'hi', colour: 'red' },
      'alice',
      'invalid-input',
      'unknown field(s): colour',
    ],
    [
      'a bad latitude',
      { kind: 'update', location: { lat: 91, lon: 0 } },
      'alice',
      'invalid-input',
      'location.lat: lat must be between -90 and 90',
    ],
    [
      'latitude without longitude',
      { kind: 'update', location: { lat: 1 } },
      'alice',
      'invalid-input',
      /lat and lon must be given together/,
    ],
    [
      'removing the lead department',
      { kind: 'update', removeDepartments: ['police'] },
      'alice',
      'invalid-input',
      /police leads the incident/,
    ],
    [
      'linking to itself',
      { kind: 'link', targetIncidentId: INCIDENT, linkKind: 'related' },
      'alice',
      'invalid-input',
      /itself/,
    ],
  ])('refuses %s', (_name, command, actor, code, message) => {
    const got = refusal(command, actor);
    expect(got.code).toBe(code);
    if (typeof message === 'string') expect(got.message).toBe(message);
    else expect(got.message).toMatch(message);
  });

  it('refuses anything but creation before the incident exists', () => {
    expect(() => planOrThrow(notCreated('inc-8'), { kind: 'note', text: 'hi' }, ACTORS.alice)).toThrow(
      expect.objectContaining({ name: 'PlanError', code: 'not-created' }),
    );
  });

  it('resolves only open conflicts, naming a real candidate, and fills in what the resolver saw', () => {
    const sim = activeIncident();
    const a = sim.act('alice', { kind: 'status', to: 'resolved' });
    const b = sim.act('bob', { kind: 'status', to: 'contained' });
    sim.syncAll();
    const r = fold(sim.all);
    const conflictId = r.conflicts[0]!.id;
    expect(
      refusal({ kind: 'resolve-conflict', conflictId, chosenEventId: 'zzz' }, 'alice', sim),
    ).toMatchObject({
      code: 'invalid-input',
      message: expect.stringContaining('is not a candidate'),
    });
    expect(refusal({ kind: 'resolve-conflict', conflictId, value: 'sideways' }, 'alice', sim)).toMatchObject({
      code: 'invalid-input',
      message: expect.stringContaining('status must be one of'),
    });
    expect(refusal({ kind: 'resolve-conflict', conflictId }, 'alice', sim).code).toBe('invalid-input');
    expect(
      planOrThrow(r, { kind: 'resolve-conflict', conflictId, chosenEventId: a.id }, ACTORS.alice).payload,
    ).toEqual({
      incidentId: INCIDENT,
      conflictId,
      chosenEventId: a.id,
      base: b.id,
      candidateIds: [a.id, b.id],
    });
    sim.act('alice', { kind: 'resolve-conflict', conflictId, chosenEventId: a.id });
    expect(refusal({ kind: 'resolve-conflict', conflictId, chosenEventId: a.id }, 'alice', sim).code).toBe(
      'no-such-conflict',
    );
  });

  it('throws PlanError from planOrThrow', () => {
    const r = fold(activeIncident().all);
    expect(() => planOrThrow(r, { kind: 'status', to: 'reported' }, ACTORS.alice)).toThrow(PlanError);
  });
});
