/**
 * The command board with 2,000 active incidents, in Chromium against a real `muster serve`:
 * how long opening the board takes until the first incident row shows (from another view of the
 * running app, and from the start of the app itself), and how smooth scrolling the list is:
 * the 95th percentile of the page's main-thread work per frame (script, style, layout, paint) while
 * the list scrolls for ~3 s, read from Chromium's trace. The interval between frames is printed
 * beside it, for an idle page too: headless Chromium without a GPU rasterises on the CPU, and on a
 * small machine that alone can hold frames back, whatever the page does.
 *
 *   npm run build && npx tsx test/bench/board-bench.ts
 *
 * Not part of `npm test`, and nothing here asserts: it prints the figures beside their targets.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type Page } from 'playwright-core';
import { createCore, STORE_FILE } from '../../electron/core/core';
import { SEVERITIES } from '../../shared/incident';
import { DEFAULT_DEPARTMENTS } from '../../shared/identity';
import { REPO_ROOT, TEST_WORKSPACE } from '../support/muster-process';

const INCIDENTS = 2_000;
const TITLE_PREFIX = 'Bench incident';
const SCROLL_MS = 3_000;
/** Pixels scrolled per frame: fast enough that every frame brings new rows into view. */
const SCROLL_STEP_PX = 180;
const TARGET_FIRST_ROW_MS = 1_000;
const TARGET_P95_FRAME_MS = 16;
/** The same as test/support/browser.ts (which only hands them to vitest tests). */
const CHROMIUM_ARGS = `--no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync`.split(/\s+/);

/** A workspace with 2,000 open incidents, written by the core in-process (the CLI would take minutes). */
async function seed(dataDir: string): Promise<void> {
  const core = createCore({ dataDir, host: 'cli' });
  await core.call('initWorkspace', TEST_WORKSPACE);
  for (let i = 0; i < INCIDENTS; i++) {
    const lead = DEFAULT_DEPARTMENTS[i % DEFAULT_DEPARTMENTS.length]!.id;
    const other = DEFAULT_DEPARTMENTS[(i + 1) % DEFAULT_DEPARTMENTS.length]!.id;
    await core.call('createIncident', {
      title: `${TITLE_PREFIX} ${i + 1}`,
      severity: SEVERITIES[i % SEVERITIES.length],
      leadDepartment: lead,
      departments: [lead, other],
    });
  }
  core.close();
}

/**
 * `muster serve --port 0`, resolved with its URL. test/support's startServe does the same but
 * registers its cleanup with vitest, which refuses outside a test; this script stops it itself.
 */
async function serve(dataDir: string) {
  const bin = path.join(REPO_ROOT, 'bin', 'muster.js');
  const args = [bin, '--json', '--data', dataDir, 'serve', '--port', '0'];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`muster serve exited with ${code} (run npm run build?)`)));
  });
  return { url: (JSON.parse(line) as { url: string }).url, stop: () => child.kill('SIGTERM') };
}

/**
 * Installed before the app loads: notes when the first incident row is in view, checking every frame.
 * (An init script, because the page's CSP refuses the eval that waitForFunction would use.)
 */
const WATCH_FIRST_ROW = `(() => {
  const look = () => {
    const row = [...document.querySelectorAll('table tbody tr')].find((r) => r.textContent.includes(${JSON.stringify(TITLE_PREFIX)}));
    if (row && row.getClientRects().length > 0) globalThis.firstRowAt = performance.now();
    else requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
})()`;

/**
 * Runs in the page: moves the list's scroll container `stepPx` per frame for SCROLL_MS, recording
 * frame intervals. A step of 0 measures the idle page: the display's own frame interval.
 */
const sampleFrames = (stepPx: number) => `new Promise((resolve) => {
  let scroller = document.querySelector('table tbody tr').parentElement;
  while (scroller && !(scroller.scrollHeight > scroller.clientHeight && /auto|scroll/.test(getComputedStyle(scroller).overflowY)))
    scroller = scroller.parentElement;
  scroller = scroller || document.scrollingElement;
  const intervals = [];
  let start = 0, last = 0;
  const frame = (now) => {
    if (start === 0) start = now; else intervals.push(now - last);
    last = now;
    const end = scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1;
    scroller.scrollTop = end ? 0 : scroller.scrollTop + ${stepPx};
    if (now - start < ${SCROLL_MS}) requestAnimationFrame(frame);
    else resolve({ intervals, rows: document.querySelectorAll('table tbody tr').length });
  };
  requestAnimationFrame(frame);
})`;
type Frames = { intervals: number[]; rows: number };

/**
 * Runs in the page, which shows another view: clicks the board in the navigation and resolves with
 * the milliseconds until an incident row is in view. The board asks the core for its incidents
 * afresh (no other view holds them), so this is opening the board with 2,000 incidents in the
 * running app, without the app's own start.
 */
const openBoard = `new Promise((resolve) => {
  const start = performance.now();
  [...document.querySelectorAll('nav button')].find((b) => b.textContent.trim() === 'Board').click();
  const look = () => {
    const row = [...document.querySelectorAll('table tbody tr')].find((r) => r.textContent.includes(${JSON.stringify(TITLE_PREFIX)}));
    if (row && row.getClientRects().length > 0) resolve(performance.now() - start);
    else requestAnimationFrame(look);
  };
  look();
})`;

