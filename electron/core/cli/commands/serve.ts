import { InvalidArgumentError, type Command } from 'commander';
import { findAppRoot, rendererDirOf } from '../../app-root';
import { serveCore } from '../serve-core';
import type { CliIo, GlobalOptions } from '../io';

export const DEFAULT_SERVE_PORT = 4870;

export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535)
    throw new InvalidArgumentError('expected a port number 0-65535 (0 picks a free one)');
  return port;
}

export function addServeCommand(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description('serve the Muster UI to a browser on this machine')
    .option('--port <port>', 'TCP port (0 picks a free one)', parsePort, DEFAULT_SERVE_PORT)
    .option('--host <address>', 'loopback address to listen on', '127.0.0.1')
    .action(async (options: { port: number; host: string }, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const rendererDir = rendererDirOf(findAppRoot(import.meta.url));
      await serveCore({ globals, io, rendererDir, host: options.host, port: options.port });
    });
}
