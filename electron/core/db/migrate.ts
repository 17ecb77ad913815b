import type Database from 'better-sqlite3';

export type Migration = {
  /** Equals the `user_version` the store has once this migration ran; consecutive from 1. */
  version: number;
  name: string;
  up: string;
};

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the store up to `target` (default: the newest), one transaction per migration so a crash
 * leaves the store at a whole version, and so that two processes opening a new store together run
 * each migration once. A store newer than this build is refused rather than guessed at.
 */
export function migrate(
  db: Database.Database,
  migrations: readonly Migration[],
  target = migrations.length,
): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
  const current = schemaVersion(db);
  if (current > migrations.length) {
    throw new Error(
      `this store has schema version ${current}, newer than this Muster build knows (${migrations.length}); update Muster`,
    );
  }
  for (const m of migrations.slice(current, target)) {
    db.transaction(() => {
      // Another process opening the same new store may have run it since we looked.
      if (schemaVersion(db) >= m.version) return;
      db.exec(m.up);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}
