import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, onTestFinished } from 'vitest';
import { REPO_ROOT } from './muster-process';

/** Kept by CI as artifacts; test-results/ is git-ignored. */
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results', 'screenshots');

const CHROMIUM_ARGS = [
  // Tests run as root here, where Chromium's sandbox refuses to start.
  '--no-sandbox',
  // No GPU in the sandbox; without this Chromium retries GPU process launches.
  '--disable-gpu',
  // The sandbox is offline: no QUIC probes, first-run UI, background fetches, component updates or
  // sync, so nothing waits on a network that is not there.
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Bounds each wait for the page, so a missing element fails with a locator message, not a test timeout. */
const PAGE_WAIT_MS = 15_000;

export type ChromiumSession = {
  /** A page in a fresh browser context, screenshotted and closed when the current test finishes. */
  openPage(): Promise<Page>;
};

/**
 * Launches Debian's Chromium (never a downloaded browser: this machine cannot fetch one) once for the
 * calling test file, so call this at the file's top level. Every page gets its own context, so no
 * cookies or storage leak between tests, or between the "two users" of one test.
 */
export function useChromium(): ChromiumSession {
  let browser: Browser | undefined;
  const pagesPerTest = new Map<string, number>();

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: process.env.MUSTER_CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  return {
    async openPage() {
      if (!browser) throw new Error('useChromium() must be called at the top level of a test file');
      const { testPath = 'unknown', currentTestName = 'unnamed' } = expect.getState();
      const testId = `${path.basename(testPath, '.test.ts')}--${currentTestName}`;
      const pageNumber = (pagesPerTest.get(testId) ?? 0) + 1;
      pagesPerTest.set(testId, pageNumber);
      const fileName = slug(pageNumber === 1 ? testId : `${testId}--page-${pageNumber}`) + '.png';

      const context = await browser.newContext();
      context.setDefaultTimeout(PAGE_WAIT_MS);
      const page = await context.newPage();
      onTestFinished(async () => {
        await saveScreenshot(page, path.join(SCREENSHOT_DIR, fileName));
        await context.close();
      });
      return page;
    },
  };
}

/** A named screenshot of a view (the board, the incident room, the map...), kept as an artifact. */
export const screenshotView = (page: Page, name: string) =>
  saveScreenshot(page, path.join(SCREENSHOT_DIR, 'views', `${slug(name)}.png`));

/** A missing artifact must not turn a passing test red (or hide why a failing one failed). */
async function saveScreenshot(page: Page, file: string): Promise<void> {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    await page.screenshot({ path: file, fullPage: true });
  } catch (error) {
    console.warn(`could not save screenshot ${file}: ${String(error)}`);
  }
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 150);
}
