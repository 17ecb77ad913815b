import { describe, expect, it } from 'vitest';
import { runMuster, startServe } from '../support/muster-process';
import { tempDir } from '../support/temp-dir';

// The built CLI as a user runs it (`npx muster` resolves to bin/muster.js).
describe('muster as a process', () => {
  it('creates an incident and lists it as JSON with id, title, severity, status and creation time', () => {
    const data = tempDir();
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
    expect(incident).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      title: 'Signal failure at Ring Road 2',
      severity: 'major',
      status: 'reported',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
  });

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
});
