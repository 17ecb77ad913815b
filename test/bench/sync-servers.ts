/**
 * The three servers the sync benchmarks compare, each a child process on 127.0.0.1, and the
 * workspace the hub serves:
 * - raw ws relay (ws-relay-server.ts): every binary message to every other client, nothing else;
 * - the stock y-websocket server, y-websocket@2's bin/server.cjs (installed as the devDependency
 *   y-websocket-stock-server; documents in memory, as it keeps them without YPERSISTENCE);
 * - Muster's hub, `muster hub` from the build (out/, `npm run build`), with its SQLite store.
 *
 * Every child is killed by pid when the bench stops, also on an error or a Ctrl-C.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, STORE_FILE } from '../../electron/core/core';
import { openStore } from '../../electron/core/db/open';
import type { DeviceCredentials } from '../../electron/core/sync/hub-auth';
import { loadLocalIdentity } from '../../electron/core/workspace/local-identity';
import type { Role, WorkspacePublic } from '../../shared/identity';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);

export type ServerKind = 'raw' | 'stock' | 'hub';

export type ChildServer = {
  kind: ServerKind;
  /** ws://127.0.0.1:PORT */
  url: string;
  pid: number;
  /** Whatever the child wrote to stderr, for error messages. */
  stderr(): string;
  stop(): Promise<void>;
};

const children = new Set<ChildProcess>();
// A last resort: whatever is still running when the bench process exits is killed by its pid.
process.once('exit', () => {
  for (const child of children) if (child.exitCode === null && child.pid) process.kill(child.pid, 'SIGKILL');
});

/** Stops every server this module started and has not stopped yet. */
export async function stopAllServers(): Promise<void> {
  await Promise.all([...children].map((child) => stopChild(child)));
}

function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || !child.pid) {
      children.delete(child);
      return resolve();
    }
    const timer = setTimeout(() => child.pid && process.kill(child.pid, 'SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      children.delete(child);
      resolve();
    });
    process.kill(child.pid, 'SIGTERM');
  });
}

/**
 * Spawns a server and waits until `ready` finds its URL in what it printed on stdout (the raw relay
 * and the hub print it; the stock server prints its port).
 */
function startChild(
  kind: ServerKind,
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: (stdout: string) => string | undefined,
  timeoutMs = 20_000,
): Promise<ChildServer> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  return new Promise<ChildServer>((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      void stopChild(child).then(() => reject(new Error(`${kind} server ${why}\n${stderr.trim()}`)));
    };
    const timer = setTimeout(() => fail(`did not start within ${timeoutMs} ms`), timeoutMs);
    child.once('error', (error) => fail(`could not be started (${error.message})`));
    child.once('exit', (code, signal) => fail(`exited (${signal ?? code}) before it was ready`));
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = ready(stdout);
      if (url === undefined) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.stdout!.removeAllListeners('data');
      child.stdout!.resume();
      resolve({
        kind,
        url,
        pid: child.pid!,
        stderr: () => stderr,
        stop: () => stopChild(child),
      });
    });
  });
}

const jsonUrl = (stdout: string): string | undefined => {
  const line = stdout.split('\n').find((l) => l.startsWith('{') && l.includes('"url"'));
  return line ? (JSON.parse(line) as { url: string }).url : undefined;
};

export function startRawRelay(): Promise<ChildServer> {
  const script = path.join(ROOT, 'test/bench/ws-relay-server.ts');
  return startChild('raw', ['--import', 'tsx', script], process.env, jsonUrl);
}

/** A port that was free a moment ago (the stock server cannot listen on port 0 and say which it got). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startStockServer(): Promise<ChildServer> {
  // bin/ is not in the package's exports; its package.json is.
  const script = path.join(
    path.dirname(require.resolve('y-websocket-stock-server/package.json')),
    'bin/server.cjs',
  );
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, HOST: '127.0.0.1', PORT: String(port) };
    delete env.YPERSISTENCE;
    try {
      return await startChild('stock', [script], env, (stdout) =>
        stdout.includes(`on port ${port}`) ? `ws://127.0.0.1:${port}` : undefined,
      );
    } catch (error) {
      // Someone took the port in between: try another one.
      if (attempt >= 3) throw error;
    }
  }
}

export const HUB_CLI = path.join(ROOT, 'out/main/cli.js');

/** `nodeArgs` go to node before the script, e.g. --cpu-prof to see where the hub spends its time. */
export function startMusterHub(
  dataDir: string,
  workspaceFile: string,
  nodeArgs: string[] = [],
): Promise<ChildServer> {
  if (!existsSync(HUB_CLI))
    return Promise.reject(new Error('the sync benchmarks run the built hub: run `npm run build` first'));
  const args = [...nodeArgs, path.join(ROOT, 'bin/muster.js'), '--data', dataDir, '--json', 'hub'];
  return startChild('hub', [...args, '--port', '0', '--workspace', workspaceFile], process.env, jsonUrl);
}

export type BenchMember = { credentials: DeviceCredentials; dataDir: string };
export type BenchWorkspace = { workspace: WorkspacePublic; workspaceFile: string; members: BenchMember[] };

function credentialsIn(dataDir: string): DeviceCredentials {
  const store = openStore(path.join(dataDir, STORE_FILE));
  try {
    const identity = loadLocalIdentity(store);
    if (!identity) throw new Error(`no identity in ${dataDir}`);
    return { member: identity.member, device: identity.device, deviceKey: identity.deviceKey };
  } finally {
    store.close();
  }
}

/**
 * A workspace made the way `muster init` makes one, plus `extra` members enrolled the way
 * `invite`/`join` do, each with a data folder of its own under `dir`; the workspace's public
 * identity is written to a file for `muster hub --workspace`.
 */
export async function createBenchWorkspace(dir: string, extra: number): Promise<BenchWorkspace> {
  const adminDir = path.join(dir, 'member-0');
  const admin = createCore({ dataDir: adminDir, host: 'cli' });
  const members: BenchMember[] = [];
  let workspace: WorkspacePublic;
  try {
    const me = (await admin.call('initWorkspace', {
      workspace: 'Bench City',
      department: 'traffic',
      user: 'Ana Lindqvist',
    })) as { workspace: WorkspacePublic };
    const { id, name, publicKey, departments } = me.workspace;
    workspace = { id, name, publicKey, departments };
    const role: Role = 'responder';
    for (let i = 1; i <= extra; i++) {
      const { bundle } = (await admin.call('inviteMember', {
        department: 'energy',
        role,
        user: `Member ${i}`,
      })) as { bundle: string };
      const dataDir = path.join(dir, `member-${i}`);
      const core = createCore({ dataDir, host: 'cli' });
      try {
        await core.call('joinWorkspace', { bundle });
      } finally {
        core.close();
      }
    }
  } finally {
    admin.close();
  }
  for (let i = 0; i <= extra; i++) {
    const dataDir = path.join(dir, `member-${i}`);
    members.push({ dataDir, credentials: credentialsIn(dataDir) });
  }
  const workspaceFile = path.join(dir, 'workspace.json');
  writeFileSync(workspaceFile, JSON.stringify(workspace));
  return { workspace, workspaceFile, members };
}
