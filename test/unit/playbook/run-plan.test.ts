import { describe, expect, it } from 'vitest';
import { foldIncident, PlanError } from '../../../shared/incident-record';
import {
  planEscalations,
  planRunResolve,
  planRunStart,
  planRunStep,
  planRunStop,
  runPayloadSchemas,
  type PlaybookTemplate,
  type StepCommand,
} from '../../../shared/playbook';
import {
  ACTORS,
  approval,
  closure,
  INCIDENT,
  MEMBERS,
  MINUTE,
  RUN,
  RunSim,
  signals,
  T0,
  template,
  thrown,
  type Name,
  stepIdOf,
} from './helpers';

const START = { runId: RUN, timeZone: 'Europe/Berlin', exercise: null, automatic: null };

/** Needs an incident commander, an operations chief and a safety officer. */
const staffed = (): PlaybookTemplate =>
  template({
    title: 'Substation outage',
    roles: [
      { role: 'incident-commander', department: 'energy' },
      { role: 'operations', department: 'traffic' },
      { role: 'safety', department: 'energy' },
    ],
    steps: [
      { id: 'assess', title: 'Assess', owner: { role: 'operations' } },
      { id: 'energize', title: 'Energize', after: ['assess'], owner: { department: 'energy' } },
    ],
  });

function incidentWithOperationsHeldByBob(): RunSim {
  const sim = new RunSim().createIncident();
  sim.incidentAct('alice', {
    kind: 'assign-role',
    role: 'operations',
    holder: { kind: 'member', id: 'bob' },
  });
  return sim.syncAll();
}

describe('planRunStart', () => {
  it('starts a real run and gives the roles nobody holds to their default departments', () => {
    const sim = incidentWithOperationsHeldByBob();
    const incident = sim.incident('alice');
    const planned = planRunStart(incident, staffed(), ACTORS.alice, START);
    expect(planned.map((p) => p.type)).toEqual(['run.started', 'role.assigned', 'role.assigned']);
    expect(planned[0]!.payload).toEqual({
      incidentId: INCIDENT,
      runId: RUN,
      template: staffed(),
      timeZone: 'Europe/Berlin',
      exercise: null,
      automatic: null,
    });
    expect(runPayloadSchemas['run.started'].safeParse(planned[0]!.payload).success).toBe(true);
    expect(planned.slice(1).map((p) => p.payload)).toEqual([
      {
        incidentId: INCIDENT,
        role: 'incident-commander',
        holder: { kind: 'department', id: 'energy' },
        base: null,
        reason: 'needed by playbook "Substation outage"',
      },
      {
        incidentId: INCIDENT,
        role: 'safety',
        holder: { kind: 'department', id: 'energy' },
        base: null,
        reason: 'needed by playbook "Substation outage"',
      },
    ]);

    // Written and folded, the incident has the roles, and operations stays with bob.
    for (const p of planned) sim.append('alice', p);
    const holders = Object.fromEntries(sim.roles('alice').map((r) => [r.role, r.holder]));
    expect(holders).toMatchObject({
      'incident-commander': { kind: 'department', id: 'energy' },
      operations: { kind: 'member', id: 'bob' },
      safety: { kind: 'department', id: 'energy' },
      planning: null,
    });
    expect(sim.incident('alice').rejected).toEqual([]);
    // The operations-owned step is bob's, through the role he holds, and not carol's.
    sim.syncAll();
    expect(sim.act('bob', 'assess', 'start').actor).toBe('bob');
    expect(thrown(() => sim.act('carol', 'assess', 'start')).code).toBe('forbidden');
  });

  it('lets a responder start a run, and assigns nothing when every role is held', () => {
    const sim = new RunSim().createIncident();
    for (const p of planRunStart(sim.incident('alice'), staffed(), ACTORS.alice, START))
      sim.append('alice', p);
    sim.syncAll();
    const again = planRunStart(sim.incident('bob'), staffed(), ACTORS.bob, { ...START, runId: 'run-2' });
    expect(again.map((p) => p.type)).toEqual(['run.started']);
  });

  it('changes nothing on the incident for an exercise', () => {
    const sim = new RunSim().createIncident();
    const planned = planRunStart(sim.incident('alice'), staffed(), ACTORS.alice, {
      ...START,
      exercise: { speed: 60 },
    });
    expect(planned).toHaveLength(1);
    expect(planned[0]).toMatchObject({ type: 'run.started', payload: { exercise: { speed: 60 } } });
  });

  it('refuses a viewer, an incident not created yet, and a resolved or closed incident', () => {
    const sim = new RunSim().createIncident();
    expect(() => planRunStart(sim.incident('vic'), staffed(), ACTORS.vic, START)).toThrow(PlanError);
    expect(thrown(() => planRunStart(sim.incident('vic'), staffed(), ACTORS.vic, START))).toMatchObject({
      name: 'PlanError',
      code: 'forbidden',
      message: 'a viewer cannot start a playbook',
    });
    const nothing = foldIncident([], { incidentId: INCIDENT, members: MEMBERS });
    expect(thrown(() => planRunStart(nothing, staffed(), ACTORS.alice, START))).toMatchObject({
      code: 'not-created',
      message: `incident ${INCIDENT} has not been created`,
    });

    for (const to of ['acknowledged', 'resolved'] as const) sim.incidentAct('alice', { kind: 'status', to });
    const resolved = sim.incident('alice');
    expect(resolved.status).toBe('resolved');
    expect(thrown(() => planRunStart(resolved, staffed(), ACTORS.alice, START))).toMatchObject({
      code: 'invalid-transition',
      message: 'the incident is resolved; reopen it before starting a playbook',
    });
    sim.incidentAct('alice', { kind: 'status', to: 'closed' });
    expect(thrown(() => planRunStart(sim.incident('alice'), staffed(), ACTORS.alice, START)).code).toBe(
      'invalid-transition',
    );
    // A drill may still replay a closed incident.
    const drill = planRunStart(sim.incident('alice'), staffed(), ACTORS.alice, {
      ...START,
      exercise: { speed: 10 },
    });
    expect(drill.map((p) => p.type)).toEqual(['run.started']);
  });
});

