import { describe, expect, it } from 'vitest';
import { compareEvents } from '../../../shared/events';
import { format } from '../../../shared/hlc';
import type { FoldableEvent } from '../../../shared/incident-record';
import { foldRuns, planEscalations, type RunRecord } from '../../../shared/playbook';
import {
  approval,
  closure,
  context,
  HOUR,
  INCIDENT,
  iso,
  MINUTE,
  role,
  RUN,
  RunSim,
  rng,
  shuffle,
  signals,
  T0,
  template,
  stepIdOf,
} from './helpers';

/** The incident exists and `tpl` was started by alice at minute 0; everyone is in sync. */
function started(tpl = signals(), options: ConstructorParameters<typeof RunSim>[0] = {}): RunSim {
  const sim = new RunSim(options).createIncident();
  sim.start('alice', tpl);
  return sim.syncAll();
}

const states = (run: RunRecord) => Object.fromEntries(run.steps.map((s) => [s.id, s.state]));
const stepOf = (run: RunRecord, id: string) => run.steps.find((s) => s.id === id)!;

describe('foldRuns: dependencies and branches', () => {
  it('keeps a step pending until every step it comes after is finished', () => {
    const sim = started(
      template({
        steps: [
          { id: 'cut-power', title: 'Cut power', owner: { department: 'energy' } },
          { id: 'close-road', title: 'Close the road', owner: { department: 'traffic' } },
          {
            id: 'inspect',
            title: 'Inspect',
            after: ['cut-power', 'close-road'],
            owner: { department: 'police' },
          },
        ],
      }),
    );
    let run = sim.run('alice');
    expect(states(run)).toEqual({ 'cut-power': 'ready', 'close-road': 'ready', inspect: 'pending' });
    expect(stepOf(run, 'cut-power').readyAt).toBe(iso(0));
    expect(stepOf(run, 'inspect').readyAt).toBeNull();

    sim.at(5);
    sim.act('carol', 'cut-power', 'done');
    sim.syncAll();
    run = sim.run('alice');
    expect(states(run)).toEqual({ 'cut-power': 'done', 'close-road': 'ready', inspect: 'pending' });
    expect(stepOf(run, 'cut-power').finishedAt).toBe(iso(5));

    sim.at(12);
    sim.act('bob', 'close-road', 'done');
    sim.syncAll();
    run = sim.run('alice');
    expect(states(run)).toEqual({ 'cut-power': 'done', 'close-road': 'done', inspect: 'ready' });
    // Ready when the last of its prerequisites finished.
    expect(stepOf(run, 'inspect').readyAt).toBe(iso(12));
    expect(run.status).toBe('active');
    expect(run.counts).toEqual({ steps: 3, finished: 2, overdue: 0, openConflicts: 0 });
  });

  it('opens the chosen branch, leaves the others out with a reason, and readies the join', () => {
    const sim = started();
    sim.at(3);
    sim.act('carol', 'assess', 'done');
    sim.syncAll();
    let run = sim.run('alice');
    // Before the choice every branch waits for the decision.
    expect(states(run)).toMatchObject({
      restore: 'ready',
      'switch-feeders': 'pending',
      generators: 'pending',
      detour: 'pending',
      barricades: 'pending',
      reenergize: 'pending',
    });

    sim.at(4);
    sim.act('carol', 'restore', 'choose', { option: 'quick' });
    sim.syncAll();
    run = sim.run('bob');
    expect(stepOf(run, 'restore')).toMatchObject({ state: 'done', choice: 'quick', finishedAt: iso(4) });
    expect(stepOf(run, 'switch-feeders')).toMatchObject({ state: 'ready', readyAt: iso(4) });
    for (const id of ['generators', 'detour']) {
      const step = stepOf(run, id);
      expect(step.state).toBe('skipped');
      expect(step.reason).toBe('not taken: "Choose the restoration path" chose quick');
      expect(step.finishedAt).toBe(iso(4));
    }
    // After only steps that were left out: left out too.
    expect(stepOf(run, 'barricades').state).toBe('skipped');
    expect(stepOf(run, 'barricades').reason).toMatch(/^not taken/);
    // The join waits for the taken branch (the other one counts as finished).
    expect(stepOf(run, 'reenergize').state).toBe('pending');

    sim.at(20);
    sim.act('carol', 'switch-feeders', 'done');
    sim.syncAll();
    run = sim.run('bob');
    expect(stepOf(run, 'reenergize')).toMatchObject({ state: 'ready', readyAt: iso(20) });

    sim.at(30);
    sim.act('carol', 'reenergize', 'done');
    sim.syncAll();
    run = sim.run('bob');
    expect(run.status).toBe('completed');
    expect(run.counts).toEqual({ steps: 8, finished: 8, overdue: 0, openConflicts: 0 });
  });

  it('takes the other branch when the other option is chosen', () => {
    const sim = started();
    sim.at(3);
    sim.act('carol', 'assess', 'done');
    sim.act('carol', 'restore', 'choose', { option: 'long' });
    sim.syncAll();
    let run = sim.run('alice');
    expect(states(run)).toEqual({
      assess: 'done',
      'tell-traffic': 'done',
      restore: 'done',
      'switch-feeders': 'skipped',
      generators: 'ready',
      detour: 'ready',
      barricades: 'pending',
      reenergize: 'pending',
    });
    expect(stepOf(run, 'switch-feeders').reason).toBe('not taken: "Choose the restoration path" chose long');

    sim.at(10);
    sim.act('bob', 'detour', 'done');
    sim.syncAll();
    run = sim.run('alice');
    expect(stepOf(run, 'barricades')).toMatchObject({ state: 'ready', readyAt: iso(10) });
    expect(stepOf(run, 'reenergize').state).toBe('pending');

    sim.at(25);
    sim.act('carol', 'generators', 'done');
    sim.syncAll();
    expect(stepOf(sim.run('alice'), 'reenergize')).toMatchObject({ state: 'ready', readyAt: iso(25) });
  });

  it('leaves out every branch of a decision that was skipped', () => {
    const sim = started();
    sim.at(3);
    sim.act('carol', 'assess', 'done');
    sim.syncAll();
    sim.act('frank', 'restore', 'skip', { reason: 'the grid operator restores it' });
    sim.syncAll();
    const run = sim.run('alice');
    expect(stepOf(run, 'restore')).toMatchObject({
      state: 'skipped',
      reason: 'the grid operator restores it',
    });
    for (const id of ['switch-feeders', 'generators', 'detour']) {
      expect(stepOf(run, id).reason).toBe('not taken: "Choose the restoration path" was skipped');
    }
    expect(stepOf(run, 'barricades').state).toBe('skipped');
    // Even the join: everything before it was left out.
    expect(stepOf(run, 'reenergize').state).toBe('skipped');
    expect(run.status).toBe('completed');
  });

  it('finishes a notify step by itself once it is ready, and lists the notification', () => {
    const sim = started();
    let run = sim.run('alice');
    expect(stepOf(run, 'tell-traffic').state).toBe('pending');
    expect(run.notifications).toEqual([]);

    sim.at(7);
    sim.act('carol', 'assess', 'done');
    sim.syncAll();
    run = sim.run('alice');
    expect(stepOf(run, 'tell-traffic')).toMatchObject({ state: 'done', readyAt: iso(7), finishedAt: iso(7) });
    // Nobody acts on it, so it has no history and no acknowledgement window.
    expect(stepOf(run, 'tell-traffic').history).toEqual([]);
    expect(stepOf(run, 'tell-traffic').acknowledgeBy).toBeNull();
    expect(run.notifications).toEqual([
      {
        stepId: 'tell-traffic',
        kind: 'notify',
        departments: ['traffic', 'police'],
        message: 'Signals are dark on feeder 12',
        at: iso(7),
      },
    ]);
  });

  it('finishes a wait step at readyAt + wait, and not before', () => {
    const sim = started(
      template({
        steps: [
          { id: 'vent', title: 'Vent the tunnel', owner: { department: 'it' } },
          {
            id: 'settle',
            title: 'Let the air settle',
            kind: 'wait',
            wait: 'PT1H',
            after: ['vent'],
            owner: { department: 'it' },
          },
          { id: 'enter', title: 'Enter the tunnel', after: ['settle'], owner: { department: 'police' } },
        ],
      }),
    );
    expect(stepOf(sim.run('alice'), 'settle')).toMatchObject({ state: 'pending', waitUntil: null });
    sim.at(10);
    sim.act('dave', 'vent', 'done');
    sim.syncAll();

    const before = sim.run('alice', T0 + 69 * MINUTE);
    expect(stepOf(before, 'settle')).toMatchObject({
      state: 'in-progress',
      readyAt: iso(10),
      waitUntil: iso(70),
      finishedAt: null,
    });
    expect(stepOf(before, 'enter').state).toBe('pending');

    for (const minute of [70, 95]) {
      const after = sim.run('alice', T0 + minute * MINUTE);
      expect(stepOf(after, 'settle')).toMatchObject({ state: 'done', finishedAt: iso(70) });
      expect(stepOf(after, 'enter')).toMatchObject({ state: 'ready', readyAt: iso(70) });
    }
  });

  it('tracks starting and blocking a step, and the first action acknowledges it', () => {
    const sim = started(closure());
    sim.at(2);
    const start = sim.act('bob', 'close-road', 'start');
    sim.at(4);
    const block = sim.act('bob', 'close-road', 'block', { reason: 'no barriers left' });
    const step = stepOf(sim.run('bob'), 'close-road');
    expect(step).toMatchObject({ state: 'blocked', reason: 'no barriers left', head: block.id });
    expect(step.acknowledged).toMatchObject({ eventId: start.id, actor: 'bob', at: iso(2) });
    expect(step.history.map((h) => [h.action, h.effect, h.reason])).toEqual([
      ['start', 'applied', null],
      ['block', 'applied', 'no barriers left'],
    ]);
    sim.act('bob', 'close-road', 'start');
    expect(stepOf(sim.run('bob'), 'close-road')).toMatchObject({ state: 'in-progress', reason: null });
  });

  it('holds the steps after a rejected approval', () => {
    const sim = new RunSim().createIncident();
    sim.start('alice', template({ ...approval(false), roles: [{ role: 'safety', department: 'energy' }] }));
    sim.syncAll();
    sim.at(3);
    sim.act('carol', 'sign-off', 'reject', { reason: 'load is still too high' });
    sim.syncAll();
    const run = sim.run('alice', T0 + 10 * HOUR);
    expect(stepOf(run, 'sign-off')).toMatchObject({ state: 'rejected', reason: 'load is still too high' });
    expect(stepOf(run, 'energize').state).toBe('pending');
    expect(run.status).toBe('active');
    expect(run.counts.finished).toBe(0);
  });

  it('is stopped by a commander, not by a responder, and takes no step event afterwards', () => {
    const sim = started(closure());
    sim.at(1);
    const bobStop = sim.append('bob', {
      type: 'run.stopped',
      payload: { incidentId: INCIDENT, runId: RUN, reason: 'I am done here' },
    });
    sim.syncAll();
    let run = sim.run('alice');
    expect(run.status).toBe('active');
    expect(run.stopped).toBeNull();
    expect(run.rejected).toEqual([
      expect.objectContaining({
        eventId: bobStop.id,
        type: 'run.stopped',
        reason: 'only a commander can stop a run; bob is a responder',
      }),
    ]);

    sim.at(2);
    const stop = sim.stop('alice', 'false alarm');
    sim.syncAll();
    sim.at(3);
    const late = sim.rawStep('bob', 'close-road', 'done');
    sim.syncAll();
    run = sim.run('alice');
    expect(run.status).toBe('stopped');
    expect(run.stopped).toMatchObject({
      eventId: stop.id,
      actor: 'alice',
      reason: 'false alarm',
      at: iso(2),
    });
    expect(stepOf(run, 'close-road').state).toBe('ready');
    expect(run.rejected.at(-1)).toMatchObject({
      eventId: late.id,
      reason: `the run was stopped by ${stop.id}`,
    });
  });

  it('completes when every step is finished', () => {
    const sim = started(closure());
    sim.act('bob', 'close-road', 'done');
    expect(sim.run('bob').status).toBe('active');
    sim.act('bob', 'reopen-road', 'skip', { reason: 'road stays closed for repairs' });
    const run = sim.run('bob');
    expect(run.status).toBe('completed');
    expect(run.counts).toEqual({ steps: 2, finished: 2, overdue: 0, openConflicts: 0 });
  });
});

