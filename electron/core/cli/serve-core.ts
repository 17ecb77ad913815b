import { startServeHost } from '../host/serve';
import type { CliIo, GlobalOptions } from './io';
import { withCore } from './open-core';
import { ESCALATION_CHECK_MS } from '../core';

export type ServeCoreOptions = {
  globals: GlobalOptions;
  io: CliIo;
  rendererDir: string;
  host: string;
  port: number;
};

/** How soon a page shows what a CLI command wrote to the same data folder. */
const WATCH_INTERVAL_MS = 1000;

/** Runs the serve host until the user stops it, announcing the URL on stdout (JSON with --json). */
export async function serveCore({ globals, io, rendererDir, host, port }: ServeCoreOptions): Promise<void> {
  await withCore(
    globals,
    io,
    'serve',
    async (core) => {
      const served = await startServeHost({
        core,
        rendererDir,
        host,
        port,
        log: (line) => io.stderr(`muster serve: ${line}\n`),
      });
      io.stdout(
        globals.json ? JSON.stringify({ url: served.url }) + '\n' : `Muster is serving at ${served.url}\n`,
      );
      await io.untilStopped();
      await served.close();
    },
    {
      watchIntervalMs: WATCH_INTERVAL_MS,
      escalationIntervalMs: ESCALATION_CHECK_MS,
      // A browser-facing copy syncs like the desktop app does (`muster sync hubs URL...` sets them).
      sync: { background: true },
      log: (line) => io.stderr(`muster serve: ${line}\n`),
    },
  );
}
