import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { findAppRoot, rendererDirOf } from '../../app-root';
import { resolveDataDir } from '../../data-dir';
import { probeDesktop } from '../../host/desktop-probe';
import type { CliIo, GlobalOptions } from '../io';
import { serveCore } from '../serve-core';
import { DEFAULT_SERVE_PORT, parsePort } from './serve';

/**
 * What `npm start` runs: the desktop window where Electron can start, and otherwise the same UI in
 * the browser, saying why, so nobody is left with nothing.
 */
export function addStartCommand(program: Command, io: CliIo): void {
  program
    .command('start')
    .description('open the desktop app, or serve the UI to a browser where it cannot start')
    .option('--port <port>', 'TCP port if it falls back to the browser', parsePort, DEFAULT_SERVE_PORT)
    .action(async (options: { port: number }, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const appRoot = findAppRoot(import.meta.url);
      const probe = probeDesktop({ appRoot, env: io.env, platform: process.platform });
      if (probe.ok) {
        const env = { ...io.env, MUSTER_DATA: resolveDataDir(globals.data, io.env) };
        const code = await new Promise<number | string>((resolve) => {
          spawn(probe.electronPath, [appRoot], { stdio: 'inherit', env })
            .on('error', (error) => resolve(error.message))
            .on('exit', (exitCode, signal) => resolve(exitCode ?? signal ?? 'unknown'));
        });
        if (code === 0) return;
        io.stderr(`muster: the desktop app stopped (${code}); serving the UI in the browser instead\n`);
      } else {
        io.stderr(`muster: the desktop window cannot open here: ${probe.reason}.\n`);
        io.stderr('muster: serving the same UI in the browser instead; open the URL below.\n');
      }
      await serveCore({
        globals,
        io,
        rendererDir: rendererDirOf(appRoot),
        host: '127.0.0.1',
        port: options.port,
      });
    });
}