describe('foldRuns: due times, overdue and escalation', () => {
  const dueTemplate = () =>
    template({
      steps: [
        {
          id: 'calendar',
          title: 'Report within a day',
          owner: { department: 'it' },
          due: { within: 'P1D', from: 'activation' },
        },
        {
          id: 'clock',
          title: 'Report within 24 hours',
          owner: { department: 'it' },
          due: { within: 'PT24H', from: 'activation' },
        },
      ],
    });

  const dueAt = (start: string, timeZone: string) => {
    const sim = started(dueTemplate(), { t0: Date.parse(start), timeZone });
    const run = sim.run('dave');
    expect(run.startedAt).toBe(new Date(Date.parse(start)).toISOString());
    expect(run.timeZone).toBe(timeZone);
    return { calendar: stepOf(run, 'calendar').dueAt, clock: stepOf(run, 'clock').dueAt, sim };
  };

  it('counts P1D in the run’s zone across the spring change in Berlin (23 hours)', () => {
    // 2026-03-28 12:00 CET; clocks go forward on 29 March.
    const { calendar, clock, sim } = dueAt('2026-03-28T11:00:00Z', 'Europe/Berlin');
    expect(calendar).toBe('2026-03-29T10:00:00.000Z');
    expect(clock).toBe('2026-03-29T11:00:00.000Z');
    // Between the two deadlines only the calendar one has passed.
    const between = sim.run('dave', Date.parse('2026-03-29T10:30:00Z'));
    expect(stepOf(between, 'calendar').overdue).toBe(true);
    expect(stepOf(between, 'clock').overdue).toBe(false);
    expect(between.counts.overdue).toBe(1);
  });

  it('counts P1D as 25 hours across the autumn change in Berlin', () => {
    const { calendar, clock } = dueAt('2026-10-24T10:00:00Z', 'Europe/Berlin');
    expect(calendar).toBe('2026-10-25T11:00:00.000Z');
    expect(clock).toBe('2026-10-25T10:00:00.000Z');
  });

  it('follows New York’s own change dates (8 March and 1 November 2026)', () => {
    // 2026-03-07 12:00 EST -> 2026-03-08 12:00 EDT.
    let due = dueAt('2026-03-07T17:00:00Z', 'America/New_York');
    expect(due.calendar).toBe('2026-03-08T16:00:00.000Z');
    expect(due.clock).toBe('2026-03-08T17:00:00.000Z');
    // 2026-10-31 12:00 EDT -> 2026-11-01 12:00 EST.
    due = dueAt('2026-10-31T16:00:00Z', 'America/New_York');
    expect(due.calendar).toBe('2026-11-01T17:00:00.000Z');
    expect(due.clock).toBe('2026-11-01T16:00:00.000Z');
    // The Berlin change (29 March) is not New York's: a plain 24 hours there.
    due = dueAt('2026-03-28T16:00:00Z', 'America/New_York');
    expect(due.calendar).toBe('2026-03-29T16:00:00.000Z');
  });

  it('counts `from: ready` from when the steps before it finished, and is overdue only after the deadline', () => {
    const sim = started(
      template({
        steps: [
          { id: 'triage', title: 'Triage', owner: { department: 'it' } },
          {
            id: 'contain',
            title: 'Contain',
            after: ['triage'],
            owner: { department: 'it' },
            due: { within: 'PT30M' },
          },
        ],
      }),
    );
    expect(stepOf(sim.run('dave', T0 + 10 * HOUR), 'contain')).toMatchObject({ dueAt: null, overdue: false });
    sim.at(10);
    sim.act('dave', 'triage', 'done');
    const at = (minute: number) => stepOf(sim.run('dave', T0 + minute * MINUTE), 'contain');
    expect(at(10).dueAt).toBe(iso(40));
    expect(at(39).overdue).toBe(false);
    expect(at(40).overdue).toBe(false);
    expect(at(41).overdue).toBe(true);
    expect(sim.run('dave', T0 + 41 * MINUTE).counts.overdue).toBe(1);
    sim.at(45);
    sim.act('dave', 'contain', 'done');
    expect(at(90)).toMatchObject({ state: 'done', overdue: false });
    expect(sim.run('dave', T0 + 90 * MINUTE).counts.overdue).toBe(0);
  });

  it('is not overdue once the run is stopped', () => {
    const sim = started(signals());
    expect(stepOf(sim.run('alice', T0 + 31 * MINUTE), 'assess').overdue).toBe(true);
    sim.stop('alice', 'drill over');
    expect(stepOf(sim.run('alice', T0 + 31 * MINUTE), 'assess').overdue).toBe(false);
  });

  const ackTemplate = () =>
    template({
      acknowledge: 'PT10M',
      roles: [{ role: 'incident-commander', department: 'energy' }],
      steps: [
        {
          id: 'triage',
          title: 'Triage the calls',
          owner: { department: 'traffic' },
          raci: { accountable: { role: 'incident-commander' } },
          acknowledge: 'PT5M',
        },
        { id: 'patrol', title: 'Patrol the junctions', owner: { department: 'police' } },
        {
          id: 'inform',
          title: 'Inform IT',
          kind: 'notify',
          owner: { department: 'police' },
          notify: { departments: ['it'], message: 'Signals down' },
        },
      ],
    });

  it('makes an escalation due when a ready step is not acknowledged in time, to the accountable department', () => {
    const sim = started(ackTemplate());
    const at = (minute: number) => sim.run('alice', T0 + minute * MINUTE);
    expect(stepOf(at(0), 'triage')).toMatchObject({ acknowledgeBy: iso(5), escalationDue: false });
    expect(stepOf(at(0), 'patrol')).toMatchObject({ acknowledgeBy: iso(10), escalateTo: 'police' });
    expect(stepOf(at(0), 'inform').acknowledgeBy).toBeNull();
    expect(stepOf(at(5), 'triage').escalationDue).toBe(false);

    const six = at(6);
    // The incident commander role went to energy with the run, so energy's lead hears of it.
    expect(stepOf(six, 'triage')).toMatchObject({ escalationDue: true, escalateTo: 'energy' });
    expect(stepOf(six, 'patrol').escalationDue).toBe(false);
    expect(planEscalations(six).map((e) => e.payload)).toEqual([
      {
        incidentId: INCIDENT,
        runId: RUN,
        stepId: 'triage',
        department: 'energy',
        reason: `"Triage the calls" was ready at ${iso(0)} and nobody acknowledged it by ${iso(5)}`,
      },
    ]);
    expect(planEscalations(at(11)).map((e) => e.payload)).toEqual([
      expect.objectContaining({ stepId: 'triage', department: 'energy' }),
      expect.objectContaining({ stepId: 'patrol', department: 'police' }),
    ]);

    // Any action on the step acknowledges it.
    sim.at(4);
    sim.act('bob', 'triage', 'start');
    sim.sync('bob', 'alice');
    expect(stepOf(at(30), 'triage')).toMatchObject({ escalationDue: false, acknowledged: { actor: 'bob' } });
    expect(planEscalations(at(30)).map((e) => stepIdOf(e))).toEqual(['patrol']);
  });

  it('escalates to the department of the member holding the accountable role', () => {
    const sim = new RunSim().createIncident();
    sim.incidentAct('alice', {
      kind: 'assign-role',
      role: 'incident-commander',
      holder: { kind: 'member', id: 'alice' },
    });
    sim.start('alice', ackTemplate());
    sim.syncAll();
    expect(stepOf(sim.run('bob', T0 + 6 * MINUTE), 'triage')).toMatchObject({
      escalationDue: true,
      escalateTo: 'police',
    });
  });

  it('refuses an escalation sent to a department that does not answer for the step', () => {
    const sim = started(ackTemplate());
    sim.at(12);
    const [planned] = planEscalations(sim.run('carol'));
    const misdirected = sim.append('carol', {
      type: 'run.escalated',
      payload: { ...(planned!.payload as object), department: 'it' },
    });
    const run = sim.run('carol');
    expect(run.rejected).toEqual([
      expect.objectContaining({ eventId: misdirected.id, reason: expect.stringContaining('not it') }),
    ]);
    expect(stepOf(run, stepIdOf(misdirected)!)).toMatchObject({ escalated: null, escalationDue: true });
  });

  it('counts a logged escalation once, even when two copies logged it', () => {
    const sim = started(ackTemplate());
    sim.at(12);
    const escalate = (who: 'alice' | 'carol') =>
      planEscalations(sim.run(who)).map((planned) => sim.append(who, planned));
    const byCarol = escalate('carol');
    const byAlice = escalate('alice');
    expect(byCarol).toHaveLength(2);
    expect(byAlice).toHaveLength(2);
    sim.syncAll();

    const run = sim.run('bob');
    const first = [...byCarol, ...byAlice].filter((e) => stepIdOf(e) === 'triage');
    first.sort(compareEvents);
    expect(stepOf(run, 'triage')).toMatchObject({
      escalationDue: false,
      escalated: { eventId: first[0]!.id, department: 'energy', at: iso(12) },
    });
    expect(stepOf(run, 'patrol').escalationDue).toBe(false);
    expect(planEscalations(run)).toEqual([]);
    const escalations = run.notifications.filter((n) => n.kind === 'escalation');
    expect(escalations).toEqual([
      {
        stepId: 'triage',
        kind: 'escalation',
        departments: ['energy'],
        message: `"Triage the calls" was not acknowledged by ${iso(5)}`,
        at: iso(12),
      },
      {
        stepId: 'patrol',
        kind: 'escalation',
        departments: ['police'],
        message: `"Patrol the junctions" was not acknowledged by ${iso(10)}`,
        at: iso(12),
      },
    ]);
    // The notify step's own notification is still there.
    expect(run.notifications.filter((n) => n.kind === 'notify').map((n) => n.stepId)).toEqual(['inform']);
  });
});

