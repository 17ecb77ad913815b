/**
 * Backups of the local store (issue 6): a consistent copy taken with SQLite's online backup API
 * while the app keeps writing, checked before it is kept, and named by the time it was taken.
 */
import Database from 'better-sqlite3';
import { chmodSync, existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { BackupFile } from '../../../shared/backup';
import type { Store } from '../db/open';
import { MusterError } from '../errors';

/** About 4 MB a step: the event loop runs between steps, so hosts stay responsive on a large store. */
const STEP_PAGES = 1024;

/** `muster-2026-11-25T210512Z.db`, then `-2`, `-3` for more backups within the same second. */
const BACKUP_NAME = /^muster-(\d{4}-\d\d-\d\d)T(\d\d)(\d\d)(\d\d)Z(?:-([1-9]\d*))?\.db$/;

/** The time in ISO 8601's basic format, since Windows refuses ':' in file names. */
export function backupName(at: Date, sequence = 1): string {
  const stamp = at.toISOString().slice(0, 19).replace(/:/g, '');
  return `muster-${stamp}Z${sequence > 1 ? `-${sequence}` : ''}.db`;
}

export function parseBackupName(name: string): { createdAt: string; sequence: number } | null {
  const match = BACKUP_NAME.exec(name);
  if (!match) return null;
  const [, day, hours, minutes, seconds, sequence] = match;
  return { createdAt: `${day}T${hours}:${minutes}:${seconds}Z`, sequence: Number(sequence ?? 1) };
}

/** A name in `folder` that no backup has yet, for a backup taken at `at`. */
export function freeBackupName(folder: string, at: Date): string {
  for (let sequence = 1; ; sequence++) {
    const name = backupName(at, sequence);
    if (!existsSync(path.join(folder, name)) && !existsSync(partialOf(path.join(folder, name)))) return name;
  }
}

/**
 * The backups in `folder`, newest first. Only files named the way backups are named count, so
 * nothing else someone keeps there is listed, or ever removed.
 */
export function listBackups(folder: string): BackupFile[] {
  if (!existsSync(folder)) return [];
  const found: Array<BackupFile & { sequence: number }> = [];
  for (const name of readdirSync(folder)) {
    const parsed = parseBackupName(name);
    if (!parsed) continue;
    const stats = statSync(path.join(folder, name), { throwIfNoEntry: false });
    if (stats?.isFile()) found.push({ name, bytes: stats.size, ...parsed });
  }
  found.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.sequence - a.sequence);
  return found.map(({ name, createdAt, bytes }) => ({ name, createdAt, bytes }));
}

/** Removes all but the newest `keep` backups in `folder`; returns the names it removed. */
export function pruneBackups(folder: string, keep: number): string[] {
  const removed: string[] = [];
  for (const { name } of listBackups(folder).slice(keep)) {
    try {
      rmSync(path.join(folder, name));
      removed.push(name);
    } catch {
      // Another program may hold it open (Windows refuses then); the next backup tries again.
    }
  }
  return removed;
}

export type CopyOptions = {
  /** Path of a better-sqlite3 addon built for this runtime, as the store was opened with. */
  nativeBinding?: string;
};

const partialOf = (target: string) => `${target}.partial`;

/**
 * Copies the store to `target` (which must not exist yet) while other connections keep writing,
 * then checks the copy opened read-only. Until the check passes the copy has another name, so a
 * half-written or damaged copy is never taken for a backup. Returns the copy's size.
 */
export async function copyStore(store: Store, target: string, options: CopyOptions = {}): Promise<number> {
  if (existsSync(target))
    throw new MusterError('precondition', `${target} already exists; choose another name`);
  const partial = partialOf(target);
  rmSync(partial, { force: true });
  try {
    await store.backup(partial, { progress: restartProofSteps() });
    standAlone(partial, options);
    const problems = integrityProblems(partial, options);
    if (problems.length > 0) {
      throw new MusterError(
        'internal',
        `the copy failed SQLite's integrity check, so it was not kept: ${problems.slice(0, 3).join('; ')}`,
      );
    }
    renameSync(partial, target);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  return statSync(target).size;
}

/**
 * A commit through another connection (a CLI command, `muster serve`) restarts the copy from its
 * first page; on a busy store small steps could restart for ever. After a restart the rest is
 * copied in one step, which always finishes: in WAL mode the step's read never blocks a writer.
 */
function restartProofSteps() {
  let remaining = Infinity;
  let whole = false;
  return ({ totalPages, remainingPages }: { totalPages: number; remainingPages: number }) => {
    if (remainingPages >= remaining) whole = true;
    remaining = remainingPages;
    return whole ? totalPages : STEP_PAGES;
  };
}

/**
 * The copy keeps the store's WAL mode, in which even a read-only open leaves -wal and -shm files
 * beside it. In rollback-journal mode it is one self-contained file; the store's own open turns WAL
 * back on if it is ever restored. It holds this copy's private keys, so only its owner may read it.
 */
function standAlone(file: string, options: CopyOptions): void {
  const db = new Database(file, { fileMustExist: true, nativeBinding: options.nativeBinding });
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
  chmodSync(file, 0o600);
}

function integrityProblems(file: string, options: CopyOptions): string[] {
  const db = new Database(file, {
    readonly: true,
    fileMustExist: true,
    nativeBinding: options.nativeBinding,
  });
  try {
    const rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
    return rows.map((row) => row.integrity_check).filter((line) => line !== 'ok');
  } finally {
    db.close();
  }
}
