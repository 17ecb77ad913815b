/**
 * The map view in Chromium against a real `muster serve`: with no tile source the page asks nothing
 * of any other origin; with a tile server on the loopback address the core fetches the tiles, the
 * page draws them with MapLibre, and it still talks to its own origin only.
 */
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { screenshotView, useChromium } from '../support/browser';
import { startTileServer } from '../support/map-tiles';
import { initWorkspace, runMuster, startServe } from '../support/muster-process';
import { tempDir } from '../support/temp-dir';

const chromium = useChromium();
/** expect.poll's own default (one second) is shorter than a map's first tiles take on a busy machine. */
const POLL = { timeout: 20_000, interval: 250 };

function createIncident(dataDir: string, title: string, place?: { lat: number; lon: number }): void {
  const at = place ? ['--lat', String(place.lat), '--lon', String(place.lon)] : [];
  const run = runMuster([
    '--data',
    dataDir,
    'incident',
    'create',
    '--title',
    title,
    '--severity',
    'critical',
    ...at,
  ]);
  expect(run.status, run.stderr).toBe(0);
}

/** Every host the page (its workers and sockets included) sent a request to. */
function recordHosts(page: Page): Set<string> {
  const hosts = new Set<string>();
  const note = (url: string) => {
    if (/^https?:|^wss?:/.test(url)) hosts.add(new URL(url).host);
  };
  page.context().on('request', (request) => note(request.url()));
  page.on('websocket', (socket) => note(socket.url()));
  return hosts;
}

async function openMap(page: Page, url: string): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(url);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Map' }).click();
}

test('with no tile source the map is a coordinate grid and the page asks no other origin for anything', async () => {
  const dataDir = tempDir();
  initWorkspace(dataDir);
  createIncident(dataDir, 'Substation 14 outage', { lat: 52.37, lon: 4.89 });
  const serve = await startServe(dataDir);
  const page = await chromium.openPage();
  const hosts = recordHosts(page);
  await openMap(page, serve.url);
  await page.getByRole('group', { name: '1 incidents by position' }).waitFor();
  await page.getByText('No tiles: incidents are drawn on a plain coordinate grid').waitFor();
  expect([...hosts]).toEqual([new URL(serve.url).host]);
});

test('with a tile server the core fetches the tiles, the page draws them, and markers open incidents', async () => {
  const dataDir = tempDir();
  initWorkspace(dataDir);
  createIncident(dataDir, 'Substation 14 outage', { lat: 52.37, lon: 4.89 });
  createIncident(dataDir, 'Phishing wave at City Hall');
  const tiles = await startTileServer();
  const chosen = runMuster([
    '--data',
    dataDir,
    'map',
    'source',
    '--xyz',
    `${tiles.origin}/tiles/{z}/{x}/{y}.png`,
    '--attribution',
    'Test tiles, Riverton survey',
  ]);
  expect(chosen.status, chosen.stderr).toBe(0);
  const serve = await startServe(dataDir);
  const page = await chromium.openPage();
  const hosts = recordHosts(page);
  await openMap(page, serve.url);

  const canvas = page.locator('.tile-map canvas');
  await canvas.waitFor();
  await page.getByText('Test tiles, Riverton survey').waitFor();
  await expect
    .poll(() => tiles.requests.filter((r) => r.startsWith('/tiles/')).length, POLL)
    .toBeGreaterThan(3);
  // Let the tiles asked for so far arrive and be drawn before the photograph.
  let seen = -1;
  await expect
    .poll(
      () => {
        const settled = tiles.requests.length === seen;
        seen = tiles.requests.length;
        return settled;
      },
      { ...POLL, interval: 500 },
    )
    .toBe(true);
  await screenshotView(page, 'map-tiles');
  expect([...hosts]).toEqual([new URL(serve.url).host]);

  // The only placed incident is where the map was framed: in the middle.
  const box = (await canvas.boundingBox())!;
  const heading = page.getByRole('heading', { name: 'Substation 14 outage' });
  // Clicks before the marker's layer is ready do nothing, so click until the incident opens.
  await expect
    .poll(
      async () => {
        if (await heading.isVisible()) return true;
        await canvas.click({ position: { x: box.width / 2, y: box.height / 2 }, timeout: 2_000 });
        return false;
      },
      { ...POLL, interval: 500 },
    )
    .toBe(true);

  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Map' }).click();
  await page.getByRole('button', { name: 'Open Phishing wave at City Hall' }).click();
  await page.getByRole('heading', { name: 'Phishing wave at City Hall' }).waitFor();
  expect([...hosts]).toEqual([new URL(serve.url).host]);
});
