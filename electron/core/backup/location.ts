import { statfsSync, statSync } from 'node:fs';
import type { DataLocation } from '../../../shared/backup';

const sizeOf = (file: string) => statSync(file, { throwIfNoEntry: false })?.size ?? 0;

/** Free space for this user on the disk holding `dir`; null where the platform cannot tell. */
export function freeSpace(dir: string): number | null {
  try {
    const disk = statfsSync(dir);
    return disk.bavail * disk.bsize;
  } catch {
    return null;
  }
}

/** Where this copy keeps its data, as the settings view and `muster backup` show it. */
export function dataLocation(dataDir: string, storeFile: string): DataLocation {
  return {
    dataDir,
    storeFile,
    storeBytes: sizeOf(storeFile) + sizeOf(`${storeFile}-wal`),
    freeBytes: freeSpace(dataDir),
  };
}
