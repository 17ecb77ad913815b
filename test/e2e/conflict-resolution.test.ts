/**
 * A conflict resolved in the incident room: a traffic commander and an energy responder, each on
 * their own copy behind `muster serve`, retitle the same incident while the hub is down. When it
 * comes back both rooms show the two titles side by side; the commander keeps one with a click and
 * both rooms settle on it. The responder sees the conflict too, but is told a commander decides.
 */
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { screenshotView, useChromium } from '../support/browser';
import { initWorkspace, runMuster, startHubProcess, startServe } from '../support/muster-process';
import { tempDir } from '../support/temp-dir';

const chromium = useChromium();

/** Sync checks its hub list every few seconds; a change crosses two copies and a hub. */
const SYNC_WAIT_MS = 30_000;

const ORIGINAL = 'Signals dark on Ring Road';
const COMMANDER_TITLE = 'Signals dark on Ring Road and Mill Lane';
const RESPONDER_TITLE = 'Signals dark: feeder 7 tripped';

function muster(dataDir: string, args: string[]): void {
  const run = runMuster(['--data', dataDir, ...args]);
  expect(run.status, run.stderr).toBe(0);
}

/**
 * An administrator's copy that only enrols people, and the copies of the two members it enrols:
 * a traffic commander and an energy responder. Each member's copy announces their certificate
 * when it syncs, so the administrator's copy never needs to.
 */
function enrolledCopies() {
  const scratch = tempDir();
  const admin = tempDir();
  initWorkspace(admin, { department: 'police' });
  const enrol = (department: string, role: string, user: string) => {
    const bundle = path.join(scratch, `${department}.muster-enrolment.json`);
    muster(admin, ['invite', '--department', department, '--role', role, '--user', user, '--out', bundle]);
    const copy = tempDir();
    muster(copy, ['join', bundle]);
    return copy;
  };
  const commander = enrol('traffic', 'commander', 'Tove Berg');
  const responder = enrol('energy', 'responder', 'Eva Lund');
  const identity = path.join(scratch, 'workspace.json');
  muster(admin, ['workspace', 'public', '--out', identity]);
  return { commander, responder, identity, hubData: tempDir() };
}

const board = (page: Page) => page.getByRole('table', { name: 'Incidents' });

async function openRoom(page: Page, title: string): Promise<void> {
  await board(page).getByRole('cell', { name: title, exact: true }).click({ timeout: SYNC_WAIT_MS });
  await page.getByRole('heading', { level: 2, name: title, exact: true }).waitFor();
}

async function retitle(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: 'Edit details' }).click();
  const form = page.getByRole('form', { name: 'Edit the incident' });
  await form.getByRole('textbox', { name: 'Title' }).fill(title);
  await form.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('heading', { level: 2, name: title, exact: true }).waitFor();
}

/** The conflict card once the other copy's change has arrived, with the tab that counts it. */
async function showConflict(page: Page) {
  await page.getByRole('tab', { name: 'Conflicts (1)' }).click({ timeout: SYNC_WAIT_MS });
  return page.getByRole('article', { name: 'Conflicting changes to the title' });
}

/** Both titles side by side, each beside who wrote it. */
async function showsBothCandidates(card: Locator): Promise<void> {
  const candidates = card.getByRole('list', { name: 'Competing values of the title' }).getByRole('listitem');
  await candidates.filter({ hasText: COMMANDER_TITLE }).filter({ hasText: 'Tove Berg' }).waitFor();
  await candidates.filter({ hasText: RESPONDER_TITLE }).filter({ hasText: 'Eva Lund' }).waitFor();
  expect(await candidates.count()).toBe(2);
}

// Each wait is bounded on its own; the test's limit leaves room for a loaded machine.
test(
  'a commander keeps one of two conflicting titles with one click, on both copies',
  { timeout: 120_000 },
  async () => {
    const copies = enrolledCopies();
    const hub = await startHubProcess(copies.hubData, [copies.identity]);
    const hubUrl = hub.url.replace(/^http/, 'ws');
    for (const copy of [copies.commander, copies.responder]) muster(copy, ['sync', 'hubs', hubUrl]);
    const [commanderServe, responderServe] = await Promise.all([
      startServe(copies.commander),
      startServe(copies.responder),
    ]);
    const commander = await chromium.openPage();
    const responder = await chromium.openPage();
    await commander.setViewportSize({ width: 1440, height: 900 });
    await Promise.all([commander.goto(commanderServe.url), responder.goto(responderServe.url)]);
    await commander.getByText('Tove Berg · commander · Traffic').waitFor();
    await responder.getByText('Eva Lund · responder · Energy').waitFor();

    const create = commander.getByRole('form', { name: 'New incident' });
    await create.getByRole('textbox', { name: 'Title' }).fill(ORIGINAL);
    await create.getByRole('button', { name: 'Create incident' }).click();
    await openRoom(commander, ORIGINAL);
    await openRoom(responder, ORIGINAL);

    // The hub goes down; each retitles the incident on their own copy.
    await hub.kill();
    await retitle(commander, COMMANDER_TITLE);
    await retitle(responder, RESPONDER_TITLE);

    // Back on the same address with the same data: each copy receives the other's title.
    await startHubProcess(copies.hubData, [copies.identity], Number(new URL(hub.url).port));
    const commanderCard = await showConflict(commander);
    const responderCard = await showConflict(responder);
    await showsBothCandidates(commanderCard);
    await showsBothCandidates(responderCard);
    await screenshotView(commander, 'incident-room-conflict');

    // Only the commander is offered the choice; the responder is told who decides.
    await responderCard.getByText('A commander resolves this conflict.').waitFor();
    expect(await responderCard.getByRole('button').count()).toBe(0);
    expect(await commanderCard.getByText('A commander resolves this conflict.').count()).toBe(0);

    // Both copies agree on which title stands meanwhile; the commander keeps the other one.
    const standing = await commander.getByRole('heading', { level: 2 }).innerText();
    expect([COMMANDER_TITLE, RESPONDER_TITLE]).toContain(standing);
    await expect.poll(() => responder.getByRole('heading', { level: 2 }).innerText()).toBe(standing);
    const [kept, keep] =
      standing === COMMANDER_TITLE
        ? [RESPONDER_TITLE, 'Keep this: Energy, Eva Lund']
        : [COMMANDER_TITLE, 'Keep this: Traffic, Tove Berg'];
    await commanderCard.getByRole('button', { name: keep }).click();

    for (const page of [commander, responder]) {
      await page
        .getByRole('heading', { level: 2, name: kept, exact: true })
        .waitFor({ timeout: SYNC_WAIT_MS });
      await page.getByRole('tab', { name: 'Conflicts (0)' }).waitFor({ timeout: SYNC_WAIT_MS });
      await page.getByText('No open conflicts.').waitFor();
    }
  },
);
