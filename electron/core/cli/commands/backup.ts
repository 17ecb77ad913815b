import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { BackupList, BackupResult } from '../../../../shared/backup';
import { copyStore } from '../../backup/backup';
import { KEEP_BACKUPS } from '../../backup/service';
import { STORE_FILE } from '../../core';
import { resolveDataDir } from '../../data-dir';
import { openStore } from '../../db/open';
import { MusterError } from '../../errors';
import type { CliIo, GlobalOptions } from '../io';
import { callAndPrint } from '../open-core';

const UNITS = ['bytes', 'kB', 'MB', 'GB', 'TB'];

function size(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${value} bytes` : `${value.toFixed(1)} ${UNITS[unit]}`;
}

const describeResult = (r: BackupResult) =>
  [
    `backed up to ${r.file} (${size(r.backup.bytes)}; integrity check ${r.integrity})`,
    ...(r.removed.length > 0 ? [`removed older backups: ${r.removed.join(', ')}`] : []),
  ].join('\n');

const describeList = (list: BackupList) =>
  list.backups.length === 0
    ? `no backups yet in ${list.folder}`
    : [
        `backups in ${list.folder}, newest first (a new backup keeps the newest ${list.keep}):`,
        ...list.backups.map((b) => `${b.name}  ${b.createdAt}  ${size(b.bytes)}`),
      ].join('\n');

/**
 * A checked copy to a file of the user's choosing. No contract method takes a path (a browser on
 * `muster serve` must not write files where it likes), so this one opens the store itself, as
 * createCore does, and never creates one.
 */
async function backUpTo(out: string, globals: GlobalOptions, io: CliIo): Promise<void> {
  const storeFile = path.join(resolveDataDir(globals.data, io.env), STORE_FILE);
  if (!existsSync(storeFile)) throw new MusterError('not_found', `no store to back up at ${storeFile}`);
  const file = path.resolve(out);
  const store = openStore(storeFile);
  try {
    const bytes = await copyStore(store, file);
    const result = { file, bytes, integrity: 'ok' };
    io.stdout(
      globals.json
        ? `${JSON.stringify(result)}\n`
        : `backed up to ${file} (${size(bytes)}; integrity check ok)\n`,
    );
  } finally {
    store.close();
  }
}

export function addBackupCommands(program: Command, io: CliIo): void {
  const backup = program
    .command('backup')
    .description("back up this data folder's store while it is in use, checked with SQLite's integrity check")
    .option('--out <file>', 'write one backup to FILE (must not exist yet), outside the backups folder')
    .action(async ({ out }: { out?: string }, command: Command) => {
      if (out === undefined)
        throw new MusterError('invalid_params', 'give a subcommand (now, list) or --out FILE');
      await backUpTo(out, command.optsWithGlobals<GlobalOptions>(), io);
    });

  backup
    .command('now')
    .description(`back up into <data dir>/backups/, then remove all but the newest ${KEEP_BACKUPS} there`)
    .action((_options: object, command: Command) =>
      callAndPrint(command, io, 'backUpNow', {}, describeResult),
    );

  backup
    .command('list')
    .description('the backups in <data dir>/backups/, newest first')
    .action((_options: object, command: Command) =>
      callAndPrint(command, io, 'listBackups', {}, describeList),
    );
}
