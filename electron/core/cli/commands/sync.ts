import { InvalidArgumentError, type Command } from 'commander';
import type { MusterEvent } from '../../../../shared/contract';
import { hubUrlSchema, type SyncResult, type SyncStatus } from '../../../../shared/sync';
import { MusterError } from '../../errors';
import type { CliIo, GlobalOptions } from '../io';
import { callAndPrint, withCore } from '../open-core';

const collectHub = (value: string, previous: string[] = []) => {
  if (!hubUrlSchema.safeParse(value).success)
    throw new InvalidArgumentError('expected a hub address like ws://10.0.0.5:4871');
  return [...previous, value];
};

const parseSeconds = (value: string) => {
  const seconds = Number(value);
  if (!/^\d+$/.test(value) || seconds < 1 || seconds > 3600)
    throw new InvalidArgumentError('expected whole seconds, 1-3600');
  return seconds;
};

const describeStatus = (status: SyncStatus) =>
  [
    `hubs: ${status.hubs.length > 0 ? status.hubs.join(', ') : 'none set'}`,
    ...status.rooms.map(
      (r) =>
        `${r.room.padEnd(46)}  ${r.state.padEnd(7)}  ${r.since ? `since ${r.since}` : 'never synced'}  pending ${r.pendingChanges}${r.lastError ? `  (${r.lastError})` : ''}`,
    ),
  ].join('\n');

export function addSyncCommands(program: Command, io: CliIo): void {
  const sync = program
    .command('sync')
    .description('sync this data folder with a hub (the first reachable of those given, in order)')
    .option(
      '--hub <url>',
      'hub address, e.g. ws://10.0.0.5:4871 (repeatable; default: the stored hubs; with --watch, stored)',
      collectHub,
    )
    .option('--once', 'sync every room, then exit (the default)')
    .option('--watch', 'keep syncing until stopped')
    .option('--timeout <seconds>', 'with --once: give up after this long', parseSeconds, 120)
    .action(
      async (
        options: { hub?: string[]; once?: boolean; watch?: boolean; timeout: number },
        command: Command,
      ) => {
        const globals = command.optsWithGlobals<GlobalOptions>();
        if (options.once && options.watch)
          throw new MusterError('invalid_params', 'choose --once or --watch');
        if (options.watch) return watch(globals, io, options.hub);
        const result = (await withCore(globals, io, 'cli', (core) =>
          core.call('syncNow', { hubs: options.hub, timeoutMs: options.timeout * 1000 }),
        )) as SyncResult;
        io.stdout(
          globals.json
            ? `${JSON.stringify(result)}\n`
            : `synced ${result.rooms} rooms with ${result.hub}${result.inSync ? '' : ' (not settled before the timeout)'}\n`,
        );
        if (!result.inSync)
          throw new MusterError('internal', `not in sync with ${result.hub} after ${options.timeout} s`);
      },
    );

  sync
    .command('status')
    .description('per room: online, syncing or offline since when, and changes no hub holds yet')
    .action((_options: object, command: Command) =>
      callAndPrint(command, io, 'getSyncStatus', {}, describeStatus),
    );

  sync
    .command('hubs')
    .description('set the hubs the desktop app and `muster serve` sync with, in order of preference')
    .argument('<url...>', 'hub addresses, e.g. ws://hub.city.example:4871 ws://10.0.0.5:4871')
    .action((urls: string[], _options: object, command: Command) =>
      callAndPrint(command, io, 'setSyncHubs', { hubs: urls }, describeStatus),
    );
}

/** Syncs in the background until stopped, printing each change of state (JSON lines with --json). */
async function watch(globals: GlobalOptions, io: CliIo, hubs: string[] | undefined): Promise<void> {
  await withCore(
    globals,
    io,
    'cli',
    async (core) => {
      if (hubs) await core.call('setSyncHubs', { hubs });
      const print = (event: MusterEvent) => {
        if (event.type !== 'sync.changed') return;
        io.stdout(globals.json ? `${JSON.stringify(event.status)}\n` : `${describeStatus(event.status)}\n\n`);
      };
      const unsubscribe = core.onEvent(print);
      await io.untilStopped();
      unsubscribe();
    },
    { sync: { background: true }, log: (line) => io.stderr(`muster sync: ${line}\n`) },
  );
}
