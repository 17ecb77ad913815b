/**
 * The incident slice end to end: Debian's Chromium drives the page served by a real `muster serve`,
 * and the CLI, run as separate processes on the same data dir, is the independent witness of what
 * was stored.
 */
import type { Page, Response } from 'playwright-core';
import { expect, test } from 'vitest';
import type { Incident, Severity } from '../../shared/incident';
import { useChromium } from '../support/browser';
import { runMuster, startServe } from '../support/muster-process';
import { tempDir } from '../support/temp-dir';

const chromium = useChromium();

function musterJson(dataDir: string, args: string[]): unknown {
  const run = runMuster(['--data', dataDir, '--json', ...args]);
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

const listIncidentsViaCli = (dataDir: string) => musterJson(dataDir, ['incident', 'list']) as Incident[];

const createIncidentViaCli = (dataDir: string, title: string, severity: Severity) =>
  musterJson(dataDir, ['incident', 'create', '--title', title, '--severity', severity]) as Incident;

async function createIncidentInPage(page: Page, title: string, severity: Severity): Promise<void> {
  const form = page.getByRole('form', { name: 'New incident' });
  await form.locator('input[name="title"]').fill(title);
  await form.locator('select[name="severity"]').selectOption(severity);
  await form.getByRole('button', { name: 'Create incident' }).click();
}

const incidentRows = (page: Page) => page.getByRole('table', { name: 'Incidents' }).locator('tbody tr');

const rowTitled = (page: Page, title: string) =>
  incidentRows(page).filter({ has: page.getByRole('cell', { name: title, exact: true }) });

/**
 * The form clears its title once the create call has returned. The row can show before that (the
 * pushed event overtakes the reply), so this is how to know the page has finished with a create.
 */
const waitForFormReset = (page: Page) =>
  expect.poll(() => page.locator('input[name="title"]').inputValue(), { timeout: 10_000 }).toBe('');

/** The initial list has loaded (so the page is connected and subscribed) and it is empty. */
const waitForEmptyList = (page: Page) => page.getByText('No incidents.').waitFor();

test('an incident created with the CLI while serve runs shows in the served page', async () => {
  const dataDir = tempDir();
  const serve = await startServe(dataDir);
  const created = createIncidentViaCli(dataDir, 'Gas leak reported on Harbour Rd', 'major');

  const page = await chromium.openPage();
  await page.goto(serve.url);
  const row = page.locator(`[data-incident-id="${created.id}"]`);
  await row.waitFor();

  // textContent, not innerText: the badge is upper-cased by CSS only.
  expect(await row.getByRole('cell').allTextContents()).toEqual([
    'major',
    'Gas leak reported on Harbour Rd',
    'reported',
    expect.any(String),
  ]);
  expect(await row.locator('time').getAttribute('datetime')).toBe(created.createdAt);
});

test('an incident created in the page is listed there and stored for the CLI to see', async () => {
  const dataDir = tempDir();
  const serve = await startServe(dataDir);
  const page = await chromium.openPage();
  await page.goto(serve.url);
  await waitForEmptyList(page);

  await createIncidentInPage(page, 'Signal failure at Ring Road 2', 'critical');

  const row = rowTitled(page, 'Signal failure at Ring Road 2');
  await row.waitFor();
  expect(await row.getByRole('cell').first().textContent()).toBe('critical');
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
      createdAt: expect.any(String),
    },
  ]);
  for (const { createdAt } of stored) expect(new Date(createdAt).toISOString()).toBe(createdAt);
});

test('incidents survive a restart of muster serve', async () => {
  const dataDir = tempDir();
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
});

test.each([
  ['an empty title', ''],
  ['a whitespace-only title', '    '],
])('%s is refused with a visible error and nothing is created', async (_case, title) => {
  const dataDir = tempDir();
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

test('a second page sees an incident created in the first without reloading', async () => {
  const dataDir = tempDir();
  const serve = await startServe(dataDir);
  const author = await chromium.openPage();
  const watcher = await chromium.openPage();
  await Promise.all([author.goto(serve.url), watcher.goto(serve.url)]);
  await Promise.all([waitForEmptyList(author), waitForEmptyList(watcher)]);
  // A reload would wipe this, so finding it afterwards proves the row arrived as a pushed event.
  await watcher.evaluate(() => ((globalThis as { loadedOnce?: boolean }).loadedOnce = true));

  await createIncidentInPage(author, 'Bridge closed: crack in deck on Route 9', 'critical');

  await rowTitled(watcher, 'Bridge closed: crack in deck on Route 9').waitFor();
  expect(await watcher.evaluate(() => (globalThis as { loadedOnce?: boolean }).loadedOnce)).toBe(true);
  // The author gets the incident both as the reply and as a pushed event; it must show it once.
  await waitForFormReset(author);
  expect(await incidentRows(author).count()).toBe(1);
  expect(await incidentRows(watcher).count()).toBe(1);
});

test('every response of the page carries the Content-Security-Policy, and the app runs under it', async () => {
  const dataDir = tempDir();
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
  await waitForEmptyList(page);

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
