import type { Command } from 'commander';
import { workspacePublicSchema, type WorkspacePublic } from '../../../../shared/identity';
import { describeIssues } from '../../../../shared/validation';
import { resolveDataDir } from '../../data-dir';
import { MusterError } from '../../errors';
import { startHub } from '../../sync/hub/hub-server';
import { readCappedFile } from '../files';
import type { CliIo, GlobalOptions } from '../io';
import { parsePort } from './serve';

export const DEFAULT_HUB_PORT = 4871;
const WORKSPACE_FILE_MAX_BYTES = 64 * 1024;

/** Reads a file written by `muster workspace public`, refusing anything else with a clear reason. */
async function readWorkspaceFile(file: string): Promise<WorkspacePublic> {
  const text = await readCappedFile(file, WORKSPACE_FILE_MAX_BYTES, 'workspace file');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new MusterError('invalid_params', `${file} is not JSON: write it with \`muster workspace public\``);
  }
  const parsed = workspacePublicSchema.safeParse(json);
  if (!parsed.success)
    throw new MusterError(
      'invalid_params',
      `${file} is not a workspace file: ${describeIssues(parsed.error)}`,
    );
  return parsed.data;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function addHubCommand(program: Command, io: CliIo): void {
  program
    .command('hub')
    .description(
      'run a sync hub for one or more workspaces (city server, or any workstation during an outage)',
    )
    .requiredOption(
      '--workspace <file>',
      'public identity of a workspace to serve, from `muster workspace public` (repeatable)',
      collect,
    )
    .option('--port <port>', 'TCP port (0 picks a free one)', parsePort, DEFAULT_HUB_PORT)
    .option('--host <address>', 'address to listen on (0.0.0.0 for the LAN)', '127.0.0.1')
    .action(async (options: { workspace: string[]; port: number; host: string }, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const workspaces = await Promise.all(options.workspace.map(readWorkspaceFile));
      const hub = await startHub({
        dataDir: resolveDataDir(globals.data, io.env),
        workspaces,
        host: options.host,
        port: options.port,
        log: (line) => io.stderr(`muster hub: ${line}\n`),
      });
      io.stdout(
        globals.json ? `${JSON.stringify({ url: hub.url })}\n` : `Muster hub listening at ${hub.url}\n`,
      );
      await io.untilStopped();
      await hub.close();
    });
}