describe('foldRuns: approvals', () => {
  /** A two-person approval whose role the safety officer (the energy department) holds. */
  function twoPerson(): RunSim {
    const sim = new RunSim().createIncident();
    sim.start('alice', template({ ...approval(true), roles: [{ role: 'safety', department: 'energy' }] }));
    return sim.syncAll();
  }

  it('refuses a second approval by the same member, even written as a raw event', () => {
    const sim = twoPerson();
    const first = sim.act('carol', 'sign-off', 'approve');
    const again = sim.rawStep('carol', 'sign-off', 'approve');
    const step = stepOf(sim.run('carol'), 'sign-off');
    expect(step.state).toBe('in-progress');
    expect(step.approvals.map((a) => a.eventId)).toEqual([first.id]);
    expect(sim.run('carol').rejected).toEqual([
      expect.objectContaining({
        eventId: again.id,
        type: 'run.step',
        reason:
          'carol has already approved "Approve re-energizing"; a second approval must come from someone else',
      }),
    ]);
  });

  it('needs a commander among the two approvers', () => {
    const sim = twoPerson();
    sim.act('carol', 'sign-off', 'approve');
    sim.syncAll();
    sim.act('erin', 'sign-off', 'approve');
    sim.syncAll();
    let run = sim.run('alice');
    expect(stepOf(run, 'sign-off').state).toBe('in-progress');
    expect(stepOf(run, 'sign-off').approvals.map((a) => a.actor)).toEqual(['carol', 'erin']);
    expect(stepOf(run, 'energize').state).toBe('pending');

    sim.act('alice', 'sign-off', 'approve');
    run = sim.run('alice');
    expect(stepOf(run, 'sign-off').state).toBe('approved');
    expect(stepOf(run, 'energize').state).toBe('ready');
  });

  it('approves with a responder holding the role and a commander', () => {
    const sim = twoPerson();
    sim.act('carol', 'sign-off', 'approve');
    sim.syncAll();
    sim.at(2);
    const last = sim.act('frank', 'sign-off', 'approve');
    const step = stepOf(sim.run('frank'), 'sign-off');
    expect(step).toMatchObject({ state: 'approved', finishedAt: iso(2), head: last.id });
    expect(step.history.map((h) => [h.actor, h.action, h.effect])).toEqual([
      ['carol', 'approve', 'applied'],
      ['frank', 'approve', 'applied'],
    ]);
  });

  it('refuses an approval by a responder who does not hold the role; one approval suffices when not two-person', () => {
    const sim = new RunSim().createIncident();
    sim.start('alice', template({ ...approval(false), roles: [{ role: 'safety', department: 'energy' }] }));
    sim.syncAll();
    const bob = sim.rawStep('bob', 'sign-off', 'approve');
    expect(stepOf(sim.run('bob'), 'sign-off').state).toBe('ready');
    expect(sim.run('bob').rejected).toEqual([
      expect.objectContaining({
        eventId: bob.id,
        reason: 'only the safety or a commander can approve "Approve re-energizing"',
      }),
    ]);
    sim.act('erin', 'sign-off', 'approve');
    expect(stepOf(sim.run('erin'), 'sign-off').state).toBe('approved');
  });
});

