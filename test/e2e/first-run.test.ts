/**
 * First run in the browser: `muster serve` on a data folder that belongs to no workspace yet. The
 * page offers to create one or join one; the CLI, a separate process on the same folders, witnesses
 * what the page set up. This is the one e2e test that does not run `muster init` first.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import type { WhoAmI } from '../../shared/contract';
import type { IncidentSummary } from '../../shared/incident';
import { useChromium } from '../support/browser';
import { runMuster, startServe } from '../support/muster-process';
import { tempDir } from '../support/temp-dir';

const chromium = useChromium();

function musterJson(dataDir: string, args: string[]): unknown {
  const run = runMuster(['--data', dataDir, '--json', ...args]);
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

const setupScreen = (page: Page) => page.getByRole('region', { name: 'Set up this workstation' });

async function watchCsp(page: Page): Promise<void> {
  await page.addInitScript(`
    globalThis.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      globalThis.violations.push(e.violatedDirective + ' ' + e.blockedURI);
    });
  `);
}

test('a workspace is set up in the page, then used there and by the CLI; a member joins with a bundle', async () => {
  const dataDir = tempDir();
  const scratch = tempDir('muster-bundles-');
  expect(musterJson(dataDir, ['whoami'])).toBeNull();
  const serve = await startServe(dataDir);
  const page = await chromium.openPage();
  await watchCsp(page);
  await page.goto(serve.url);
  await setupScreen(page).waitFor();

  // A wrong file is refused in the page, with the core's reason, and nothing is set up.
  const join = page.getByRole('form', { name: 'Join with an enrolment bundle' });
  const notABundle = path.join(scratch, 'minutes.json');
  writeFileSync(notABundle, JSON.stringify({ meeting: 'Tuesday' }));
  await join.getByLabel('Enrolment bundle').setInputFiles(notABundle);
  await join.getByRole('button', { name: 'Join workspace' }).click();
  expect(await join.getByRole('alert').innerText()).toBe('this file is not a Muster enrolment bundle');
  expect(musterJson(dataDir, ['whoami'])).toBeNull();

  // Create the workspace with the keyboard: labels lead to fields, Enter submits.
  const create = page.getByRole('form', { name: 'Create a workspace' });
  await create.getByLabel('Workspace name').fill('City of Riverton');
  await create.getByLabel('Your department').selectOption({ label: 'Energy' });
  await create.getByLabel('Your name').fill('Maja Berg');
  await create.getByLabel('Your name').press('Enter');

  const header = page.getByRole('banner');
  await header.getByText('Maja Berg · admin · Energy').waitFor();
  expect(await header.innerText()).toContain('City of Riverton');
  await page.getByText('No incidents.').waitFor();
  expect(await setupScreen(page).count()).toBe(0);
  const me = musterJson(dataDir, ['whoami']) as WhoAmI;
  expect(me.workspace.name).toBe('City of Riverton');
  expect(me.member).toMatchObject({ user: 'Maja Berg', department: 'energy', role: 'admin' });

  // The board works at once, and what it creates is stored for the CLI.
  const form = page.getByRole('form', { name: 'New incident' });
  await form.getByLabel('Title').fill('Substation 14 outage');
  await form.getByLabel('Severity').selectOption('critical');
  await form.getByRole('button', { name: 'Create incident' }).click();
  const row = page.getByRole('table', { name: 'Incidents' }).locator('tbody tr');
  await row.filter({ hasText: 'Substation 14 outage' }).waitFor();
  await expect.poll(() => form.getByLabel('Title').inputValue(), { timeout: 10_000 }).toBe('');
  const id = await row.getAttribute('data-incident-id');
  expect(musterJson(dataDir, ['incident', 'list'])).toEqual([
    expect.objectContaining<Partial<IncidentSummary>>({
      id: id!,
      title: 'Substation 14 outage',
      severity: 'critical',
      status: 'reported',
      category: 'Other',
      leadDepartment: 'energy',
    }),
  ]);
  expect(await row.getByRole('cell').nth(3).textContent()).toBe('Energy');

  // The administrator invites a colleague; on a fresh workstation the page joins with the bundle.
  const bundle = path.join(scratch, 'jonas.muster-enrolment.json');
  musterJson(dataDir, [
    'invite',
    '--department',
    'police',
    '--role',
    'responder',
    '--user',
    'Jonas Eide',
    '--out',
    bundle,
  ]);
  const secondDir = tempDir();
  const second = await startServe(secondDir);
  const colleague = await chromium.openPage();
  await watchCsp(colleague);
  await colleague.goto(second.url);
  await setupScreen(colleague).waitFor();
  const joinSecond = colleague.getByRole('form', { name: 'Join with an enrolment bundle' });
  await joinSecond.getByLabel('Enrolment bundle').setInputFiles(bundle);
  await joinSecond.getByRole('button', { name: 'Join workspace' }).click();
  await colleague.getByRole('banner').getByText('Jonas Eide · responder · Police').waitFor();
  expect(await colleague.getByRole('banner').innerText()).toContain('City of Riverton');
  await colleague.getByText('No incidents.').waitFor(); // nothing syncs between the two folders yet
  expect((musterJson(secondDir, ['whoami']) as WhoAmI).workspace.id).toBe(me.workspace.id);

  expect(await page.evaluate('globalThis.violations')).toEqual([]);
  expect(await colleague.evaluate('globalThis.violations')).toEqual([]);
});
