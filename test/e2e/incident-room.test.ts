/**
 * The incident room end to end in Chromium against a real `muster serve`: reaching it from the
 * command palette's search, assigning an ICS role and a task, starting a playbook and completing a
 * step, writing to the log, and switching the language; the CLI is the witness of what was stored.
 */
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import type { IncidentDetail } from '../../shared/contract';
import type { RunSummary } from '../../shared/contract';
import { screenshotView, useChromium } from '../support/browser';
import { initWorkspace, runMuster, startServe } from '../support/muster-process';
import { tempDir } from '../support/temp-dir';

const chromium = useChromium();

function musterJson<T>(dataDir: string, args: string[]): T {
  const run = runMuster(['--data', dataDir, '--json', ...args]);
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as T;
}

async function openFromPalette(page: Page, words: string, title: string) {
  // The shortcut is listened for once the app has loaded its workspace.
  await page.getByRole('navigation', { name: 'Views' }).waitFor();
  await page.keyboard.press('Control+K');
  await page.getByRole('textbox', { name: 'Type a command or an incident' }).fill(words);
  await page.getByRole('button', { name: new RegExp(title) }).click();
  await page.getByRole('heading', { name: title }).waitFor();
}

test('an incident is run from its room: roles, tasks, a playbook step, the log, in either language', async () => {
  const dataDir = tempDir();
  initWorkspace(dataDir);
  const { id } = musterJson<{ id: string }>(dataDir, [
    'incident',
    'create',
    '--title',
    'Substation 14 tripped, signals dark',
    '--severity',
    'major',
    '--category',
    'Infra',
  ]);
  const serve = await startServe(dataDir);
  const page = await chromium.openPage();
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(serve.url);
  await openFromPalette(page, 'substation', 'Substation 14 tripped, signals dark');

  // Responsibilities: the Operations Section Chief role to Energy, and a task for Police.
  await page.getByRole('tab', { name: 'Responsibilities' }).click();
  await page.getByLabel('New holder of Operations Section Chief').selectOption({ label: 'Energy' });
  await page.getByRole('button', { name: 'Assign Operations Section Chief' }).click();
  await page
    .getByRole('form', { name: 'New task' })
    .getByLabel('Task title')
    .fill('Officers at 12 junctions');
  await page.getByRole('form', { name: 'New task' }).getByRole('checkbox', { name: 'Police' }).check();
  await page.getByRole('form', { name: 'New task' }).getByRole('button', { name: 'Add task' }).click();
  await page.getByRole('table', { name: 'Tasks' }).getByText('Officers at 12 junctions').first().waitFor();

  // Playbooks: start the suggested one and complete its first step.
  await page.getByRole('tab', { name: 'Playbooks' }).click();
  await page.getByRole('button', { name: 'Start a playbook' }).first().click();
  // Suggested first (its trigger matches), and in the whole library below.
  await page
    .getByRole('button', { name: 'Start Substation outage darkening traffic signals' })
    .first()
    .click();
  // A run just started opens its checklist by itself.
  await page.getByRole('dialog', { name: 'Start a playbook' }).waitFor({ state: 'hidden' });
  const headline = page.getByRole('button', { name: /Substation outage darkening traffic signals/ });
  await expect.poll(() => headline.getAttribute('aria-expanded')).toBe('true');
  const step = 'Confirm the substation, feeders and customers affected';
  await page.getByRole('button', { name: `Done: ${step}` }).click();
  await expect
    .poll(() => page.getByRole('listitem', { name: step }).innerText(), { timeout: 10_000 })
    .toContain('Done');

  // The log: a decision, added with Enter.
  await page.getByRole('tab', { name: 'Log' }).click();
  await page.getByLabel('Log entry').fill('Generators ordered for the four priority junctions');
  await page.getByLabel('Log entry').press('Enter');
  await page.getByText('Generators ordered for the four priority junctions').waitFor();
  await screenshotView(page, 'incident room log');

  const stored = musterJson<IncidentDetail>(dataDir, ['incident', 'show', id]);
  expect(stored.roles.find((r) => r.role === 'operations')?.holder).toEqual({
    kind: 'department',
    id: 'energy',
  });
  // The form starts with the member's own department ticked; Police was ticked as well.
  expect(stored.tasks).toHaveLength(1);
  expect(stored.tasks[0]!.title).toBe('Officers at 12 junctions');
  expect(stored.tasks[0]!.raci.responsible).toEqual(
    expect.arrayContaining([
      { kind: 'department', id: 'police' },
      { kind: 'department', id: 'traffic' },
    ]),
  );
  expect(stored.timeline.map((l) => l.text)).toContain('Generators ordered for the four priority junctions');
  const [run] = musterJson<RunSummary[]>(dataDir, ['run', 'list', '--incident', id]);
  expect(run?.counts.finished).toBeGreaterThanOrEqual(1);

  // Simplified Chinese, from the title bar.
  await page.getByRole('combobox', { name: 'Language' }).click();
  await page.getByRole('option', { name: '简体中文' }).click();
  await page.getByRole('navigation', { name: '视图' }).waitFor();
  await page.getByRole('tab', { name: '日志' }).waitFor();
});