/**
 * The page's main-thread work per frame (ms), from a Chromium trace: the renderer main thread's
 * tasks (script, style, layout, paint) summed between one frame's start (BeginMainThreadFrame) and
 * the next. Time the thread spends waiting for the compositor is not work, and is left out: without
 * a GPU, headless Chromium rasterises on the CPU and a frame can wait ~15 ms for that alone.
 */
function mainThreadWorkPerFrame(trace: Buffer): number[] {
  /** A top-level task of a Chromium thread's scheduler (trace category "toplevel"). */
  const TASK = 'ThreadControllerImpl::RunTask';
  const events = (JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] }).traceEvents;
  // The page's main thread is the renderer main thread that did the most.
  const busy = new Map<string, number>();
  for (const event of events)
    if (event.name === TASK && event.ph === 'X')
      busy.set(`${event.pid}:${event.tid}`, (busy.get(`${event.pid}:${event.tid}`) ?? 0) + (event.dur ?? 0));
  const mains = events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const main = mains
    .map((e) => `${e.pid}:${e.tid}`)
    .sort((a, b) => (busy.get(b) ?? 0) - (busy.get(a) ?? 0))[0];
  const onMain = events.filter((e) => `${e.pid}:${e.tid}` === main);
  const starts = onMain
    .filter((e) => e.name === 'BeginMainThreadFrame')
    .map((e) => e.ts)
    .sort((a, b) => a - b);
  const work = starts.slice(0, -1).map(() => 0);
  for (const task of onMain) {
    if (task.name !== TASK || task.ph !== 'X') continue;
    // The task belongs to the frame it started in (the last frame start at or before it).
    let frame = -1;
    for (let i = 0; i < starts.length - 1 && starts[i]! <= task.ts; i++) frame = i;
    if (frame >= 0) work[frame]! += (task.dur ?? 0) / 1000;
  }
  if (work.length === 0 || work.every((ms) => ms === 0))
    throw new Error(
      'the trace holds no frames or no main-thread tasks: has Chromium renamed its trace events?',
    );
  return work;
}
type TraceEvent = {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string };
};
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? NaN;
};

/** performance.now() in the page counts from the start of the navigation. */
async function firstRowAt(page: Page): Promise<number> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const at = (await page.evaluate('globalThis.firstRowAt')) as number | undefined;
    if (at !== undefined) return at;
  }
  throw new Error('no incident row showed within a minute');
}

const line = (name: string, ms: number, target: number, note = '') =>
  `  ${name.padEnd(20)}${ms.toFixed(1).padStart(8)} ms   target < ${target} ms   ${ms < target ? 'meets' : 'MISSES'}${note}`;

async function main() {
  // `--data DIR` keeps the seeded workspace in DIR and reuses it next time (seeding takes a minute).
  const kept =
    process.argv.indexOf('--data') > 0 ? process.argv[process.argv.indexOf('--data') + 1] : undefined;
  const dataDir = kept ?? mkdtempSync(path.join(os.tmpdir(), 'muster-board-bench-'));
  const browser = await chromium.launch({
    executablePath: process.env.MUSTER_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  let server: Awaited<ReturnType<typeof serve>> | undefined;
  try {
    if (!existsSync(path.join(dataDir, STORE_FILE))) {
      process.stderr.write(`seeding ${INCIDENTS} incidents…\n`);
      await seed(dataDir);
    }
    server = await serve(dataDir);
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.addInitScript(WATCH_FIRST_ROW);
    await page.goto(server.url);
    const firstRow = await firstRowAt(page);
    await page.getByRole('navigation').getByRole('button', { name: 'Members and settings' }).click();
    await page.getByRole('button', { name: 'Back up now' }).waitFor();
    const opened = (await page.evaluate(openBoard)) as number;
    const idle = (await page.evaluate(sampleFrames(0))) as Frames;
    await browser.startTracing(page, {
      categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline.frame'],
    });
    const scrolled = (await page.evaluate(sampleFrames(SCROLL_STEP_PX))) as Frames;
    const work = mainThreadWorkPerFrame(await browser.stopTracing());

    console.log(`board with ${INCIDENTS} incidents (${scrolled.rows} table rows in the DOM while scrolling)`);
    console.log(
      line('open the board', opened, TARGET_FIRST_ROW_MS, '   (from another view to the first row)'),
    );
    console.log(
      `  app start to board  ${firstRow.toFixed(1).padStart(8)} ms   (navigation to the first row: loading the app itself, then the board)`,
    );
    const median = (values: number[]) => `median ${percentile(values, 0.5).toFixed(1)} ms`;
    const note = `   (${work.length} frames, ${median(work)})`;
    console.log(line('p95 frame work', percentile(work, 0.95), TARGET_P95_FRAME_MS, note));
    const interval = (frames: Frames) => `${percentile(frames.intervals, 0.95).toFixed(1).padStart(8)} ms`;
    console.log(
      `  p95 frame interval  ${interval(scrolled)} scrolling, ${interval(idle).trim()} idle (${median(idle.intervals)})`,
    );
  } finally {
    server?.stop();
    await browser.close();
    if (!kept) rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
