import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../electron/core/db/migrations';
import { openStore } from '../../../electron/core/db/open';
import { schemaVersion } from '../../../electron/core/db/migrate';
import { tempDir } from '../../support/temp-dir';

describe('openStore', () => {
  it('opens in WAL mode with full fsync, migrated to the newest schema', () => {
    const db = openStore(path.join(tempDir(), 'muster.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    db.close();
  });

  it('refuses a file that is not a SQLite database and leaves it as it was', async () => {
    const { writeFileSync, readFileSync } = await import('node:fs');
    const file = path.join(tempDir(), 'muster.db');
    writeFileSync(file, 'this is not a database, it is a shopping list\n'.repeat(200));
    const before = readFileSync(file);
    expect(() => openStore(file)).toThrow(/not a database/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});
