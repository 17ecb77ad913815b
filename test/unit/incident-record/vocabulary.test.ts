import { describe, expect, it } from 'vitest';
import {
  canTransition,
  CAP_CATEGORIES,
  fieldValueSchema,
  hlcWallTime,
  INCIDENT_STATUSES,
  isSeverityRaise,
  parsePayload,
  TLP_LEVELS,
  transitionError,
} from '../../../shared/incident-record';

describe('lifecycle', () => {
  it('allows exactly the documented steps', () => {
    const allowed = INCIDENT_STATUSES.flatMap((from) =>
      INCIDENT_STATUSES.filter((to) => canTransition(from, to)).map((to) => `${from}->${to}`),
    );
    expect(allowed).toEqual([
      'reported->acknowledged',
      'acknowledged->active',
      'acknowledged->resolved',
      'active->contained',
      'active->resolved',
      'contained->active',
      'contained->resolved',
      'resolved->closed',
    ]);
  });

  it('reopens only resolved or closed incidents, and only when marked', () => {
    expect(canTransition('closed', 'active')).toBe(false);
    expect(canTransition('closed', 'active', true)).toBe(true);
    expect(canTransition('resolved', 'acknowledged', true)).toBe(true);
    expect(canTransition('active', 'active', true)).toBe(false);
    expect(canTransition('closed', 'resolved', true)).toBe(false);
    expect(transitionError('reported', 'closed')).toBe(
      'invalid status change reported -> closed; from reported the next status is acknowledged',
    );
    expect(transitionError('closed', 'active')).toBe(
      'closed -> active is a reopen and must be marked as one',
    );
  });

  it('knows which severity changes are escalations', () => {
    expect(isSeverityRaise('moderate', 'critical')).toBe(true);
    expect(isSeverityRaise('critical', 'major')).toBe(false);
    expect(isSeverityRaise('minor', 'minor')).toBe(false);
  });
});

describe('payload schemas', () => {
  const created = { incidentId: 'inc-1', title: 'Gas leak', category: 'CBRNE', severity: 'major' };

  it('fills defaults: TLP GREEN, priority 3, no location', () => {
    const parsed = parsePayload('incident.created', created);
    expect(parsed).toMatchObject({
      ok: true,
      value: { tlp: 'GREEN', priority: 3, location: null, tags: [] },
    });
  });

  it('knows the CAP 1.2 categories and TLP 2.0 levels', () => {
    expect(CAP_CATEGORIES).toHaveLength(12);
    expect(TLP_LEVELS).toEqual(['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED']);
    expect(parsePayload('incident.created', { ...created, category: 'Gas' })).toEqual({
      ok: false,
      error:
        'category must be one of Geo, Met, Safety, Security, Rescue, Fire, Health, Env, Transport, Infra, CBRNE, Other (CAP 1.2)',
    });
    expect(parsePayload('incident.created', { ...created, tlp: 'AMBER+STRICT' }).ok).toBe(true);
  });

  it.each([
    [{ title: 'x'.repeat(201) }, 'title must be at most 200 characters'],
    [{ title: 'a\u0007b' }, 'title must not contain control characters'],
    [{ title: '\ud800' }, 'title must be valid Unicode text'],
    [{ description: 'd'.repeat(20_001) }, 'description must be at most 20000 characters'],
    [{ priority: 6 }, 'priority must be between 1 and 5'],
    [{ location: { lat: 0, lon: 181 } }, 'location.lon: lon must be between -180 and 180'],
    [{ location: { lon: 1 } }, 'location: lat and lon must be given together'],
    [{ incidentId: '../x' }, 'incidentId: id must be 1-64 letters, digits, "-" or "_"'],
  ])('refuses %j with a clear message', (patch, message) => {
    expect(parsePayload('incident.created', { ...created, ...patch })).toEqual({ ok: false, error: message });
  });

  it('requires a base on changes, and exactly one outcome on a resolution', () => {
    expect(parsePayload('incident.updated', { incidentId: 'i', changes: { title: { value: 'x' } } }).ok).toBe(
      false,
    );
    expect(parsePayload('incident.updated', { incidentId: 'i', changes: {} })).toEqual({
      ok: false,
      error: 'an update must change something',
    });
    const resolution = { incidentId: 'i', conflictId: 'status@e1', base: 'e2', candidateIds: ['e2', 'e3'] };
    expect(parsePayload('conflict.resolved', { ...resolution, chosenEventId: 'e2' }).ok).toBe(true);
    expect(
      parsePayload('conflict.resolved', { ...resolution, chosenEventId: 'e2', value: 'active' }).ok,
    ).toBe(false);
    expect(parsePayload('conflict.resolved', resolution).ok).toBe(false);
  });

  it('refuses unknown ICS roles and needs a responsible and an accountable party on tasks', () => {
    expect(
      parsePayload('role.assigned', { incidentId: 'i', role: 'chief', holder: null, base: null }),
    ).toMatchObject({
      ok: false,
      error: expect.stringContaining('unknown ICS role'),
    });
    const task = {
      incidentId: 'i',
      taskId: 't',
      title: 'Do',
      raci: { responsible: [], accountable: { kind: 'member', id: 'a' } },
    };
    expect(parsePayload('task.created', task)).toMatchObject({
      ok: false,
      error: expect.stringContaining('responsible'),
    });
  });

  it('knows the value schema of every field a conflict can be about', () => {
    expect(fieldValueSchema('status')?.safeParse('active').success).toBe(true);
    expect(fieldValueSchema('role:safety')?.safeParse(null).success).toBe(true);
    expect(fieldValueSchema('task:t1:state')?.safeParse('done').success).toBe(true);
    expect(fieldValueSchema('role:chief')).toBeNull();
    expect(fieldValueSchema('__proto__')).toBeNull();
  });
});

describe('hlcWallTime', () => {
  it('reads shared/hlc stamps, and gives null for others', () => {
    expect(hlcWallTime('000001740837600000-0003-laptop-1')).toBe('2025-03-01T14:00:00.000Z');
    expect(hlcWallTime('999999999999999999-0000-x')).toBeNull();
    expect(hlcWallTime('1740837600000')).toBeNull();
    expect(hlcWallTime('zzz')).toBeNull();
  });
});