describe('foldRuns: offline work on two copies', () => {
  it('merges two steps completed offline on different copies into both done, byte for byte', () => {
    const sim = started();
    sim.at(3);
    sim.act('carol', 'assess', 'done');
    sim.act('carol', 'restore', 'choose', { option: 'long' });
    sim.syncAll();

    // No sync between these two: each completes their own department's step.
    sim.at(20);
    const generators = sim.act('carol', 'generators', 'done');
    sim.at(21);
    const detour = sim.act('bob', 'detour', 'done');
    expect(stepOf(sim.run('carol'), 'detour').state).toBe('ready');
    expect(stepOf(sim.run('bob'), 'generators').state).toBe('ready');

    sim.sync('carol', 'bob').sync('bob', 'carol');
    const now = T0 + 30 * MINUTE;
    const onBob = sim.run('bob', now);
    const onCarol = sim.run('carol', now);
    expect(stepOf(onBob, 'generators')).toMatchObject({ state: 'done', head: generators.id });
    expect(stepOf(onBob, 'detour')).toMatchObject({ state: 'done', head: detour.id });
    expect(stepOf(onBob, 'barricades').state).toBe('ready');
    expect(stepOf(onBob, 'reenergize').state).toBe('ready');
    expect(onBob.conflicts).toEqual([]);
    expect(JSON.stringify(onCarol)).toBe(JSON.stringify(onBob));

    const ctx = sim.context('bob', now);
    const events = sim.events('bob');
    const expected = JSON.stringify(foldRuns(events, ctx));
    for (let seed = 1; seed <= 25; seed++) {
      expect(JSON.stringify(foldRuns(shuffle(events, rng(seed)), ctx))).toBe(expected);
    }
  });
});