describe('planRunStep', () => {
  function signalsRun(): RunSim {
    const sim = new RunSim().createIncident();
    sim.start('alice', signals());
    return sim.syncAll();
  }
  const refusal = (sim: RunSim, who: Name, command: StepCommand) =>
    thrown(() => planRunStep(sim.run(who), command, ACTORS[who], sim.roles(who)));

  it('fills in the base from the step’s head, and trims the reason', () => {
    const sim = signalsRun();
    const first = planRunStep(sim.run('carol'), { stepId: 'assess', action: 'start' }, ACTORS.carol, []);
    expect(first).toEqual({
      type: 'run.step',
      payload: { incidentId: INCIDENT, runId: RUN, stepId: 'assess', action: 'start', base: null },
    });
    const started = sim.act('carol', 'assess', 'start');
    const block = planRunStep(
      sim.run('carol'),
      { stepId: 'assess', action: 'block', reason: '  waiting for SCADA  ' },
      ACTORS.carol,
      [],
    );
    expect(block.payload).toEqual({
      incidentId: INCIDENT,
      runId: RUN,
      stepId: 'assess',
      action: 'block',
      reason: 'waiting for SCADA',
      base: started.id,
    });
    expect(runPayloadSchemas['run.step'].safeParse(block.payload).success).toBe(true);
    sim.act('carol', 'assess', 'done');
    const choose = planRunStep(
      sim.run('carol'),
      { stepId: 'restore', action: 'choose', option: 'long' },
      ACTORS.carol,
      [],
    );
    expect(choose.payload).toMatchObject({ action: 'choose', option: 'long', base: null });
  });

  it('refuses a reason longer than every copy would accept, as a planning error', () => {
    const sim = signalsRun();
    const tooLong = refusal(sim, 'carol', { stepId: 'assess', action: 'block', reason: 'x'.repeat(2_001) });
    expect(tooLong).toMatchObject({
      name: 'PlanError',
      code: 'invalid-input',
      message: expect.stringContaining('reason'),
    });
  });

  it('refuses actions that do not suit the kind of step', () => {
    const sim = signalsRun();
    sim.act('carol', 'assess', 'done');
    const cases: Array<[StepCommand, string]> = [
      [
        { stepId: 'restore', action: 'done' },
        '"Choose the restoration path" is a decision: choose an option',
      ],
      [{ stepId: 'assess', action: 'approve' }, '"Assess the outage" is a task step, not an approval'],
      [
        { stepId: 'assess', action: 'choose', option: 'quick' },
        '"Assess the outage" is a task step, not a decision',
      ],
      [
        { stepId: 'restore', action: 'choose', option: 'wait' },
        '"Choose the restoration path" has no option wait; the options are quick, long',
      ],
      [
        { stepId: 'restore', action: 'choose' },
        '"Choose the restoration path" has no option (none given); the options are quick, long',
      ],
      [{ stepId: 'restore', action: 'skip' }, 'skip needs a reason'],
      [{ stepId: 'restore', action: 'block', reason: '   ' }, 'block needs a reason'],
      [
        { stepId: 'nope', action: 'done' },
        expect.stringContaining('has no step nope; its steps are assess, tell-traffic'),
      ],
    ];
    for (const [command, message] of cases) {
      expect(refusal(sim, 'carol', command)).toMatchObject({ code: 'invalid-input', message });
    }
  });

  it('refuses members the step does not belong to', () => {
    const sim = signalsRun();
    expect(refusal(sim, 'bob', { stepId: 'assess', action: 'done' })).toEqual({
      name: 'PlanError',
      code: 'forbidden',
      message: '"Assess the outage" belongs to energy; bob (traffic) cannot done it',
    });
    expect(refusal(sim, 'vic', { stepId: 'assess', action: 'start' })).toMatchObject({
      code: 'forbidden',
      message: 'a viewer cannot act on playbook steps',
    });
    // A commander or an administrator of any department may act on any step.
    expect(() =>
      planRunStep(sim.run('alice'), { stepId: 'assess', action: 'start' }, ACTORS.alice, []),
    ).not.toThrow();
    expect(() =>
      planRunStep(sim.run('dave'), { stepId: 'assess', action: 'start' }, ACTORS.dave, []),
    ).not.toThrow();
  });

  it('lets the accountable department and the holder of an owning role act', () => {
    const sim = new RunSim().createIncident();
    sim.incidentAct('alice', {
      kind: 'assign-role',
      role: 'operations',
      holder: { kind: 'department', id: 'traffic' },
    });
    sim.start(
      'alice',
      template({
        steps: [
          {
            id: 'close-road',
            title: 'Close Elm St',
            owner: { department: 'traffic' },
            raci: { accountable: { department: 'police' } },
          },
          { id: 'staging', title: 'Set up staging', owner: { role: 'operations' } },
          { id: 'logistics', title: 'Order barriers', owner: { role: 'logistics' } },
        ],
      }),
    );
    sim.syncAll();
    expect(() => sim.act('paula', 'close-road', 'start')).not.toThrow();
    expect(() => sim.act('bob', 'staging', 'start')).not.toThrow();
    expect(refusal(sim, 'carol', { stepId: 'staging', action: 'start' })).toMatchObject({
      code: 'forbidden',
      message: '"Set up staging" belongs to the operations; carol (energy) cannot start it',
    });
    // Nobody holds logistics: only a commander can act on it.
    expect(refusal(sim, 'bob', { stepId: 'logistics', action: 'start' }).code).toBe('forbidden');
    expect(() => sim.act('frank', 'logistics', 'start')).not.toThrow();
  });

  it('refuses a second approval by the same member (two-person rule)', () => {
    const sim = new RunSim().createIncident();
    sim.start('alice', template({ ...approval(true), roles: [{ role: 'safety', department: 'energy' }] }));
    sim.syncAll();
    sim.act('carol', 'sign-off', 'approve');
    const again = refusal(sim, 'carol', { stepId: 'sign-off', action: 'approve' });
    expect(again).toEqual({
      name: 'PlanError',
      code: 'forbidden',
      message:
        'you have already approved "Approve re-energizing"; the two-person rule needs a different member, and one of the two must be a commander',
    });
    sim.syncAll();
    sim.act('alice', 'sign-off', 'approve');
    expect(sim.step('alice', 'sign-off').state).toBe('approved');
  });

  it('tells a commander who approved twice only that another member is needed', () => {
    const sim = new RunSim().createIncident();
    sim.start('alice', template({ ...approval(true), roles: [{ role: 'safety', department: 'energy' }] }));
    sim.act('alice', 'sign-off', 'approve');
    expect(refusal(sim, 'alice', { stepId: 'sign-off', action: 'approve' })).toMatchObject({
      code: 'forbidden',
      message:
        'you have already approved "Approve re-energizing"; the two-person rule needs a different member',
    });
  });

  it('lets only the approval role or a commander approve, and only a commander skip an approval', () => {
    const sim = new RunSim().createIncident();
    sim.start('alice', template({ ...approval(false), roles: [{ role: 'safety', department: 'energy' }] }));
    sim.syncAll();
    expect(refusal(sim, 'bob', { stepId: 'sign-off', action: 'approve' })).toMatchObject({
      code: 'forbidden',
      message: 'only the safety or a commander can approve "Approve re-energizing"',
    });
    expect(refusal(sim, 'bob', { stepId: 'sign-off', action: 'reject', reason: 'no' }).code).toBe(
      'forbidden',
    );
    expect(refusal(sim, 'carol', { stepId: 'sign-off', action: 'skip', reason: 'not needed' })).toMatchObject(
      {
        code: 'forbidden',
        message: 'only a commander can skip the approval "Approve re-energizing"',
      },
    );
    sim.act('frank', 'sign-off', 'approve');
    expect(sim.step('frank', 'sign-off').state).toBe('approved');
  });

  it('refuses steps that are waiting, finished, rejected or in conflict', () => {
    const sim = signalsRun();
    expect(refusal(sim, 'carol', { stepId: 'restore', action: 'start' })).toMatchObject({
      code: 'invalid-transition',
      message: '"Choose the restoration path" waits for "Assess the outage" (ready)',
    });
    expect(refusal(sim, 'carol', { stepId: 'generators', action: 'start' })).toMatchObject({
      code: 'invalid-transition',
      message: '"Put generators at key junctions" waits for "Choose the restoration path" (pending)',
    });
    sim.act('carol', 'assess', 'done');
    expect(refusal(sim, 'carol', { stepId: 'assess', action: 'skip', reason: 'oops' })).toMatchObject({
      code: 'invalid-transition',
      message: '"Assess the outage" is already done',
    });
    sim.act('carol', 'restore', 'choose', { option: 'quick' });
    expect(refusal(sim, 'carol', { stepId: 'restore', action: 'choose', option: 'long' })).toMatchObject({
      code: 'invalid-transition',
      message: '"Choose the restoration path" is already done (quick)',
    });
    expect(refusal(sim, 'carol', { stepId: 'generators', action: 'start' })).toMatchObject({
      code: 'invalid-transition',
      message:
        '"Put generators at key junctions" is already skipped (not taken: "Choose the restoration path" chose quick)',
    });
    sim.act('carol', 'switch-feeders', 'start');
    expect(refusal(sim, 'carol', { stepId: 'switch-feeders', action: 'start' })).toMatchObject({
      code: 'nothing-to-change',
      message: '"Switch load to neighbouring feeders" is already in progress',
    });

    const approvals = new RunSim().createIncident();
    approvals.start('alice', approval(false));
    approvals.act('alice', 'sign-off', 'reject', { reason: 'not safe' });
    expect(refusal(approvals, 'alice', { stepId: 'sign-off', action: 'approve' })).toMatchObject({
      code: 'invalid-transition',
      message: '"Approve re-energizing" is already rejected (not safe)',
    });
  });

  it('refuses a step in conflict, and a stopped run', () => {
    const sim = new RunSim().createIncident();
    sim.start('alice', closure());
    sim.syncAll();
    sim.act('bob', 'close-road', 'done');
    sim.act('alice', 'close-road', 'skip', { reason: 'closed already' });
    sim.syncAll();
    expect(refusal(sim, 'bob', { stepId: 'close-road', action: 'done' })).toMatchObject({
      code: 'invalid-transition',
      message: '"Close Elm St" is in conflict; a commander resolves it (run resolve)',
    });
    expect(refusal(sim, 'bob', { stepId: 'reopen-road', action: 'start' })).toMatchObject({
      code: 'invalid-transition',
      message: '"Reopen Elm St" waits for "Close Elm St" (conflict)',
    });
    sim.stop('alice', 'handed to the county');
    expect(refusal(sim, 'alice', { stepId: 'reopen-road', action: 'start' })).toMatchObject({
      code: 'invalid-transition',
      message: 'the run was stopped: handed to the county',
    });
  });
});

