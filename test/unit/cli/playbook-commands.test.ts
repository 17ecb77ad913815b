/**
 * `muster playbook ...`, `muster run ...` and `muster exercise purge` as a person types them: what
 * they print, what they refuse and with which exit code.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, json } from '../../support/cli';
import { tempDir } from '../../support/temp-dir';

async function workspace() {
  const data = tempDir();
  await json(data, 'init', '--workspace', 'City of Riverton', '--department', 'energy', '--user', 'Ana');
  return data;
}

/** One of each mistake `playbook validate` must point at, each on a line of its own. */
const BROKEN = [
  'id: broken', //                                     1
  'version: 1', //                                     2
  'title: Broken playbook', //                         3
  'steps:', //                                         4
  '  - id: first', //                                  5
  '    title: First', //                               6
  '    owner: { department: energy }', //              7
  '    after: [third]', //                             8
  '  - id: second', //                                 9
  '    title: Second', //                              10
  '    owner: { department: water }', //               11
  '    after: [first, ghost]', //                      12
  '  - id: third', //                                  13
  '    title: Third', //                               14
  '    owner: { department: it }', //                  15
  '    after: [second]', //                            16
  '  - id: first', //                                  17
  '    title: First again', //                         18
  '    owner: { department: police }', //              19
  '',
].join('\n');

describe('muster playbook', () => {
  it('validate prints every problem with its file, line and column, and exits 1', async () => {
    const data = await workspace();
    const file = path.join(tempDir(), 'broken.yaml');
    writeFileSync(file, BROKEN);
    const run = await cli(['--data', data, 'playbook', 'validate', file]);
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toEqual([
      `${file}:17:9: steps[3].id: duplicate step id "first" (also steps[0])`,
      `${file}:12:20: steps[1].after[1]: unknown step "ghost"`,
      `${file}:8:12: steps[0].after: dependency cycle: first -> third -> second -> first (each step comes after the next)`,
      `${file}:11:26: steps[1].owner.department: unknown department "water"; the workspace has police, traffic, energy, it`,
      `muster: ${file}: 4 problem(s)`,
    ]);

    const asJson = await cli(['--data', data, '--json', 'playbook', 'validate', file]);
    expect(asJson.code).toBe(1);
    expect(JSON.parse(asJson.stdout)).toMatchObject({
      ok: false,
      issues: expect.arrayContaining([
        expect.objectContaining({ line: 12, column: 20, path: 'steps[1].after[1]' }),
      ]),
    });
  });

  it('validate accepts a good file, and import, list, show and export round-trip it', async () => {
    const data = await workspace();
    const dir = tempDir();
    const good = BROKEN.replace('    after: [third]\n', '')
      .replace('department: water', 'department: traffic')
      .replace('first, ghost', 'first')
      .replace(/ {2}- id: first\n {4}title: First again\n {4}owner: \{ department: police \}\n/, '');
    const file = path.join(dir, 'good.yaml');
    writeFileSync(file, good);
    expect(await cli(['--data', data, 'playbook', 'validate', file])).toMatchObject({
      code: 0,
      stdout: `${file}: ok (broken v1, 3 steps)\n`,
    });
    expect(await json(data, 'playbook', 'import', file)).toMatchObject({
      id: 'broken',
      version: 1,
      source: 'published',
    });
    const listed = await cli(['--data', data, 'playbook', 'list']);
    expect(listed.stdout).toMatch(/^broken\s+v1\s+3 steps/m);
    expect(listed.stdout).toMatch(/^substation-outage-signals\s+v1/m);
    const shown = await cli(['--data', data, 'playbook', 'show', 'broken']);
    expect(shown.stdout).toContain('second');

    const out = path.join(dir, 'exported.json');
    await json(data, 'playbook', 'export', 'broken', '--format', 'json', '--out', out);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({
      id: 'broken',
      version: 1,
      steps: [{ id: 'first' }, {}, {}],
    });
    const again = await cli(['--data', data, 'playbook', 'export', 'broken', '--out', out]);
    expect(again).toMatchObject({ code: 1, stderr: expect.stringContaining('already exists') });
    const yaml = await cli(['--data', data, 'playbook', 'export', 'broken']);
    const roundTrip = path.join(dir, 'round-trip.yaml');
    writeFileSync(roundTrip, yaml.stdout);
    expect((await cli(['--data', data, 'playbook', 'validate', roundTrip])).code).toBe(0);
  });

  it('refuses a file that is not a playbook at all, with the reason', async () => {
    const data = await workspace();
    const file = path.join(tempDir(), 'not.yaml');
    writeFileSync(file, 'title: [unclosed\n');
    const run = await cli(['--data', data, 'playbook', 'validate', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:2:1: `));
    expect(
      await cli(['--data', data, 'playbook', 'validate', path.join(tempDir(), 'missing.yaml')]),
    ).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('cannot read playbook file'),
    });
  });
});

describe('muster run', () => {
  it('starts a playbook on an incident, acts on its steps and shows where it stands', async () => {
    const data = await workspace();
    const incident = await json(
      data,
      'incident',
      'create',
      '--title',
      'Substation 14 tripped',
      '--severity',
      'major',
      '--category',
      'Infra',
    );
    const suggested = await json(data, 'playbook', 'suggest', incident.id);
    expect(suggested.map((s: { playbookId: string }) => s.playbookId)).toContain('substation-outage-signals');

    const run = await json(data, 'run', 'start', incident.id, 'substation-outage-signals');
    expect(run).toMatchObject({
      status: 'active',
      playbook: { id: 'substation-outage-signals', version: 1 },
    });
    const done = await json(data, 'run', 'step', run.runId, 'confirm-outage', '--done');
    expect(done.steps.find((s: { id: string }) => s.id === 'confirm-outage').state).toBe('done');

    const twice = await cli([
      '--data',
      data,
      'run',
      'step',
      run.runId,
      'confirm-outage',
      '--skip',
      'not needed',
    ]);
    expect(twice).toMatchObject({ code: 1, stderr: expect.stringContaining('is already done') });
    const both = await cli([
      '--data',
      data,
      'run',
      'step',
      run.runId,
      'map-dark-intersections',
      '--done',
      '--start',
    ]);
    expect(both).toMatchObject({ code: 2, stderr: expect.stringContaining('exactly one of') });

    const shown = await cli(['--data', data, 'run', 'show', run.runId]);
    expect(shown.stdout).toMatch(/confirm-outage\s+done/);
    expect(shown.stdout).toMatch(/map-dark-intersections\s+ready/);
    const listed = await cli(['--data', data, 'run', 'list', '--incident', incident.id]);
    expect(listed.stdout).toContain(`${run.runId}  active     1/18 done`);
  });

  it('runs an exercise marked as such, and purges it', async () => {
    const data = await workspace();
    const incident = await json(
      data,
      'incident',
      'create',
      '--title',
      'Flood drill',
      '--severity',
      'moderate',
    );
    const exercise = await json(
      data,
      'run',
      'start',
      incident.id,
      'underpass-flooding',
      '--exercise',
      '--speed',
      '30',
    );
    expect(exercise.exercise).toEqual({ speed: 30 });
    expect((await cli(['--data', data, 'run', 'show', exercise.runId])).stdout).toMatch(
      /^EXERCISE \(simulated clock x30\)/,
    );
    expect(
      await cli(['--data', data, 'run', 'start', incident.id, 'underpass-flooding', '--speed', '30']),
    ).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--speed needs --exercise'),
    });
    expect(await json(data, 'exercise', 'purge')).toEqual({ purged: [exercise.runId] });
    expect(await json(data, 'run', 'list')).toEqual([]);
  });
});
