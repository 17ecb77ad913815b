/**
 * Backups of the local store (issue 6): a consistent copy while another connection keeps writing,
 * checked before it is kept, the newest ten kept, one at a time, and the same from the CLI.
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createCore, STORE_FILE, type Core } from '../../electron/core/core';
import { MusterError } from '../../electron/core/errors';
import type { BackupList, BackupResult, DataLocation } from '../../shared/backup';
import type { IncidentSummary } from '../../shared/incident';
import { cli, json } from '../support/cli';
import { tempDir } from '../support/temp-dir';
import { coreWithWorkspace, createIncident } from '../support/workspace';

const backUpNow = (core: Core) => core.call('backUpNow', {}) as Promise<BackupResult>;
const listBackups = (core: Core) => core.call('listBackups', {}) as Promise<BackupList>;
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

async function opened(options: { dataDir?: string; clock?: () => number } = {}) {
  const dataDir = options.dataDir ?? tempDir();
  const core = createCore({ dataDir, host: 'cli', clock: options.clock });
  onTestFinished(() => core.close());
  if (!options.dataDir) {
    await core.call('initWorkspace', {
      workspace: 'City of Riverton',
      department: 'energy',
      user: 'Eva Lund',
    });
  }
  return { core, dataDir };
}

/**
 * Cached map tiles, as a store that has shown the map for a while holds: about 24 MB, many times
 * what one backup step copies, so writes land between the steps.
 */
function fillTileCache(dataDir: string): void {
  const db = new Database(path.join(dataDir, STORE_FILE));
  try {
    const insert = db.prepare(
      `INSERT INTO map_tiles (source, z, x, y, content_type, bytes, fetched_at, used_at, data)
       VALUES ('test', 12, ?, 0, 'image/png', ?, 0, 0, ?)`,
    );
    db.transaction(() => {
      for (let x = 0; x < 600; x++) insert.run(x, 40_000, Buffer.alloc(40_000, x % 251));
    })();
  } finally {
    db.close();
  }
}

/** Opens a backup as a data folder of its own, the way a restore would, and lists its incidents. */
async function incidentsIn(backupFile: string): Promise<string[]> {
  const dataDir = tempDir();
  copyFileSync(backupFile, path.join(dataDir, STORE_FILE));
  const { core } = await opened({ dataDir });
  return ((await core.call('listIncidents', {})) as IncidentSummary[]).map((i) => i.id);
}

function integrityOf(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

describe('backing up while the store is in use', () => {
  it('copies every incident committed before it started while a second core keeps creating more', async () => {
    const { core, dataDir } = await opened();
    fillTileCache(dataDir);
    const before: string[] = [];
    for (let i = 0; i < 5; i++) before.push((await createIncident(core, { title: `Before ${i}` })).id);

    // A second core on the same data folder, as `muster serve` or a CLI command beside the app.
    const { core: other } = await opened({ dataDir });
    const backup = backUpNow(core);
    let settled = false;
    void backup.finally(() => (settled = true));
    const during: string[] = [];
    while (!settled) {
      during.push((await createIncident(other, { title: `During ${during.length}` })).id);
      await nextTurn();
    }
    const result = await backup;

    expect(during.length).toBeGreaterThan(1);
    expect(result).toMatchObject({ integrity: 'ok', removed: [] });
    expect(result.file).toBe(path.join(dataDir, 'backups', result.backup.name));
    expect(result.backup.bytes).toBe(statSync(result.file).size);
    expect(result.backup.bytes).toBeGreaterThan(24_000_000);
    expect(integrityOf(result.file)).toBe('ok');
    // One self-contained file: no write-ahead log beside it, and no half-written copy left.
    expect(readdirSync(path.join(dataDir, 'backups'))).toEqual([result.backup.name]);

    const copied = await incidentsIn(result.file);
    expect(copied).toEqual(expect.arrayContaining(before));
    // Whatever else it holds are incidents the second core created meanwhile, whole.
    expect(during).toEqual(expect.arrayContaining(copied.filter((id) => !before.includes(id))));
  }, 60_000);

  it('refuses a second backup while one is running, and takes the next one after', async () => {
    const { core } = await opened();
    const first = backUpNow(core);
    const refused = await core.call('backUpNow', {}).then(
      () => expect.unreachable('the second backup should have been refused'),
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(MusterError);
    expect(refused).toMatchObject({
      code: 'precondition',
      message: expect.stringMatching(/already running/),
    });
    await expect(first).resolves.toMatchObject({ integrity: 'ok' });
    await expect(backUpNow(core)).resolves.toMatchObject({ integrity: 'ok' });
    expect((await listBackups(core)).backups).toHaveLength(2);
  });
});

describe('keeping backups', () => {
  it('keeps the newest ten, removing the oldest, and leaves other files in the folder alone', async () => {
    // A stopped clock: every backup is taken in the same second and must still get a name of its own.
    const { core, dataDir } = await opened({ clock: () => Date.parse('2026-11-25T21:05:12.345Z') });
    const folder = path.join(dataDir, 'backups');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'muster-2026-11-24T080000Z.db'), 'an older backup');
    writeFileSync(path.join(folder, 'notes.txt'), 'kept by someone else');

    const results: BackupResult[] = [];
    for (let i = 0; i < 11; i++) results.push(await backUpNow(core));

    expect(results[0]!.backup).toMatchObject({
      name: 'muster-2026-11-25T210512Z.db',
      createdAt: '2026-11-25T21:05:12Z',
    });
    expect(results[1]!.backup.name).toBe('muster-2026-11-25T210512Z-2.db');
    expect(results.map((r) => r.removed)).toEqual([
      ...Array.from({ length: 9 }, () => []),
      ['muster-2026-11-24T080000Z.db'],
      ['muster-2026-11-25T210512Z.db'],
    ]);
    const list = await listBackups(core);
    expect(list).toMatchObject({ folder, keep: 10 });
    expect(list.backups.map((b) => b.name)).toEqual(
      results
        .slice(1)
        .map((r) => r.backup.name)
        .reverse(),
    );
    expect(list.backups[0]!.bytes).toBe(statSync(path.join(folder, list.backups[0]!.name)).size);
    expect(existsSync(path.join(folder, 'notes.txt'))).toBe(true);
  });

  it('lists nothing before the first backup', async () => {
    const { core, dataDir } = await opened();
    expect(await listBackups(core)).toEqual({ folder: path.join(dataDir, 'backups'), keep: 10, backups: [] });
  });
});