describe('foldRuns: contradicting outcomes', () => {
  /** bob marks the road closed while alice, not synced, skips it. */
  function doneVsSkip() {
    const sim = started(closure());
    sim.at(5);
    const done = sim.act('bob', 'close-road', 'done');
    const skip = sim.act('alice', 'close-road', 'skip', { reason: 'the road is already closed by the fire' });
    return { sim, done, skip };
  }

  it('puts a step in conflict when one copy did it and another skipped it', () => {
    const { sim, done, skip } = doneVsSkip();
    expect(stepOf(sim.run('bob'), 'close-road').state).toBe('done');
    expect(stepOf(sim.run('alice'), 'close-road').state).toBe('skipped');
    sim.syncAll();

    const run = sim.run('carol');
    const step = stepOf(run, 'close-road');
    expect(step.state).toBe('conflict');
    expect(step.finishedAt).toBeNull();
    expect(stepOf(run, 'reopen-road').state).toBe('pending');
    expect(run.counts.openConflicts).toBe(1);
    const [first, second] = [done, skip].sort(compareEvents);
    expect(run.conflicts).toEqual([step.conflict]);
    expect(step.conflict).toMatchObject({ stepId: 'close-road', status: 'open', resolution: null });
    expect(step.conflict!.candidates.map((c) => [c.eventId, c.actor, c.outcome])).toEqual([
      [first!.id, first!.actor, first === done ? 'done' : 'skipped'],
      [second!.id, second!.actor, second === done ? 'done' : 'skipped'],
    ]);
    expect(step.history.map((h) => h.effect)).toEqual(['applied', 'conflicting']);
    // A step in conflict is not escalated either.
    expect(stepOf(sim.run('carol', T0 + 10 * HOUR), 'close-road').escalationDue).toBe(false);
  });

  it('agrees when both copies report the same outcome', () => {
    const sim = started(closure());
    sim.at(5);
    sim.act('bob', 'close-road', 'done');
    sim.act('alice', 'close-road', 'done');
    sim.syncAll();
    const run = sim.run('carol');
    const step = stepOf(run, 'close-road');
    expect(step.state).toBe('done');
    expect(step.conflict).toBeNull();
    expect(step.history.map((h) => h.effect)).toEqual(['applied', 'agreed']);
    expect(run.counts.openConflicts).toBe(0);
    expect(stepOf(run, 'reopen-road').state).toBe('ready');
  });

  it('puts a decision in conflict when two copies chose differently, and opens no branch meanwhile', () => {
    const sim = started();
    sim.at(3);
    sim.act('carol', 'assess', 'done');
    sim.syncAll();
    sim.at(6);
    sim.act('carol', 'restore', 'choose', { option: 'quick' });
    sim.act('frank', 'restore', 'choose', { option: 'long' });
    sim.syncAll();
    const run = sim.run('alice');
    const restore = stepOf(run, 'restore');
    expect(restore.state).toBe('conflict');
    expect(restore.choice).toBeNull();
    expect(restore.conflict!.candidates.map((c) => c.outcome).sort()).toEqual(['chose:long', 'chose:quick']);
    // Until a commander picks one, neither branch is taken nor left out.
    expect(states(run)).toMatchObject({
      'switch-feeders': 'pending',
      generators: 'pending',
      detour: 'pending',
      barricades: 'pending',
      reenergize: 'pending',
    });
    expect(run.counts.openConflicts).toBe(1);
  });

  it('puts an approval in conflict when the approval that completes it meets a rejection', () => {
    const sim = new RunSim().createIncident();
    sim.start('alice', template({ ...approval(true), roles: [{ role: 'safety', department: 'energy' }] }));
    sim.syncAll();
    sim.act('carol', 'sign-off', 'approve');
    sim.syncAll();
    sim.at(4);
    sim.act('alice', 'sign-off', 'approve');
    sim.act('erin', 'sign-off', 'reject', { reason: 'the crew is still inside' });
    sim.syncAll();
    const run = sim.run('frank');
    const step = stepOf(run, 'sign-off');
    expect(step.state).toBe('conflict');
    expect(step.conflict!.candidates.map((c) => c.outcome).sort()).toEqual(['approved', 'rejected']);
    expect(stepOf(run, 'energize').state).toBe('pending');
  });

  it('does not count half of a two-person approval against a rejection', () => {
    const sim = new RunSim().createIncident();
    sim.start('alice', template({ ...approval(true), roles: [{ role: 'safety', department: 'energy' }] }));
    sim.syncAll();
    sim.at(4);
    sim.act('carol', 'sign-off', 'approve');
    sim.act('alice', 'sign-off', 'reject', { reason: 'not yet' });
    sim.syncAll();
    const step = stepOf(sim.run('frank'), 'sign-off');
    expect(step.state).toBe('rejected');
    expect(step.conflict).toBeNull();
  });

  it('is closed by a commander’s resolution, and the step takes the chosen outcome', () => {
    const { sim, done } = doneVsSkip();
    sim.syncAll();
    sim.at(8);
    const resolution = sim.resolve('alice', 'close-road', done.id, 'barriers are up');
    sim.syncAll();
    const run = sim.run('bob');
    const step = stepOf(run, 'close-road');
    expect(step.state).toBe('done');
    expect(step.reason).toBeNull();
    expect(step.finishedAt).toBe(iso(8));
    expect(step.head).toBe(resolution.id);
    expect(step.conflict).toMatchObject({
      status: 'resolved',
      resolution: { eventId: resolution.id, actor: 'alice', chosenEventId: done.id },
    });
    expect(run.counts.openConflicts).toBe(0);
    expect(stepOf(run, 'reopen-road')).toMatchObject({ state: 'ready', readyAt: iso(8) });
  });

  it('takes the skip when the commander chooses it', () => {
    const { sim, skip } = doneVsSkip();
    sim.syncAll();
    sim.resolve('frank', 'close-road', skip.id);
    const step = stepOf(sim.run('frank'), 'close-road');
    expect(step).toMatchObject({ state: 'skipped', reason: 'the road is already closed by the fire' });
  });

  it('reopens when an outcome the resolver had not seen arrives, unless it says the same', () => {
    for (const late of ['skip', 'done'] as const) {
      const { sim, done } = doneVsSkip();
      sim.sync('alice', 'bob').sync('bob', 'alice');
      // frank (a commander, so he may act on it) works offline and never saw either outcome.
      sim.at(6, 'frank');
      const third = sim.act(
        'frank',
        'close-road',
        late,
        late === 'skip' ? { reason: 'closed by police' } : {},
      );
      sim.at(9);
      sim.resolve('alice', 'close-road', done.id);
      sim.syncAll();
      const run = sim.run('carol');
      const step = stepOf(run, 'close-road');
      expect(step.conflict!.candidates.map((c) => c.eventId)).toContain(third.id);
      if (late === 'skip') {
        expect(step.state).toBe('conflict');
        expect(step.conflict!.status).toBe('open');
        expect(run.counts.openConflicts).toBe(1);
        expect(stepOf(run, 'reopen-road').state).toBe('pending');
        // A resolution that saw all three closes it for good.
        sim.resolve('alice', 'close-road', third.id);
        expect(stepOf(sim.run('alice'), 'close-road')).toMatchObject({
          state: 'skipped',
          reason: 'closed by police',
        });
        expect(sim.run('alice').counts.openConflicts).toBe(0);
      } else {
        expect(step.state).toBe('done');
        expect(step.conflict!.status).toBe('resolved');
      }
    }
  });

  it('refuses a resolution by a responder, or of a step without a conflict', () => {
    const { sim, done } = doneVsSkip();
    sim.syncAll();
    const conflict = stepOf(sim.run('bob'), 'close-road').conflict!;
    const payload = {
      incidentId: INCIDENT,
      runId: RUN,
      stepId: 'close-road',
      chosenEventId: done.id,
      candidateIds: conflict.candidates.map((c) => c.eventId),
    };
    const byBob = sim.at(6).append('bob', { type: 'run.conflict_resolved', payload });
    const noConflict = sim.at(7).append('alice', {
      type: 'run.conflict_resolved',
      payload: { ...payload, stepId: 'reopen-road' },
    });
    const notCandidate = sim.at(8).append('alice', {
      type: 'run.conflict_resolved',
      payload: { ...payload, chosenEventId: 'ev-nope' },
    });
    sim.syncAll();
    const run = sim.run('carol');
    expect(stepOf(run, 'close-road').state).toBe('conflict');
    expect(run.rejected.map((r) => [r.eventId, r.reason])).toEqual([
      [byBob.id, 'only a commander can resolve a conflict; bob is a responder'],
      [noConflict.id, '"Reopen Elm St" has no conflict'],
      [notCandidate.id, 'ev-nope is not one of the outcomes in conflict'],
    ]);
  });

  it('refuses an action made after seeing the step’s outcome', () => {
    const sim = started(closure());
    sim.act('bob', 'close-road', 'done');
    sim.syncAll();
    const skip = sim.at(1).rawStep('alice', 'close-road', 'skip', { reason: 'changed my mind' });
    const start = sim.at(2).rawStep('bob', 'close-road', 'start');
    const run = sim.run('alice');
    expect(stepOf(run, 'close-road').state).toBe('done');
    expect(stepOf(run, 'close-road').conflict).toBeNull();
    expect(run.rejected.map((r) => [r.eventId, r.reason])).toEqual([
      [skip.id, '"Close Elm St" is already done'],
    ]);
    sim.syncAll();
    expect(sim.run('carol').rejected.map((r) => r.eventId)).toEqual([skip.id, start.id]);
  });

  it('keeps a start made without seeing the outcome in the log only', () => {
    const sim = started(closure());
    sim.at(5);
    sim.act('bob', 'close-road', 'done');
    sim.at(6, 'alice');
    sim.act('alice', 'close-road', 'start');
    sim.syncAll();
    const step = stepOf(sim.run('carol'), 'close-road');
    expect(step.state).toBe('done');
    expect(step.history.map((h) => [h.actor, h.action, h.effect])).toContainEqual([
      'alice',
      'start',
      'superseded',
    ]);
  });

  it('refuses an action by someone who saw only the second report of an agreed outcome', () => {
    const sim = started(closure());
    sim.at(5);
    const byBob = sim.act('bob', 'close-road', 'done');
    const byAlice = sim.act('alice', 'close-road', 'done');
    // frank hears only of the report that sorts last, and contradicts it anyway (a hostile copy).
    const [, second] = [byBob, byAlice].sort(compareEvents);
    sim.sync(second === byBob ? 'bob' : 'alice', 'frank');
    sim.at(7);
    const skip = sim.rawStep('frank', 'close-road', 'skip', { reason: 'never mind' });
    expect(sim.run('frank').rejected.map((r) => r.eventId)).toEqual([skip.id]);
    sim.syncAll();
    const run = sim.run('carol');
    expect(stepOf(run, 'close-road')).toMatchObject({ state: 'done', conflict: null });
    expect(run.rejected.map((r) => r.eventId)).toEqual([skip.id]);
  });

  it('refuses an action by someone who saw one side of an open conflict', () => {
    for (const seen of ['done', 'skip'] as const) {
      const { sim, done, skip } = doneVsSkip();
      sim.sync(seen === 'done' ? 'bob' : 'alice', 'frank');
      sim.at(7);
      const late = sim.rawStep('frank', 'close-road', 'done');
      sim.syncAll();
      const run = sim.run('carol');
      const step = stepOf(run, 'close-road');
      expect(step.state).toBe('conflict');
      expect(step.conflict!.candidates.map((c) => c.eventId).sort()).toEqual([done.id, skip.id].sort());
      expect(run.rejected).toEqual([
        expect.objectContaining({
          eventId: late.id,
          reason: `"Close Elm St" is in conflict; only a commander's resolution settles it`,
        }),
      ]);
    }
  });
});

