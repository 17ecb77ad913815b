/** Where a copy keeps its data, and the backups it has taken of its store (issue 6). */

export type DataLocation = {
  /** The data folder, chosen by `--data` or MUSTER_DATA; the per-user default otherwise. */
  dataDir: string;
  storeFile: string;
  /** The store file and its write-ahead log, which holds the newest commits until a checkpoint. */
  storeBytes: number;
  /** Free space on the data folder's disk for this user; null where the platform cannot tell. */
  freeBytes: number | null;
};

/** One backup in the data folder's backups folder. */
export type BackupFile = {
  name: string;
  /** When it was taken, to the second (its name says the same). */
  createdAt: string;
  bytes: number;
};

export type BackupList = {
  folder: string;
  /** How many of the newest backups a successful backup keeps; older ones are removed. */
  keep: number;
  /** Newest first. */
  backups: BackupFile[];
};

export type BackupResult = {
  backup: BackupFile;
  /** Its full path. */
  file: string;
  /** The copy, opened read-only, passed SQLite's integrity check; a copy that fails it is not kept. */
  integrity: 'ok';
  /** Older backups removed to keep the newest `keep`. */
  removed: string[];
};
