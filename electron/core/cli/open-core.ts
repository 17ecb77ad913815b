import type { Command } from 'commander';
import type { AppInfo, MethodName } from '../../../shared/contract';
import { createCore, type Core, type CoreOptions } from '../core';
import { resolveDataDir } from '../data-dir';
import type { CliIo, GlobalOptions } from './io';

/** Opens the core on the store chosen by --data / MUSTER_DATA, runs `work`, and always closes it. */
export async function withCore<T>(
  globals: GlobalOptions,
  io: CliIo,
  host: AppInfo['host'],
  work: (core: Core) => Promise<T>,
  options: Pick<CoreOptions, 'watchIntervalMs' | 'escalationIntervalMs' | 'log' | 'sync'> = {},
): Promise<T> {
  const core = createCore({ dataDir: resolveDataDir(globals.data, io.env), host, ...options });
  try {
    return await work(core);
  } finally {
    core.close();
  }
}

/**
 * Runs one contract method for a CLI command and prints its result: the JSON with --json,
 * otherwise what `describe` makes of it.
 */
export async function callAndPrint<T>(
  command: Command,
  io: CliIo,
  method: MethodName,
  params: unknown,
  describe: (result: T) => string,
): Promise<void> {
  const globals = command.optsWithGlobals<GlobalOptions>();
  const result = (await withCore(globals, io, 'cli', (core) => core.call(method, params))) as T;
  io.stdout(globals.json ? `${JSON.stringify(result)}\n` : `${describe(result)}\n`);
}