describe('foldRuns: determinism and hostile input', () => {
  /** A run with branches, a conflict and its resolution, escalations and a rejected event. */
  function eventful(): RunSim {
    const sim = started();
    sim.at(3);
    sim.act('carol', 'assess', 'done');
    sim.syncAll();
    sim.at(6);
    sim.act('carol', 'restore', 'choose', { option: 'quick' });
    sim.act('frank', 'restore', 'choose', { option: 'long' });
    sim.syncAll();
    sim.at(8);
    const candidates = stepOf(sim.run('alice'), 'restore').conflict!.candidates;
    sim.resolve('alice', 'restore', candidates.find((c) => c.outcome === 'chose:long')!.eventId);
    sim.syncAll();
    sim.at(30);
    sim.act('bob', 'detour', 'start');
    for (const who of ['bob', 'carol'] as const) {
      for (const planned of planEscalations(sim.run(who))) sim.append(who, planned);
    }
    sim.rawStep('bob', 'generators', 'done');
    sim.act('carol', 'generators', 'done');
    return sim.syncAll();
  }

  it('gives byte-identical records for any order of the same events', () => {
    const sim = eventful();
    const ctx = sim.context('alice', T0 + 2 * HOUR);
    const expected = JSON.stringify(foldRuns(sim.all, ctx));
    const run = JSON.parse(expected)[0] as RunRecord;
    // The history is as eventful as intended.
    expect(run.conflicts).toHaveLength(1);
    expect(run.rejected.length).toBeGreaterThan(0);
    expect(run.notifications.some((n) => n.kind === 'escalation')).toBe(true);
    for (let seed = 1; seed <= 40; seed++) {
      expect(JSON.stringify(foldRuns(shuffle(sim.all, rng(seed)), ctx))).toBe(expected);
    }
    // The same events delivered twice change nothing.
    expect(JSON.stringify(foldRuns([...sim.all, ...sim.all], ctx))).toBe(expected);
  });

  it('does not depend on arrival order when two different events share an id', () => {
    const sim = started(closure());
    sim.at(5);
    const done = sim.act('bob', 'close-road', 'done');
    const forged: FoldableEvent = {
      ...done,
      payload: { ...(done.payload as object), action: 'skip', reason: 'forged copy' },
    };
    const ctx = sim.context('bob');
    const one = JSON.stringify(foldRuns([...sim.all, forged], ctx));
    const other = JSON.stringify(foldRuns([forged, ...sim.all], ctx));
    expect(one).toBe(other);
    for (let seed = 1; seed <= 10; seed++) {
      expect(JSON.stringify(foldRuns(shuffle([...sim.all, forged], rng(seed)), ctx))).toBe(one);
    }
    // Exactly one of the two copies counts.
    const step = (JSON.parse(one) as RunRecord[])[0]!.steps[0]!;
    expect(step.history).toHaveLength(1);
    expect(['done', 'skipped']).toContain(step.state);
  });

  it('ignores other incidents, runs started by viewers or with a broken template, and unknown runs', () => {
    const sim = started(closure());
    const tpl = closure();
    const payload = (runId: string, extra: object = {}) => ({
      incidentId: INCIDENT,
      runId,
      template: tpl,
      timeZone: 'UTC',
      ...extra,
    });
    sim.append('alice', { type: 'run.started', payload: payload('run-other', { incidentId: 'inc-2' }) });
    sim.append('vic', { type: 'run.started', payload: payload('run-viewer') });
    const cyclic = { ...tpl, steps: [{ ...tpl.steps[0]!, after: ['reopen-road'] }, tpl.steps[1]!] };
    sim.append('alice', { type: 'run.started', payload: payload('run-cycle', { template: cyclic }) });
    sim.append('alice', { type: 'run.started', payload: payload('run-zone', { timeZone: 'Mars/Olympus' }) });
    sim.append('bob', {
      type: 'run.step',
      payload: { incidentId: INCIDENT, runId: 'run-ghost', stepId: 'close-road', action: 'done', base: null },
    });
    sim.append('alice', { type: 'log.note', payload: { incidentId: INCIDENT, text: 'not a run event' } });
    const runs = sim.runs('alice');
    expect(runs.map((r) => r.runId)).toEqual([RUN]);
    expect(runs[0]!.rejected).toEqual([]);
    expect(foldRuns(sim.all, context([], T0, 'inc-2')).map((r) => r.runId)).toEqual(['run-other']);
  });

  it('rejects a second start of the same run, bad payloads, unknown steps, strangers and viewers', () => {
    const sim = started(closure());
    const first = sim.all.find((e) => e.type === 'run.started')!;
    // One a minute, so that event order is writing order.
    const restart = sim.at(1).append('alice', { type: 'run.started', payload: first.payload });
    const unknownStep = sim.at(2).rawStep('bob', 'close-road', 'done');
    (unknownStep.payload as { stepId: string }).stepId = 'no-such-step';
    const badAction = sim.at(3).append('bob', {
      type: 'run.step',
      payload: { incidentId: INCIDENT, runId: RUN, stepId: 'close-road', action: 'explode', base: null },
    });
    const skipNoReason = sim.at(4).rawStep('bob', 'close-road', 'skip');
    const chooseOnTask = sim.at(5).rawStep('bob', 'close-road', 'choose', { option: 'quick' });
    const otherDepartment = sim.at(6).rawStep('carol', 'close-road', 'done');
    const viewer = sim.at(7).rawStep('vic', 'close-road', 'done');
    const stranger: FoldableEvent = { ...viewer, id: 'zz-stranger', actor: 'mallory' };
    const run = foldRuns([...sim.all, stranger], sim.context('alice'))[0]!;
    expect(run.rejected.map((r) => [r.eventId, r.reason])).toEqual([
      [restart.id, `run ${RUN} was already started by ${first.id}`],
      [unknownStep.id, 'the playbook has no step no-such-step'],
      [badAction.id, expect.stringMatching(/^invalid payload: action/)],
      [skipNoReason.id, 'skip needs a reason'],
      [chooseOnTask.id, '"Close Elm St" is a task step, not a decision'],
      [otherDepartment.id, '"Close Elm St" belongs to traffic; carol (energy) cannot done it'],
      [viewer.id, 'vic is a viewer and cannot change runs'],
      ['zz-stranger', 'mallory is not a member of this workspace'],
    ]);
    expect(run.steps.map((s) => s.state)).toEqual(['ready', 'pending']);
    expect(run.started.eventId).toBe(first.id);
  });

  it('lists several runs of one incident oldest first', () => {
    const sim = started(closure());
    sim.at(10);
    sim.start('alice', signals(), { runId: 'run-2' });
    sim.at(20);
    sim.start('alice', approval(false), { runId: 'run-0' });
    const runs = sim.runs('alice');
    expect(runs.map((r) => [r.runId, r.playbook.id, r.startedAt])).toEqual([
      [RUN, 'test-playbook', iso(0)],
      ['run-2', 'test-playbook', iso(10)],
      ['run-0', 'test-playbook', iso(20)],
    ]);
  });

  it('describes the run: playbook, template copy, who started it and whether a rule did', () => {
    const sim = new RunSim().createIncident();
    const tpl = signals();
    const [start] = sim.start('alice', tpl, { automatic: { rule: 'test-playbook trigger 1: incident' } });
    const run = sim.run('alice');
    expect(run).toMatchObject({
      runId: RUN,
      incidentId: INCIDENT,
      playbook: { id: 'test-playbook', version: 1, title: 'Test playbook' },
      timeZone: 'UTC',
      exercise: null,
      automatic: { rule: 'test-playbook trigger 1: incident' },
      started: { eventId: start!.id, actor: 'alice', department: 'police', at: iso(0) },
      startedAt: iso(0),
      now: iso(0),
      status: 'active',
      injects: [],
    });
    expect(run.template).toEqual(tpl);
    expect(run.steps.map((s) => s.id)).toEqual(tpl.steps.map((s) => s.id));
    expect(stepOf(run, 'restore')).toMatchObject({ kind: 'decision', owner: { department: 'energy' } });
  });
});

