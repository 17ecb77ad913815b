import Database from 'better-sqlite3';
import path from 'node:path';
import { expect } from 'vitest';
import { runCli } from '../../electron/core/cli/program';

/** Runs one CLI invocation in this process, capturing what it prints. */
export async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    env,
    untilStopped: () => Promise.resolve(),
  });
  return { code, stdout, stderr };
}

/** Runs with --json on `data` and parses stdout; fails the test on a non-zero exit. */
export async function json(data: string, ...args: string[]) {
  const run = await cli(['--data', data, '--json', ...args]);
  expect(run, run.stderr).toMatchObject({ code: 0 });
  return JSON.parse(run.stdout);
}

/** Every row of the room log and every snapshot: what an operation that adds nothing must leave alone. */
export function storedRooms(data: string) {
  const db = new Database(path.join(data, 'muster.db'), { readonly: true });
  try {
    return {
      updates: db.prepare('SELECT room, seq FROM room_updates ORDER BY seq').all(),
      snapshots: db.prepare('SELECT room, covers_seq FROM room_snapshots ORDER BY room').all(),
    };
  } finally {
    db.close();
  }
}
