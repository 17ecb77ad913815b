/**
 * The incident board end to end: Debian's Chromium drives the page served by a real `muster serve`,
 * and the CLI, run as separate processes on the same data dir, is the independent witness of what
 * was stored. Every data dir here is given a workspace with `muster init` first, as an administrator
 * would (first-run.test.ts covers setting one up in the page).
 */
import type { Page, Response } from 'playwright-core';
import { expect, test } from 'vitest';
import type { IncidentSummary, Severity } from '../../shared/incident';
import { useChromium } from '../support/browser';
import { initWorkspace, runMuster, startServe } from '../support/muster-process';
import { tempDir } from '../support/temp-dir';

const chromium = useChromium();

/** The bit of the page's window these tests call (this file compiles without the DOM library). */
type BrowserWindow = { getComputedStyle(element: unknown): { backgroundColor: string } };

function musterJson(dataDir: string, args: string[]): unknown {
  const run = runMuster(['--data', dataDir, '--json', ...args]);
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

const listIncidentsViaCli = (dataDir: string) =>
  musterJson(dataDir, ['incident', 'list']) as IncidentSummary[];

const createIncidentViaCli = (dataDir: string, title: string, severity: Severity, lead?: string) =>
  musterJson(dataDir, [
    'incident',
    'create',
    '--title',
    title,
    '--severity',
    severity,
    ...(lead ? ['--lead', lead] : []),
  ]) as IncidentSummary;

/** A data dir whose workspace was created by a traffic administrator (so incidents default to Traffic). */
function workspaceDir(): string {
  const dataDir = tempDir();
  initWorkspace(dataDir);
  return dataDir;
}

async function createIncidentInPage(page: Page, title: string, severity: Severity): Promise<void> {
  const form = page.getByRole('form', { name: 'New incident' });
  await form.locator('input[name="title"]').fill(title);
  await form.locator('select[name="severity"]').selectOption(severity);
  await form.getByRole('button', { name: 'Create incident' }).click();
}

const incidentRows = (page: Page) => page.getByRole('table', { name: 'Incidents' }).locator('tbody tr');

const rowTitled = (page: Page, title: string) =>
  incidentRows(page).filter({ has: page.getByRole('cell', { name: title, exact: true }) });

/** The board's incident ids, top to bottom. */
const boardIds = (page: Page) =>
  incidentRows(page).evaluateAll((rows) => rows.map((row) => row.getAttribute('data-incident-id')));

/**
 * The form clears its title once the create call has returned. The row can show before that (the
 * pushed event overtakes the reply), so this is how to know the page has finished with a create.
 */
const waitForFormReset = (page: Page) =>
  expect.poll(() => page.locator('input[name="title"]').inputValue(), { timeout: 10_000 }).toBe('');

/** The initial list has loaded (so the page is connected and subscribed) and it is empty. */
const waitForEmptyList = (page: Page) => page.getByText('No incidents.').waitFor();

test('an incident created with the CLI while serve runs shows in the served page', async () => {
  const dataDir = workspaceDir();
  const serve = await startServe(dataDir);
  const created = createIncidentViaCli(dataDir, 'Gas leak reported on Harbour Rd', 'major', 'energy');

  const page = await chromium.openPage();
  await page.goto(serve.url);
  const row = page.locator(`[data-incident-id="${created.id}"]`);
  await row.waitFor();

  // textContent, not innerText: the badge is upper-cased by CSS only.
  // Severity, title, status, lead, departments, TLP, conflicts, sync state, reported.
  expect(await row.getByRole('cell').allTextContents()).toEqual([
    'major',
    'Gas leak reported on Harbour Rd',
    'reported',
    'Energy',
    'Energy',
    'TLP:GREEN',
    '',
    'no hub set',
    expect.stringMatching(/ago$/),
  ]);
  expect(await row.locator('time').getAttribute('datetime')).toBe(created.createdAt);
  // Whose workstation this is: the workspace and the member `muster init` made.
  const header = page.getByRole('banner');
  expect(await header.innerText()).toContain('City of Riverton');
  expect(await header.innerText()).toContain('Ana Lindqvist · admin · Traffic');
});

test('an incident created in the page is listed there and stored for the CLI to see', async () => {
  const dataDir = workspaceDir();
  const serve = await startServe(dataDir);
  const page = await chromium.openPage();
  await page.goto(serve.url);
  await waitForEmptyList(page);

  await createIncidentInPage(page, 'Signal failure at Ring Road 2', 'critical');

  const row = rowTitled(page, 'Signal failure at Ring Road 2');
  await row.waitFor();
  expect(await row.getByRole('cell').allTextContents()).toEqual([
    'critical',
    'Signal failure at Ring Road 2',
    'reported',
    'Traffic',
    'Traffic',
    'TLP:GREEN',
    '',
    'no hub set',
    expect.any(String),
  ]);
  await waitForFormReset(page);

  const id = await row.getAttribute('data-incident-id');
  expect(id).toMatch(/\S/);
  const stored = listIncidentsViaCli(dataDir);
  expect(stored).toEqual([
    {
      id,
      title: 'Signal failure at Ring Road 2',
      severity: 'critical',
      status: 'reported',
      // The quick-entry form leaves these to the core's defaults; the lead is the creator's department.
      category: 'Other',
      priority: 3,
      tlp: 'GREEN',
      leadDepartment: 'traffic',
      departments: ['traffic'],
      areaName: null,
      position: null,
      openConflicts: 0,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    },
  ]);
  for (const { createdAt, updatedAt } of stored) {
    expect(new Date(createdAt).toISOString()).toBe(createdAt);
    expect(updatedAt).toBe(createdAt);
  }
  expect(await row.locator('time').getAttribute('datetime')).toBe(stored[0]!.createdAt);
});

test('the page lists incidents in the order the CLI does: most severe first, then newest', async () => {
  const dataDir = workspaceDir();
  // Created least severe first, so "newest first" alone would give the opposite order.
  createIncidentViaCli(dataDir, 'Streetlights out on Mill Lane', 'minor', 'energy');
  createIncidentViaCli(dataDir, 'Phishing wave at City Hall', 'moderate', 'it');
  createIncidentViaCli(dataDir, 'Older pile-up on the A4', 'major');
  createIncidentViaCli(dataDir, 'Newer pile-up on the A4', 'major', 'police');
  createIncidentViaCli(dataDir, 'Substation 14 outage', 'critical', 'energy');
  const listed = listIncidentsViaCli(dataDir);
  expect(listed.map((i) => i.title)).toEqual([
    'Substation 14 outage',
    'Newer pile-up on the A4',
    'Older pile-up on the A4',
    'Phishing wave at City Hall',
    'Streetlights out on Mill Lane',
  ]);

  const serve = await startServe(dataDir);
  const page = await chromium.openPage();
  await page.goto(serve.url);
  await rowTitled(page, 'Substation 14 outage').waitFor();
  expect(await boardIds(page)).toEqual(listed.map((i) => i.id));
  expect(await incidentRows(page).locator('td:nth-child(4)').allTextContents()).toEqual([
    'Energy',
    'Police',
    'Traffic',
    'IT',
    'Energy',
  ]);
});

test('incidents survive a restart of muster serve', async () => {
  const dataDir = workspaceDir();
  const first = await startServe(dataDir);
  const page = await chromium.openPage();
  await page.goto(first.url);
  await waitForEmptyList(page);
  await createIncidentInPage(page, 'Water main burst on Elm Ave', 'major');
  const row = rowTitled(page, 'Water main burst on Elm Ave');
  await row.waitFor();
  const id = await row.getAttribute('data-incident-id');
  await waitForFormReset(page);

  expect(await first.stop(), first.stderr()).toBe(0);
  const second = await startServe(dataDir);
  // Port 0 gives the new process a new port, so this is a fresh load of the app, not a reconnect.
  await page.goto(second.url);

  await page.locator(`[data-incident-id="${id}"]`).waitFor();
  expect(await incidentRows(page).count()).toBe(1);
  expect(await rowTitled(page, 'Water main burst on Elm Ave').getAttribute('data-incident-id')).toBe(id);
  expect(await page.getByRole('banner').innerText()).toContain('Ana Lindqvist · admin · Traffic');
});

test.each([
  ['an empty title', ''],
  ['a whitespace-only title', '    '],
])('%s is refused with a visible error and nothing is created', async (_case, title) => {
  const dataDir = workspaceDir();
  createIncidentViaCli(dataDir, 'Power cut in the Old Town', 'moderate');
  const before = listIncidentsViaCli(dataDir);
  const serve = await startServe(dataDir);
  const page = await chromium.openPage();
  await page.goto(serve.url);
  await rowTitled(page, 'Power cut in the Old Town').waitFor();

  await createIncidentInPage(page, title, 'critical');

  const alert = page.getByRole('alert');
  await alert.waitFor();
  expect(await alert.innerText()).toContain('title must not be empty');
  expect(await incidentRows(page).count()).toBe(1);
  expect(listIncidentsViaCli(dataDir)).toEqual(before);
});

test('a second page sees an incident created in the first without reloading, in board order', async () => {
  const dataDir = workspaceDir();
  const minor = createIncidentViaCli(dataDir, 'Pothole on Quay St', 'minor');
  const critical = createIncidentViaCli(dataDir, 'Substation 14 outage', 'critical', 'energy');
  const serve = await startServe(dataDir);
  const author = await chromium.openPage();
  const watcher = await chromium.openPage();
  await Promise.all([author.goto(serve.url), watcher.goto(serve.url)]);
  await Promise.all([
    rowTitled(author, 'Pothole on Quay St').waitFor(),
    rowTitled(watcher, 'Pothole on Quay St').waitFor(),
  ]);
  // A reload would wipe this, so finding it afterwards proves the row arrived as a pushed event.
  await watcher.evaluate(() => ((globalThis as { loadedOnce?: boolean }).loadedOnce = true));

  // Newest, but less severe than the critical one: it belongs in the middle.
  await createIncidentInPage(author, 'Bridge closed: crack in deck on Route 9', 'major');

  const pushed = rowTitled(watcher, 'Bridge closed: crack in deck on Route 9');
  await pushed.waitFor();
  expect(await watcher.evaluate(() => (globalThis as { loadedOnce?: boolean }).loadedOnce)).toBe(true);
  const created = await pushed.getAttribute('data-incident-id');
  expect(await boardIds(watcher)).toEqual([critical.id, created, minor.id]);
  // The author gets the incident both as the reply and as a pushed event; it must show it once.
  await waitForFormReset(author);
  expect(await boardIds(author)).toEqual([critical.id, created, minor.id]);
  expect(listIncidentsViaCli(dataDir).map((i) => i.id)).toEqual([critical.id, created, minor.id]);
});

test('every response of the page carries the Content-Security-Policy, and the app runs under it', async () => {
  const dataDir = workspaceDir();
  // A row with a lead department, so the department colour (set through the CSSOM) is exercised too.
  createIncidentViaCli(dataDir, 'Ransomware alert on traffic-control server', 'major', 'it');
  const serve = await startServe(dataDir);
  const page = await chromium.openPage();
  // Installed before any app script runs, so any blocked script, style, socket or eval is recorded.
  await page.addInitScript(`
    globalThis.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      globalThis.violations.push(e.violatedDirective + ' ' + e.blockedURI);
    });
  `);
  const responses: Response[] = [];
  page.on('response', (response) => responses.push(response));

  await page.goto(serve.url);
  const row = rowTitled(page, 'Ransomware alert on traffic-control server');
  await row.waitFor();
  // The swatch really got its department's colour: the CSP did not strip the custom property.
  const swatchColour = await row
    .locator('.department-swatch')
    .evaluate((el) => (globalThis as unknown as BrowserWindow).getComputedStyle(el).backgroundColor);
  expect(swatchColour).toBe('rgb(124, 58, 237)');
  await createIncidentInPage(page, 'Phishing wave at City Hall', 'moderate');
  await rowTitled(page, 'Phishing wave at City Hall').waitFor();
  await waitForFormReset(page);

  const served = responses.filter((response) => response.url().startsWith(serve.url));
  expect(served.map((response) => response.url())).toEqual(
    expect.arrayContaining([serve.url, expect.stringMatching(/\.js$/), expect.stringMatching(/\.css$/)]),
  );
  for (const response of served) {
    const policy = await response.headerValue('content-security-policy');
    expect(policy, response.url()).toContain("default-src 'none'");
    expect(policy, response.url()).toContain("script-src 'self'");
    expect(policy, response.url()).toContain("connect-src 'self'");
    expect(policy, response.url()).toContain("frame-ancestors 'none'");
  }
  expect(await page.evaluate('globalThis.violations')).toEqual([]);
});