describe('foldRuns: exercise clock', () => {
  const drill = () =>
    template({
      steps: [
        {
          id: 'muster',
          title: 'Muster the crews',
          owner: { department: 'energy' },
          due: { within: 'PT45M', from: 'activation' },
        },
        {
          id: 'debrief',
          title: 'Debrief',
          after: ['muster'],
          owner: { department: 'energy' },
          due: { within: 'PT1H' },
        },
      ],
      injects: [
        { at: 'PT30M', title: 'Caller reports smoke', from: 'police' },
        { at: 'PT2H', title: 'Second transformer trips', text: 'Feeder 14 is out too.' },
      ],
    });

  function exercise(speed = 60) {
    const sim = new RunSim().createIncident();
    sim.start('alice', drill(), { exercise: { speed } });
    return sim.syncAll();
  }

  it('runs a simulated clock `speed` times faster from the real start', () => {
    const sim = exercise();
    const atStart = sim.run('carol');
    expect(atStart.exercise).toEqual({ speed: 60 });
    expect(atStart.now).toBe(iso(0));
    const run = sim.run('carol', T0 + MINUTE);
    expect(run.startedAt).toBe(iso(0));
    expect(run.now).toBe(iso(60));
    // Due times are on the simulated clock: 45 simulated minutes have passed by then.
    expect(stepOf(run, 'muster')).toMatchObject({ dueAt: iso(45), overdue: true });
    expect(stepOf(sim.run('carol', T0 + 40_000), 'muster').overdue).toBe(false);
  });

  it('stamps actions on the simulated clock', () => {
    const sim = exercise();
    sim.at(1.5);
    sim.act('carol', 'muster', 'done');
    const run = sim.run('carol', T0 + 2 * MINUTE);
    expect(stepOf(run, 'muster')).toMatchObject({ finishedAt: iso(90), overdue: false });
    expect(stepOf(run, 'debrief')).toMatchObject({ readyAt: iso(90), dueAt: iso(150), overdue: false });
    expect(stepOf(sim.run('carol', T0 + 3 * MINUTE), 'debrief').overdue).toBe(true);
  });

  it('delivers injects once the simulated time passes them', () => {
    const sim = exercise();
    const injects = (realMs: number) => sim.run('carol', realMs).injects;
    expect(injects(T0)).toEqual([
      { title: 'Caller reports smoke', text: '', from: 'police', at: iso(30), delivered: false },
      {
        title: 'Second transformer trips',
        text: 'Feeder 14 is out too.',
        from: null,
        at: iso(120),
        delivered: false,
      },
    ]);
    expect(injects(T0 + 29_000).map((i) => i.delivered)).toEqual([false, false]);
    expect(injects(T0 + 30_000).map((i) => i.delivered)).toEqual([true, false]);
    expect(injects(T0 + MINUTE).map((i) => i.delivered)).toEqual([true, false]);
    expect(injects(T0 + 2 * MINUTE).map((i) => i.delivered)).toEqual([true, true]);
  });

  it('has no injects and a real clock in a real run', () => {
    const sim = new RunSim().createIncident();
    sim.start('alice', drill());
    const run = sim.run('alice', T0 + MINUTE);
    expect(run.exercise).toBeNull();
    expect(run.now).toBe(iso(1));
    expect(run.injects).toEqual([]);
    expect(stepOf(run, 'muster').overdue).toBe(false);
  });
});

describe('foldRuns: stamps it cannot read', () => {
  it('does not start a run whose stamp has no readable time', () => {
    const sim = new RunSim().createIncident();
    const [start] = sim.start('alice', closure());
    const broken = { ...start!, hlc: format({ wall: 9e15, counter: 0, node: 'alice-laptop' }) };
    expect(foldRuns([broken], context([role('safety', null)], T0))).toEqual([]);
  });
});
