/**
 * axe-core scans of the main views in Chromium, in the dark theme people use at night and in the
 * light one: no serious or critical violation (labels, names, contrast, landmarks, ARIA use).
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { screenshotView, useChromium } from '../support/browser';
import { initWorkspace, runMuster, startServe } from '../support/muster-process';
import { tempDir } from '../support/temp-dir';

const chromium = useChromium();

type Violation = { id: string; impact?: string | null; help: string; nodes: Array<{ target: unknown }> };

/** Serious and critical violations, one readable line each, so a failure says what to fix. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return (results.violations as Violation[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')})`,
    );
}

test('the first-run screen has no serious or critical accessibility violation', async () => {
  const serve = await startServe(tempDir());
  const page = await chromium.openPage();
  await page.goto(serve.url);
  await page.getByRole('form', { name: 'Create a workspace' }).waitFor();
  expect(await seriousViolations(page)).toEqual([]);
});

test('the board has no serious or critical accessibility violation, dark or light', async () => {
  const dataDir = tempDir();
  initWorkspace(dataDir);
  for (const [title, severity] of [
    ['Substation 14 outage', 'critical'],
    ['Phishing wave at City Hall', 'moderate'],
  ]) {
    const run = runMuster([
      '--data',
      dataDir,
      'incident',
      'create',
      '--title',
      title!,
      '--severity',
      severity!,
    ]);
    expect(run.status, run.stderr).toBe(0);
  }
  const serve = await startServe(dataDir);
  const page = await chromium.openPage();
  await page.goto(serve.url);
  await page.getByText('Substation 14 outage').waitFor();
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByRole('button', { name: /Switch to the light theme/ }).click();
  await page.locator('html[data-mantine-color-scheme="light"]').waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  // The settings are mostly small print and hints: the light theme's dimmed text must stay readable.
  await page
    .getByRole('navigation', { name: 'Views' })
    .getByRole('button', { name: 'Members and settings' })
    .click();
  await page.getByRole('button', { name: 'Back up now' }).waitFor();
  expect(await seriousViolations(page), 'settings, light').toEqual([]);
});

test('every main view has no serious or critical accessibility violation, and each is photographed', async () => {
  const dataDir = tempDir();
  initWorkspace(dataDir);
  const incident = runMuster([
    '--data',
    dataDir,
    '--json',
    'incident',
    'create',
    '--title',
    'Substation 14 outage',
    '--severity',
    'critical',
    '--category',
    'Infra',
    '--lat',
    '52.37',
    '--lon',
    '4.89',
  ]);
  expect(incident.status, incident.stderr).toBe(0);
  const { id } = JSON.parse(incident.stdout) as { id: string };
  const started = runMuster(['--data', dataDir, 'run', 'start', id, 'substation-outage-signals']);
  expect(started.status, started.stderr).toBe(0);
  const serve = await startServe(dataDir);
  const page = await chromium.openPage();
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(serve.url);
  await page.getByText('Substation 14 outage').first().waitFor();
  await screenshotView(page, 'board');

  const nav = page.getByRole('navigation', { name: 'Views' });
  for (const [label, ready, name] of [
    ['Playbooks', page.getByText('Substation outage darkening traffic signals').first(), 'playbooks'],
    ['Map', page.getByRole('group', { name: '1 incidents by position' }), 'map'],
    ['Members and settings', page.getByText('Ana Lindqvist').first(), 'settings'],
  ] as const) {
    await nav.getByRole('button', { name: label }).click();
    await ready.waitFor();
    expect(await seriousViolations(page), name).toEqual([]);
    await screenshotView(page, name);
  }

  // The incident room, reached the way a person at the keyboard would: the palette's search.
  await page.keyboard.press('Control+K');
  await page.getByRole('textbox', { name: 'Type a command or an incident' }).fill('Substation 14');
  await page.getByRole('button', { name: /Substation 14 outage/ }).click();
  await page.getByRole('heading', { name: 'Substation 14 outage' }).waitFor();
  expect(await seriousViolations(page), 'incident room').toEqual([]);
  await screenshotView(page, 'incident room');
});
