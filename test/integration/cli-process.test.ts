import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { REPO_ROOT, runMuster, startServe } from '../support/muster-process';
import { tempDir } from '../support/temp-dir';

// The built CLI as a user runs it (`npx muster` resolves to bin/muster.js).
describe('muster as a process', () => {
  it('keeps a workspace and its incidents across separate processes on one data folder', () => {
    const data = tempDir();
    expect(
      runMuster([
        '--data',
        data,
        'init',
        '--workspace',
        'Riverton',
        '--department',
        'traffic',
        '--user',
        'Ana',
      ]).status,
    ).toBe(0);
    const created = runMuster([
      '--data',
      data,
      'incident',
      'create',
      '--title',
      'Signal failure at Ring Road 2',
      '--severity',
      'major',
    ]);
    expect(created.status).toBe(0);
    const listed = runMuster(['--data', data, 'incident', 'list', '--json']);
    expect(listed.status).toBe(0);
    const [incident] = JSON.parse(listed.stdout);
    expect(incident).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      title: 'Signal failure at Ring Road 2',
      severity: 'major',
      status: 'reported',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    expect(
      runMuster(['--data', data, 'incident', 'update', incident.id, '--status', 'acknowledged']).status,
    ).toBe(0);
    expect(
      runMuster(['--data', data, 'incident', 'log', incident.id, '--text', 'Technician on the way']).status,
    ).toBe(0);
    const shown = JSON.parse(runMuster(['--data', data, '--json', 'incident', 'show', incident.id]).stdout);
    expect(shown.status).toBe('acknowledged');
    expect(shown.timeline.map((e: { text: string }) => e.text)).toContain('Technician on the way');
  }, 60_000);

  it('exits 2 with one line on stderr for an unknown command', () => {
    const run = runMuster(['--data', tempDir(), 'incidnet', 'list']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/unknown command 'incidnet'/);
  });

  it('serve prints its URL and stops cleanly', async () => {
    const served = await startServe(tempDir());
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(served.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
  });

  it('start falls back to serving the UI in the browser, saying why the window cannot open', async () => {
    // No display, so the desktop window cannot open whether or not the Electron binary is installed.
    const env = { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '' };
    const child = spawn(
      process.execPath,
      [path.join(REPO_ROOT, 'bin', 'muster.js'), '--data', tempDir(), 'start', '--port', '0'],
      { env },
    );
    onTestFinished(() => void child.kill('SIGTERM'));
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const announced = await new Promise<string>((resolve) =>
      createInterface({ input: child.stdout }).once('line', resolve),
    );
    await vi.waitFor(() => expect(stderr).toMatch(/the desktop window cannot open here: .+\./));
    const url = announced.match(/http:\/\/127\.0\.0\.1:\d+\//)?.[0];
    expect(url).toBeDefined();
    expect((await fetch(url!)).status).toBe(200);
  });
});
