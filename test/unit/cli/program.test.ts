import { describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/core/cli/program';
import { tempDir } from '../../support/temp-dir';

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    env,
    untilStopped: () => Promise.resolve(),
  });
  return { code, stdout, stderr };
}

describe('muster CLI', () => {
  it('creates and lists incidents as JSON, exit 0', async () => {
    const data = tempDir();
    const created = await cli([
      '--data',
      data,
      '--json',
      'incident',
      'create',
      '--title',
      'Tanker leak',
      '--severity',
      'critical',
    ]);
    expect(created).toMatchObject({ code: 0, stderr: '' });
    const incident = JSON.parse(created.stdout);
    expect(incident).toMatchObject({ title: 'Tanker leak', severity: 'critical', status: 'reported' });

    const listed = await cli(['--data', data, 'incident', 'list', '--json']);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([incident]);
  });

  it('prints a readable line per incident without --json', async () => {
    const data = tempDir();
    await cli([
      '--data',
      data,
      'incident',
      'create',
      '--title',
      'Flooded underpass',
      '--severity',
      'moderate',
    ]);
    const listed = await cli(['--data', data, 'incident', 'list']);
    expect(listed.stdout).toMatch(/^\S+\s+moderate\s+reported\s+\S+Z\s+Flooded underpass\n$/);
    expect((await cli(['--data', tempDir(), 'incident', 'list'])).stdout).toBe('no incidents\n');
  });

  it('uses MUSTER_DATA when --data is not given', async () => {
    const data = tempDir();
    await cli(['incident', 'create', '--title', 'From env', '--severity', 'minor'], { MUSTER_DATA: data });
    const listed = await cli(['--data', data, '--json', 'incident', 'list']);
    expect(JSON.parse(listed.stdout)).toMatchObject([{ title: 'From env' }]);
  });

  it.each([
    [['incident', 'create', '--title', '', '--severity', 'major'], 'muster: title must not be empty\n'],
    [
      ['incident', 'create', '--title', 'x', '--severity', 'huge'],
      'muster: severity must be one of critical, major, moderate, minor\n',
    ],
  ])('rejects %j with exit 2, one line on stderr, and stores nothing', async (args, message) => {
    const data = tempDir();
    expect(await cli(['--data', data, ...args])).toEqual({ code: 2, stdout: '', stderr: message });
    expect(JSON.parse((await cli(['--data', data, '--json', 'incident', 'list'])).stdout)).toEqual([]);
  });

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
    expect(help.stdout).toContain('incident');
    expect(help.stdout).toContain('serve');
  });

  it('reports a store it cannot open with exit 1 and one line', async () => {
    const { writeFileSync } = await import('node:fs');
    const notADirectory = `${tempDir()}/file`;
    writeFileSync(notADirectory, '');
    const result = await cli(['--data', notADirectory, 'incident', 'list']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^muster: .+\n$/);
  });
});
