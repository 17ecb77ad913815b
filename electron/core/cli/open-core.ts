import type { AppInfo } from '../../../shared/contract';
import { createCore, type Core } from '../core';
import { resolveDataDir } from '../data-dir';
import type { CliIo, GlobalOptions } from './io';

/** Opens the core on the store chosen by --data / MUSTER_DATA, runs `work`, and always closes it. */
export async function withCore<T>(
  globals: GlobalOptions,
  io: CliIo,
  host: AppInfo['host'],
  work: (core: Core) => Promise<T>,
): Promise<T> {
  const core = createCore({ dataDir: resolveDataDir(globals.data, io.env), host });
  try {
    return await work(core);
  } finally {
    core.close();
  }
}
