import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../support/temp-dir';
import { cli, json } from '../../support/cli';

/** `muster invite` by `admin`, writing the bundle to `out`. */
const invite = (admin: string, department: string, role: string, user: string, out: string) =>
  json(admin, 'invite', '--department', department, '--role', role, '--user', user, '--out', out);

async function workspace(department = 'traffic') {
  const data = tempDir();
  await json(
    data,
    'init',
    '--workspace',
    'City of Riverton',
    '--department',
    department,
    '--user',
    'Ana Lindqvist',
  );
  return data;
}

describe('muster CLI: workspace', () => {
  it('init makes the first member an administrator, and whoami says so', async () => {
    const data = await workspace();
    expect(await json(data, 'whoami')).toMatchObject({
      workspace: {
        name: 'City of Riverton',
        departments: expect.arrayContaining([expect.objectContaining({ id: 'energy' })]),
      },
      member: { user: 'Ana Lindqvist', department: 'traffic', role: 'admin' },
    });
  });

  it('invite writes a private bundle that join enrols in another data folder', async () => {
    const admin = await workspace();
    const bundle = path.join(tempDir(), 'bo.muster');
    const invited = await invite(admin, 'energy', 'commander', 'Bo Energy', bundle);
    expect(invited).toEqual({ memberId: expect.any(String), out: bundle });
    expect(statSync(bundle).mode & 0o777).toBe(0o600);

    const laptop = tempDir();
    const joined = await json(laptop, 'join', bundle);
    expect(joined.member).toEqual({
      memberId: invited.memberId,
      user: 'Bo Energy',
      department: 'energy',
      role: 'commander',
    });
    expect((await json(admin, 'member', 'list')).map((m: { user: string }) => m.user)).toEqual([
      'Bo Energy',
      'Ana Lindqvist',
    ]);
  });

  it('never prints the bundle, which holds a private key', async () => {
    const admin = await workspace();
    const bundle = path.join(tempDir(), 'x.muster');
    const run = await cli([
      '--data',
      admin,
      'invite',
      '--department',
      'it',
      '--role',
      'viewer',
      '--user',
      'Cy',
      '--out',
      bundle,
    ]);
    const secret = JSON.parse(readFileSync(bundle, 'utf8')).memberPrivateKey;
    expect(run.stdout + run.stderr).not.toContain(secret);
  });

  it('administrators add departments, which invites can then use', async () => {
    const admin = await workspace();
    const me = await json(
      admin,
      'department',
      'add',
      '--id',
      'water',
      '--name',
      'Water utility',
      '--colour',
      '#0e7490',
    );
    expect(me.workspace.departments.map((d: { id: string }) => d.id)).toEqual([
      'police',
      'traffic',
      'energy',
      'it',
      'water',
    ]);
    const bundle = path.join(tempDir(), 'w.muster');
    await invite(admin, 'water', 'responder', 'Fay', bundle);
    const joined = await json(tempDir(), 'join', bundle);
    expect(joined.member.department).toBe('water');
    expect(joined.workspace.departments.map((d: { id: string }) => d.id)).toContain('water');

    const again = await cli([
      '--data',
      admin,
      'department',
      'add',
      '--id',
      'water',
      '--name',
      'W',
      '--colour',
      '#000000',
    ]);
    expect([again.code, again.stderr]).toEqual([
      1,
      expect.stringContaining('already has a department "water"'),
    ]);
    const bad = await cli([
      '--data',
      admin,
      'department',
      'add',
      '--id',
      'Fire Dept',
      '--name',
      'Fire',
      '--colour',
      'red',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/lowercase slug/);
  });

  it('refuses to invite into a department the workspace does not have', async () => {
    const admin = await workspace();
    const out = path.join(tempDir(), 'x.muster');
    const run = await cli([
      '--data',
      admin,
      'invite',
      '--department',
      'water',
      '--role',
      'viewer',
      '--user',
      'Gus',
      '--out',
      out,
    ]);
    expect([run.code, run.stderr]).toEqual([2, expect.stringContaining('no department "water"')]);
    expect(() => statSync(out)).toThrow();
  });

  it.each([
    ['not JSON', 'hello'],
    ['another format', JSON.stringify({ format: 'something-else', version: 1 })],
  ])('join refuses a malformed bundle (%s) and enrols nothing', async (_what, text) => {
    const file = path.join(tempDir(), 'bad.muster');
    writeFileSync(file, text);
    const data = tempDir();
    const run = await cli(['--data', data, 'join', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^muster: .*bundle.*\n$/);
    expect(await json(data, 'whoami')).toBeNull();
  });

  it('join refuses a data folder that already belongs to a workspace', async () => {
    const admin = await workspace();
    const bundle = path.join(tempDir(), 'b.muster');
    await invite(admin, 'police', 'responder', 'Di', bundle);
    const other = await workspace('police');
    const run = await cli(['--data', other, 'join', bundle]);
    expect([run.code, run.stderr]).toEqual([
      1,
      expect.stringContaining('this data folder already belongs to Ana Lindqvist'),
    ]);
  });

  it('only administrators invite, and a refused invite leaves no file behind', async () => {
    const admin = await workspace();
    const bundle = path.join(tempDir(), 'r.muster');
    await invite(admin, 'police', 'responder', 'Ed', bundle);
    const responder = tempDir();
    await json(responder, 'join', bundle);
    const out = path.join(tempDir(), 'nope.muster');
    const run = await cli([
      '--data',
      responder,
      'invite',
      '--department',
      'police',
      '--role',
      'admin',
      '--user',
      'Me',
      '--out',
      out,
    ]);
    expect([run.code, run.stderr]).toEqual([1, expect.stringContaining('only an administrator')]);
    expect(() => statSync(out)).toThrow();
  });
});

describe('muster CLI: incidents', () => {
  it('create, update, assign, task, ack, log, link and show, each in its own invocation', async () => {
    const data = await workspace();
    const outage = await json(
      data,
      'incident',
      'create',
      '--title',
      'Substation 14 outage',
      '--severity',
      'critical',
      '--lead',
      'energy',
      '--area',
      'North',
    );
    const signals = await json(
      data,
      'incident',
      'create',
      '--title',
      'Signals dark on Ring Road',
      '--severity',
      'major',
    );
    await json(data, 'incident', 'update', outage.id, '--status', 'acknowledged');
    await json(
      data,
      'incident',
      'update',
      outage.id,
      '--description',
      'Feeder cable fault',
      '--add-department',
      'traffic',
    );
    await json(data, 'incident', 'assign', outage.id, '--role', 'incident-commander', '--to', 'energy');
    const withTask = await json(
      data,
      'incident',
      'task',
      outage.id,
      '--title',
      'Police at 12 junctions',
      '--responsible',
      'traffic',
      '--due',
      '2026-11-25T18:00:00Z',
    );
    await json(data, 'incident', 'ack', outage.id, '--task', withTask.tasks[0].id);
    await json(data, 'incident', 'log', outage.id, '--text', 'Generators ordered', '--decision');
    await json(data, 'incident', 'link', outage.id, '--to', signals.id, '--kind', 'causes');

    const shown = await json(data, 'incident', 'show', outage.id);
    expect(shown).toMatchObject({
      status: 'acknowledged',
      description: 'Feeder cable fault',
      departments: ['energy', 'traffic'],
      owner: { leadDepartment: 'energy', incidentCommander: { kind: 'department', id: 'energy' } },
      tasks: [{ title: 'Police at 12 junctions', state: 'acknowledged' }],
      links: [{ targetIncidentId: signals.id, kind: 'causes' }],
      conflicts: [],
    });
    expect(shown.timeline.map((e: { kind: string }) => e.kind)).toEqual([
      'created',
      'status',
      'updated',
      'assignment',
      'task',
      'task',
      'decision',
      'link',
    ]);
    const text = await cli(['--data', data, 'incident', 'show', outage.id]);
    expect(text.stdout).toContain('incident commander: department energy');
    // Members by name, not id: the task is accountable to the member who created it.
    expect(text.stdout).toContain('accountable Ana Lindqvist (traffic)');
    expect((await json(data, 'search', 'generators'))[0]).toMatchObject({
      incidentId: outage.id,
      kind: 'log',
    });
    expect(
      (await json(data, 'incident', 'list', '--status', 'acknowledged')).map((i: { id: string }) => i.id),
    ).toEqual([outage.id]);
  });

  it.each([
    [['incident', 'show', '00000000-0000-4000-8000-000000000000'], 1, 'no incident'],
    [['incident', 'log', '00000000-0000-4000-8000-000000000000', '--text', 'x'], 1, 'has not been created'],
    [['incident', 'create', '--title', '', '--severity', 'major'], 2, 'title'],
    [['incident', 'create', '--title', 'x', '--severity', 'huge'], 2, 'severity must be one of'],
    [['incident', 'create', '--title', 'x'.repeat(201), '--severity', 'major'], 2, 'at most 200'],
    [
      ['incident', 'create', '--title', 'x', '--severity', 'major', '--priority', 'high'],
      2,
      'expected a number',
    ],
    [['incident', 'assign', 'x', '--role', 'safety'], 2, 'exactly one of --to or --clear'],
  ])('%j exits %i with a clear message and changes nothing', async (args, code, message) => {
    const data = await workspace();
    const run = await cli(['--data', data, ...args]);
    expect(run.code).toBe(code);
    expect(run.stderr).toContain(message);
    expect(await json(data, 'incident', 'list')).toEqual([]);
  });

  it('refuses an invalid status transition with exit 1 and keeps the status', async () => {
    const data = await workspace();
    const { id } = await json(data, 'incident', 'create', '--title', 'Tanker leak', '--severity', 'critical');
    const run = await cli(['--data', data, 'incident', 'update', id, '--status', 'closed']);
    expect([run.code, run.stderr]).toEqual([1, expect.stringContaining('reported -> closed')]);
    expect((await json(data, 'incident', 'show', id)).status).toBe('reported');
  });

  it('uses MUSTER_DATA when --data is not given', async () => {
    const data = await workspace();
    await cli(['incident', 'create', '--title', 'From env', '--severity', 'minor'], { MUSTER_DATA: data });
    expect(await json(data, 'incident', 'list')).toMatchObject([{ title: 'From env' }]);
  });
});

describe('muster CLI: usage', () => {
  it.each([
    [['launch-missiles']],
    [['incident', 'create', '--severity', 'major']],
    [['incident', 'create', '--title', 'x', '--severity', 'major', '--colour', 'red']],
    [['serve', '--port', 'eighty']],
    [[]],
  ])('answers bad usage %j with exit 2', async (args) => {
    const result = await cli(['--data', tempDir(), ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr + result.stdout).not.toBe('');
  });

  it('prints its version and help with exit 0', async () => {
    const version = await cli(['--version']);
    expect(version).toMatchObject({ code: 0 });
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const help = await cli(['help']);
    expect(help.code).toBe(0);
    for (const command of [
      'init',
      'invite',
      'join',
      'whoami',
      'department',
      'member',
      'incident',
      'search',
      'serve',
    ]) {
      expect(help.stdout).toContain(command);
    }
  });

  it('reports a store it cannot open with exit 1 and one line', async () => {
    const notADirectory = `${tempDir()}/file`;
    writeFileSync(notADirectory, '');
    const result = await cli(['--data', notADirectory, 'incident', 'list']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^muster: .+\n$/);
  });
});