describe('planRunStop', () => {
  it('lets a commander or an administrator stop an active run, once', () => {
    const sim = new RunSim().createIncident();
    sim.start('alice', closure());
    sim.syncAll();
    const run = sim.run('bob');
    expect(thrown(() => planRunStop(run, 'done here', ACTORS.bob))).toMatchObject({
      code: 'not-commander',
      message: 'only a commander or an administrator can stop a run',
    });
    expect(planRunStop(run, 'false alarm', ACTORS.dave)).toEqual({
      type: 'run.stopped',
      payload: { incidentId: INCIDENT, runId: RUN, reason: 'false alarm' },
    });
    sim.stop('alice', 'false alarm');
    expect(thrown(() => planRunStop(sim.run('alice'), 'again', ACTORS.alice)).code).toBe(
      'invalid-transition',
    );
  });
});

describe('planRunResolve', () => {
  function conflicted() {
    const sim = new RunSim().createIncident();
    sim.start('alice', closure());
    sim.syncAll();
    const done = sim.act('bob', 'close-road', 'done');
    const skip = sim.act('alice', 'close-road', 'skip', { reason: 'closed already' });
    sim.syncAll();
    return { sim, done, skip };
  }

  it('names the chosen candidate and every candidate the commander saw', () => {
    const { sim, done, skip } = conflicted();
    const planned = planRunResolve(
      sim.run('frank'),
      { stepId: 'close-road', chosenEventId: skip.id, note: 'fire crew closed it' },
      ACTORS.frank,
    );
    expect(planned.type).toBe('run.conflict_resolved');
    expect(planned.payload).toMatchObject({
      incidentId: INCIDENT,
      runId: RUN,
      stepId: 'close-road',
      chosenEventId: skip.id,
      note: 'fire crew closed it',
    });
    expect((planned.payload as { candidateIds: string[] }).candidateIds.sort()).toEqual(
      [done.id, skip.id].sort(),
    );
    expect(runPayloadSchemas['run.conflict_resolved'].safeParse(planned.payload).success).toBe(true);
  });

  it('refuses a responder, a step without an open conflict, and an event that is not a candidate', () => {
    const { sim, done } = conflicted();
    expect(
      thrown(() =>
        planRunResolve(sim.run('bob'), { stepId: 'close-road', chosenEventId: done.id }, ACTORS.bob),
      ),
    ).toMatchObject({
      code: 'not-commander',
      message: 'only a commander or an administrator can resolve a conflict',
    });
    expect(
      thrown(() =>
        planRunResolve(sim.run('alice'), { stepId: 'reopen-road', chosenEventId: done.id }, ACTORS.alice),
      ),
    ).toMatchObject({ code: 'no-such-conflict', message: '"Reopen Elm St" has no open conflict' });
    expect(
      thrown(() =>
        planRunResolve(sim.run('alice'), { stepId: 'close-road', chosenEventId: 'ev-x' }, ACTORS.alice),
      ),
    ).toMatchObject({
      code: 'invalid-input',
      message: expect.stringContaining('ev-x is not one of the outcomes in conflict'),
    });
    sim.resolve('alice', 'close-road', done.id);
    expect(
      thrown(() =>
        planRunResolve(sim.run('alice'), { stepId: 'close-road', chosenEventId: done.id }, ACTORS.alice),
      ).code,
    ).toBe('no-such-conflict');
    // Once resolved, the step is finished for everyone who saw the resolution.
    expect(
      thrown(() => planRunStep(sim.run('alice'), { stepId: 'close-road', action: 'start' }, ACTORS.alice, []))
        .code,
    ).toBe('invalid-transition');
  });
});

