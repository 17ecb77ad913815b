import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BackupList, BackupResult, DataLocation } from '../../../shared/backup';
import type { Store } from '../db/open';
import { MusterError } from '../errors';
import {
  copyStore,
  freeBackupName,
  listBackups,
  parseBackupName,
  pruneBackups,
  type CopyOptions,
} from './backup';
import { dataLocation } from './location';

export const BACKUPS_FOLDER = 'backups';
/** Enough to go back a week or two of daily backups without filling a workstation's disk. */
export const KEEP_BACKUPS = 10;

export type BackupServiceOptions = CopyOptions & {
  dataDir: string;
  storeFile: string;
  now?: () => number;
};

export type BackupService = {
  location(): DataLocation;
  list(): BackupList;
  backUpNow(): Promise<BackupResult>;
};

/** Backs up this copy's store into `<data dir>/backups/`, one backup at a time, keeping the newest few. */
export function createBackupService(store: Store, options: BackupServiceOptions): BackupService {
  const folder = path.join(options.dataDir, BACKUPS_FOLDER);
  const now = options.now ?? Date.now;
  let running = false;

  const location = () => dataLocation(options.dataDir, options.storeFile);

  return {
    location,
    list: () => ({ folder, keep: KEEP_BACKUPS, backups: listBackups(folder) }),
    async backUpNow() {
      if (running)
        throw new MusterError('precondition', 'a backup is already running; wait for it to finish');
      running = true;
      try {
        const { storeBytes, freeBytes } = location();
        if (freeBytes !== null && freeBytes < storeBytes) {
          throw new MusterError(
            'precondition',
            `not enough free space for a backup: the store takes ${storeBytes} bytes and the disk has ${freeBytes} free`,
          );
        }
        mkdirSync(folder, { recursive: true, mode: 0o700 });
        const name = freeBackupName(folder, new Date(now()));
        const file = path.join(folder, name);
        const bytes = await copyStore(store, file, options);
        const backup = { name, createdAt: parseBackupName(name)!.createdAt, bytes };
        return { backup, file, integrity: 'ok', removed: pruneBackups(folder, KEEP_BACKUPS) };
      } finally {
        running = false;
      }
    },
  };
}
