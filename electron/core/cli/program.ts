import { Command, CommanderError } from 'commander';
import { version } from '../../../package.json';
import { MusterError } from '../errors';
import { addBackupCommands } from './commands/backup';
import { addBundleCommands } from './commands/bundle';
import { addHubCommand } from './commands/hub';
import { addIncidentCommands } from './commands/incident';
import { addMapCommands } from './commands/map';
import { addPlaybookCommands } from './commands/playbook';
import { addRunCommands } from './commands/run';
import { addServeCommand } from './commands/serve';
import { addStartCommand } from './commands/start';
import { addSyncCommands } from './commands/sync';
import { addWorkspaceCommands } from './commands/workspace';
import type { CliIo } from './io';

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_USAGE = 2;

function buildProgram(io: CliIo): Command {
  const program = new Command('muster')
    .description('Muster: incident-response coordination for city departments')
    .version(version, '-v, --version')
    .option('--data <dir>', "data directory (default: the desktop app's; env MUSTER_DATA)")
    .option('--json', 'machine-readable output on stdout')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showSuggestionAfterError()
    .exitOverride();
  addWorkspaceCommands(program, io);
  addIncidentCommands(program, io);
  addPlaybookCommands(program, io);
  addRunCommands(program, io);
  addServeCommand(program, io);
  addStartCommand(program, io);
  addHubCommand(program, io);
  addSyncCommands(program, io);
  addBundleCommands(program, io);
  addMapCommands(program, io);
  addBackupCommands(program, io);
  return program;
}

/**
 * Runs one CLI invocation and returns its exit code: 0 on success, 1 on an error (one line on
 * stderr), 2 on bad usage, which includes arguments the core's schemas reject.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT_USAGE;
    }
    await program.parseAsync(argv, { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message; help and version are not failures.
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`muster: ${message.split('\n')[0]}\n`);
    const usage = error instanceof MusterError && error.code === 'invalid_params';
    return usage ? EXIT_USAGE : EXIT_ERROR;
  }
}
