import Database from 'better-sqlite3';
import { migrate } from './migrate';
import { MIGRATIONS } from './migrations';

export type Store = Database.Database;

export type OpenStoreOptions = {
  /** Path of a better-sqlite3 addon built for this runtime (Electron in development). */
  nativeBinding?: string;
};

/**
 * Opens (creating if needed) and migrates the local store.
 *
 * WAL lets the desktop app, `muster serve` and CLI commands use one store at once. synchronous=FULL
 * because an incident the UI has acknowledged must survive a power cut at the worst moment, and a
 * commit costs one extra fsync of the WAL, which is cheap next to a human creating an incident.
 */
export function openStore(file: string, options: OpenStoreOptions = {}): Store {
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Another process may hold the write lock briefly (serve and a CLI command together).
    db.pragma('busy_timeout = 5000');
    migrate(db, MIGRATIONS);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
