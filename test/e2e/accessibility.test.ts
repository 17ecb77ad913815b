/**
 * axe-core scans of the main views in Chromium, in the dark theme people use at night and in the
 * light one: no serious or critical violation (labels, names, contrast, landmarks, ARIA use).
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { useChromium } from '../support/browser';
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
});