describe('where the data is', () => {
  it('names the data folder and store, with the store size and the free space on its disk', async () => {
    const { core, dataDir } = await opened();
    const location = (await core.call('getDataLocation', {})) as DataLocation;
    expect(location).toEqual({
      dataDir,
      storeFile: path.join(dataDir, STORE_FILE),
      storeBytes: expect.any(Number),
      freeBytes: expect.any(Number),
    });
    expect(location.storeBytes).toBeGreaterThanOrEqual(statSync(location.storeFile).size);
    expect(location.freeBytes).toBeGreaterThan(0);
  });
});

describe('muster backup', () => {
  it('backs up and lists the backups, as JSON and as text', async () => {
    const { core, dataDir } = await coreWithWorkspace();
    core.close();
    const taken = (await json(dataDir, 'backup', 'now')) as BackupResult;
    expect(taken).toMatchObject({
      file: path.join(dataDir, 'backups', taken.backup.name),
      integrity: 'ok',
      removed: [],
    });
    expect(taken.backup.name).toMatch(/^muster-\d{4}-\d\d-\d\dT\d{6}Z\.db$/);
    expect(await json(dataDir, 'backup', 'list')).toEqual({
      folder: path.join(dataDir, 'backups'),
      keep: 10,
      backups: [taken.backup],
    });
    const text = await cli(['--data', dataDir, 'backup', 'list']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(taken.backup.name);
  });

  it('writes one backup to a file with --out, and refuses to overwrite one', async () => {
    const { core, dataDir } = await coreWithWorkspace();
    const incident = await createIncident(core, { title: 'Substation 14 outage' });
    core.close();
    const out = path.join(tempDir(), 'before-the-upgrade.db');
    expect(await json(dataDir, 'backup', '--out', out)).toEqual({
      file: out,
      bytes: statSync(out).size,
      integrity: 'ok',
    });
    expect(await incidentsIn(out)).toEqual([incident.id]);
    expect(existsSync(path.join(dataDir, 'backups'))).toBe(false);

    const again = await cli(['--data', dataDir, 'backup', '--out', out]);
    expect(again).toMatchObject({ code: 1, stderr: expect.stringMatching(/already exists/) });
  });

  it('exits 2 without a subcommand or --out, and 1 where there is no store', async () => {
    const bare = await cli(['--data', tempDir(), 'backup']);
    expect(bare).toMatchObject({ code: 2, stderr: expect.stringMatching(/now, list/) });
    const empty = tempDir();
    const missing = await cli(['--data', empty, 'backup', '--out', path.join(empty, 'x.db')]);
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringMatching(/no store to back up/) });
  });
});
