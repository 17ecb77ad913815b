/**
 * Two departments at two workstations: each runs `muster serve` on its own copy, both sync through
 * one `muster hub`, and each is driven by its own browser context. What one enters shows up live on
 * the other's board; what both enter while the hub is down merges when it comes back.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { useChromium } from '../support/browser';
import { initWorkspace, runMuster, startHubProcess, startServe } from '../support/muster-process';
import { tempDir } from '../support/temp-dir';

const chromium = useChromium();

/** Sync checks its hub list every few seconds; a change crosses two copies and a hub. */
const SYNC_WAIT_MS = 30_000;

function muster(dataDir: string, args: string[]): string {
  const run = runMuster(['--data', dataDir, ...args]);
  expect(run.status, run.stderr).toBe(0);
  return run.stdout;
}

/** A traffic administrator's copy and an energy responder's, enrolled the way an administrator would. */
function twoCopies() {
  const scratch = tempDir();
  const traffic = tempDir();
  initWorkspace(traffic);
  const bundle = path.join(scratch, 'eva.muster-enrolment.json');
  muster(traffic, [
    'invite',
    '--department',
    'energy',
    '--role',
    'responder',
    '--user',
    'Eva Lund',
    '--out',
    bundle,
  ]);
  const energy = tempDir();
  muster(energy, ['join', bundle]);
  const identity = path.join(scratch, 'workspace.json');
  muster(traffic, ['workspace', 'public', '--out', identity]);
  return { traffic, energy, identity, hubData: tempDir() };
}

async function createIncidentInPage(page: Page, title: string): Promise<void> {
  const form = page.getByRole('form', { name: 'New incident' });
  await form.locator('input[name="title"]').fill(title);
  await form.getByRole('button', { name: 'Create incident' }).click();
  await expect.poll(() => form.locator('input[name="title"]').inputValue(), { timeout: 10_000 }).toBe('');
}

const showsIncident = (page: Page, title: string) =>
  page
    .getByRole('table', { name: 'Incidents' })
    .getByRole('cell', { name: title, exact: true })
    .waitFor({ timeout: SYNC_WAIT_MS });

test(
  'members of two departments see each other live, and merge what they did while the hub was down',
  {
    timeout: 180_000,
  },
  async () => {
    const copies = twoCopies();
    const hub = await startHubProcess(copies.hubData, [copies.identity]);
    const hubUrl = hub.url.replace(/^http/, 'ws');
    for (const copy of [copies.traffic, copies.energy]) muster(copy, ['sync', 'hubs', hubUrl]);
    const trafficServe = await startServe(copies.traffic);
    const energyServe = await startServe(copies.energy);
    const trafficPage = await chromium.openPage();
    const energyPage = await chromium.openPage();
    await trafficPage.goto(trafficServe.url);
    await energyPage.goto(energyServe.url);
    await energyPage.getByText('Eva Lund · responder · Energy').waitFor();

    await createIncidentInPage(trafficPage, 'Signals dark on Ring Road');
    await showsIncident(energyPage, 'Signals dark on Ring Road');
    await createIncidentInPage(energyPage, 'Feeder 7 tripped');
    await showsIncident(trafficPage, 'Feeder 7 tripped');

    // The hub goes down; both keep working on their own copies.
    await hub.kill();
    await createIncidentInPage(trafficPage, 'Crash at dark junction');
    await createIncidentInPage(energyPage, 'Generator needed at Elm St');
    await showsIncident(trafficPage, 'Crash at dark junction');
    await showsIncident(energyPage, 'Generator needed at Elm St');

    // Back on the same address with the same data: both copies find it and merge.
    const port = new URL(hub.url).port;
    await startHubProcess(copies.hubData, [copies.identity], Number(port));
    await showsIncident(energyPage, 'Crash at dark junction');
    await showsIncident(trafficPage, 'Generator needed at Elm St');

    const titles = (dataDir: string) =>
      (JSON.parse(muster(dataDir, ['--json', 'incident', 'list'])) as Array<{ title: string }>)
        .map((i) => i.title)
        .sort();
    expect(titles(copies.traffic)).toEqual([
      'Crash at dark junction',
      'Feeder 7 tripped',
      'Generator needed at Elm St',
      'Signals dark on Ring Road',
    ]);
    expect(titles(copies.energy)).toEqual(titles(copies.traffic));
  },
);
