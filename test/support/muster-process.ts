import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { onTestFinished } from 'vitest';
import type { WhoAmI } from '../../shared/contract';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
const BIN = path.join(REPO_ROOT, 'bin', 'muster.js');

export type CliRun = { status: number | null; stdout: string; stderr: string };

/** Runs the built `muster` CLI as a user would (needs `npm run build`, which `npm test` does first). */
export function runMuster(args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const run = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 30_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

export type WorkspaceSetup = { workspace: string; department: string; user: string };

/** The workspace e2e tests set up unless they say otherwise: its first member is a traffic administrator. */
export const TEST_WORKSPACE: WorkspaceSetup = {
  workspace: 'City of Riverton',
  department: 'traffic',
  user: 'Ana Lindqvist',
};

/**
 * `muster init` on `dataDir`, as an administrator would before first use: incidents can only be
 * created in a data folder that belongs to a workspace. Throws with the CLI's message if it fails.
 */
export function initWorkspace(dataDir: string, setup: Partial<WorkspaceSetup> = {}): WhoAmI {
  const { workspace, department, user } = { ...TEST_WORKSPACE, ...setup };
  const args = ['--data', dataDir, '--json', 'init', '--workspace', workspace, '--department', department];
  const run = runMuster([...args, '--user', user]);
  if (run.status !== 0) throw new Error(`muster init exited with ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout) as WhoAmI;
}

export type LongRunningProcess = {
  url: string;
  stderr: () => string;
  /** Sends SIGTERM (a clean shutdown) and resolves with the exit code; safe to call more than once. */
  stop: () => Promise<number | null>;
  /** SIGKILL: no shutdown code runs, as in a crash or power cut of the process. */
  kill: () => Promise<void>;
};

/**
 * Starts a long-running muster command (serve, hub) with --json and resolves once it prints the
 * URL it listens on. The process is stopped when the test finishes, unless the test stopped it.
 */
export async function startMuster(args: string[]): Promise<LongRunningProcess> {
  const child = spawn(process.execPath, [BIN, '--json', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  // Listened for from the start, so a process that dies early is never waited on forever.
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const signal = (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    return exited;
  };
  onTestFinished(async () => void (await signal('SIGTERM')));

  const firstLine = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    void exited.then((code) => reject(new Error(`muster ${args.join(' ')} exited with ${code}: ${stderr}`)));
  });
  const { url } = JSON.parse(firstLine) as { url: string };
  return {
    url,
    stderr: () => stderr,
    stop: () => signal('SIGTERM'),
    kill: async () => void (await signal('SIGKILL')),
  };
}

/** `muster serve --port 0` on `dataDir`. */
export const startServe = (dataDir: string) => startMuster(['--data', dataDir, 'serve', '--port', '0']);

/** `muster hub --port 0` on `dataDir`, serving the workspaces in the given public-identity files. */
export const startHubProcess = (dataDir: string, workspaceFiles: string[], port = 0) =>
  startMuster([
    '--data',
    dataDir,
    'hub',
    '--port',
    String(port),
    ...workspaceFiles.flatMap((file) => ['--workspace', file]),
  ]);