describe('planEscalations', () => {
  it('plans nothing for acknowledged, finished or automatic steps, nor once the run is stopped', () => {
    const sim = new RunSim().createIncident();
    sim.start('alice', signals());
    sim.syncAll();
    expect(planEscalations(sim.run('alice', T0 + 10 * MINUTE))).toEqual([]);
    const due = planEscalations(sim.run('alice', T0 + 11 * MINUTE));
    expect(due.map((e) => [e.type, stepIdOf(e), (e.payload as { department: string }).department])).toEqual([
      ['run.escalated', 'assess', 'energy'],
    ]);
    expect(runPayloadSchemas['run.escalated'].safeParse(due[0]!.payload).success).toBe(true);

    sim.at(3);
    sim.act('carol', 'assess', 'done');
    // The decision is ready at minute 3; the notify step finished by itself.
    expect(planEscalations(sim.run('carol', T0 + 13 * MINUTE))).toEqual([]);
    expect(planEscalations(sim.run('carol', T0 + 14 * MINUTE)).map((e) => stepIdOf(e))).toEqual(['restore']);
    sim.sync('carol', 'frank');
    sim.stop('frank');
    expect(planEscalations(sim.run('frank', T0 + 14 * MINUTE))).toEqual([]);
  });

  it('plans nothing without an acknowledgement window', () => {
    const sim = new RunSim().createIncident();
    sim.start('alice', closure());
    expect(planEscalations(sim.run('alice', T0 + 100 * 60 * MINUTE))).toEqual([]);
    expect(sim.step('alice', 'close-road').acknowledgeBy).toBeNull();
  });
});
