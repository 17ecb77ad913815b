import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { STORE_FILE } from '../../core';
import { resolveDataDir } from '../../data-dir';
import { openStore, type Store } from '../../db/open';
import { exportUpdateBundle } from '../../sync/bundles/export';
import { readCappedFile, writeNewFile } from '../files';
import { SYNC_STATE_MAX_BYTES, UPDATE_BUNDLE_MAX_BYTES } from '../../sync/bundles/format';
import { importUpdateBundle } from '../../sync/bundles/import';
import { writeSyncState } from '../../sync/bundles/state';
import type { CliIo, GlobalOptions } from '../io';

const MIB = 1024 * 1024;

/**
 * Bundles work on the store below the contract: they move raw room updates, which no contract
 * method carries. Opened the way createCore opens it.
 */
async function withStore<T>(globals: GlobalOptions, io: CliIo, work: (db: Store) => Promise<T> | T) {
  const dataDir = resolveDataDir(globals.data, io.env);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const db = openStore(path.join(dataDir, STORE_FILE));
  try {
    return await work(db);
  } finally {
    db.close();
  }
}

const print = (io: CliIo, globals: GlobalOptions, json: object, line: string) =>
  io.stdout(globals.json ? `${JSON.stringify(json)}\n` : `${line}\n`);

export function addBundleCommands(program: Command, io: CliIo): void {
  const bundle = program
    .command('bundle')
    .description('move workspace changes by file (USB stick) when there is no network');

  bundle
    .command('state')
    .description("write this copy's state, for the other copy to export only what this one lacks")
    .requiredOption('--out <file>', 'where to write the state file (must not exist yet)')
    .action(async ({ out }: { out: string }, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const { rooms } = await withStore(globals, io, (db) => writeNewFile(out, () => writeSyncState(db)));
      print(
        io,
        globals,
        { rooms, out },
        `wrote the state of ${rooms} room(s) to ${out}; on the other copy run: muster bundle export --for-state ${out} --out FILE`,
      );
    });

  bundle
    .command('export')
    .description('write a signed bundle of the changes another copy lacks')
    .requiredOption('--out <file>', 'where to write the bundle (must not exist yet)')
    .option(
      '--for-state <file>',
      `the other copy's state file (from muster bundle state, at most ${SYNC_STATE_MAX_BYTES / MIB} MiB); without it, everything`,
    )
    .action(async ({ out, forState }: { out: string; forState?: string }, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const stateText =
        forState === undefined
          ? undefined
          : await readCappedFile(forState, SYNC_STATE_MAX_BYTES, 'sync state file');
      const { rooms, bytes } = await withStore(globals, io, (db) =>
        writeNewFile(out, () => exportUpdateBundle(db, stateText)),
      );
      print(
        io,
        globals,
        { rooms, bytes, out },
        `wrote ${rooms} room(s), ${bytes} bytes, to ${out}; on the other copy run: muster bundle import ${out}`,
      );
    });

  bundle
    .command('import')
    .description('verify a bundle and merge its changes into this copy')
    .argument('<file>', `a bundle from muster bundle export (at most ${UPDATE_BUNDLE_MAX_BYTES / MIB} MiB)`)
    .action(async (file: string, _options: object, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const text = await readCappedFile(file, UPDATE_BUNDLE_MAX_BYTES, 'update bundle');
      const { changed, unchanged, exporter } = await withStore(globals, io, (db) =>
        importUpdateBundle(db, text),
      );
      print(
        io,
        globals,
        { changed, unchanged },
        `imported a bundle from ${exporter.user} (${exporter.department}): ${changed} room(s) changed, ${unchanged} already up to date`,
      );
    });
}
