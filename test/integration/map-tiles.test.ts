/**
 * The map's tile source and tiles (issue 6): what an administrator may publish, tiles fetched by
 * the core from a real tile server on the loopback address and kept for when it is gone, raster
 * PMTiles archives read from the maps folder or over HTTP ranges, and what is refused.
 */
import Database from 'better-sqlite3';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Core } from '../../electron/core/core';
import { openStore } from '../../electron/core/db/open';
import { MusterError } from '../../electron/core/errors';
import { createMapService } from '../../electron/core/map/service';
import { createWorkspaceService } from '../../electron/core/workspace/service';
import type { MapSource, MapSourceSetting, MapTile } from '../../shared/map-source';
import { cli } from '../support/cli';
import {
  pmtilesArchive,
  PMTILES_TYPE,
  solidPng,
  startTileServer,
  type ArchiveTile,
} from '../support/map-tiles';
import { adminCopy, enrolMember } from '../support/sync';

async function rejection(promise: Promise<unknown>): Promise<MusterError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MusterError);
  return error as MusterError;
}

const setSource = (core: Core, source: MapSource) =>
  core.call('setMapSource', { source }) as Promise<MapSourceSetting>;
const tile = (core: Core, z: number, x: number, y: number) =>
  core.call('getMapTile', { z, x, y }) as Promise<MapTile | null>;
const bytesOf = (t: MapTile | null) => (t ? Buffer.from(t.base64, 'base64') : null);

const RED = solidPng([200, 30, 30]);
const BLUE = solidPng([30, 30, 200]);
const TWO_TILES: ArchiveTile[] = [
  { z: 0, x: 0, y: 0, data: RED },
  { z: 1, x: 1, y: 0, data: BLUE },
];

function putInMapsFolder(dataDir: string, name: string, archive: Buffer): void {
  mkdirSync(path.join(dataDir, 'maps'), { recursive: true });
  writeFileSync(path.join(dataDir, 'maps', name), archive);
}

describe('choosing the map source', () => {
  it('starts with none, and with none the core fetches nothing', async () => {
    const { core } = await adminCopy();
    expect(await core.call('getMapSource', {})).toEqual({
      source: { kind: 'none' },
      setBy: null,
      setAt: null,
      archivePresent: null,
    });
    expect(await tile(core, 0, 0, 0)).toBeNull();
  });

  it('refuses URLs and archive names that are not fit to publish, and keeps the source it had', async () => {
    const { core } = await adminCopy();
    const refused: Array<[MapSource, RegExp]> = [
      [{ kind: 'xyz', url: 'ftp://tiles.example/{z}/{x}/{y}.png' }, /http:\/\/ or https:\/\//],
      [{ kind: 'xyz', url: 'tiles.example/{z}/{x}/{y}.png' }, /full http/],
      [
        { kind: 'xyz', url: 'https://tiles.example/{z}/{x}.png' },
        /each of \{z\}, \{x\} and \{y\} exactly once/,
      ],
      [{ kind: 'xyz', url: 'https://tiles.example/{z}/{x}/{y}/{y}.png' }, /exactly once/],
      [
        { kind: 'xyz', url: 'https://tiles.example/{z}/{x}/{y}.png?key={apikey}' },
        /unknown placeholder \{apikey\}/,
      ],
      [{ kind: 'xyz', url: 'https://{z}.tiles.example/{x}/{y}.png' }, /not the host/],
      [{ kind: 'xyz', url: 'https://ana:secret@tiles.example/{z}/{x}/{y}.png' }, /user name or password/],
      [{ kind: 'pmtiles', location: '../muster.db' }, /file name of a \.pmtiles archive/],
      [{ kind: 'pmtiles', location: '../../elsewhere/city.pmtiles' }, /no folders/],
      [{ kind: 'pmtiles', location: 'sub/city.pmtiles' }, /no folders/],
      [{ kind: 'pmtiles', location: '/etc/city.pmtiles' }, /no folders/],
      [{ kind: 'pmtiles', location: 'file:///etc/city.pmtiles' }, /http:\/\/ or https:\/\//],
    ];
    for (const [source, message] of refused) {
      const error = await rejection(setSource(core, source));
      expect(error.code, JSON.stringify(source)).toBe('invalid_params');
      expect(error.message, JSON.stringify(source)).toMatch(message);
    }
    expect(((await core.call('getMapSource', {})) as MapSourceSetting).source).toEqual({ kind: 'none' });
  });

  it('is for administrators only, with a clear error for everyone else', async () => {
    const { core: admin } = await adminCopy();
    const { core: responder } = await enrolMember(admin, {
      department: 'traffic',
      role: 'responder',
      user: 'Tom',
    });
    const error = await rejection(
      setSource(responder, { kind: 'xyz', url: 'https://tiles.example/{z}/{x}/{y}.png' }),
    );
    expect(error.code).toBe('forbidden');
    expect(error.message).toMatch(/only an administrator/);
    expect(((await responder.call('getMapSource', {})) as MapSourceSetting).source).toEqual({ kind: 'none' });
  });

  it('records who chose the source', async () => {
    const { core } = await adminCopy();
    const setting = await setSource(core, {
      kind: 'xyz',
      url: 'https://tiles.example/{z}/{x}/{y}.png',
      attribution: '© City survey',
    });
    expect(setting).toMatchObject({
      source: { kind: 'xyz', url: 'https://tiles.example/{z}/{x}/{y}.png', attribution: '© City survey' },
      setBy: { user: 'Pia Holm' },
      archivePresent: null,
    });
    expect(setting.setAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });
});

describe('tiles from a tile server', () => {
  it('fetches tiles in the core and keeps showing those it has seen once the server is gone', async () => {
    const { core } = await adminCopy();
    const server = await startTileServer();
    await setSource(core, { kind: 'xyz', url: `${server.origin}/tiles/{z}/{x}/{y}.png` });

    const first = await tile(core, 3, 5, 2);
    expect(first?.contentType).toBe('image/png');
    expect(bytesOf(first)).toEqual(solidPng([(5 * 97) % 256, (2 * 57) % 256, 135]));
    expect(server.requests).toEqual(['/tiles/3/5/2.png']);

    await server.stop();
    expect(await tile(core, 3, 5, 2)).toEqual(first);
    const error = await rejection(tile(core, 3, 5, 3));
    expect(error.code).toBe('precondition');
    expect(error.message).toMatch(/could not reach 127\.0\.0\.1/);
  });

  it('answers null for a tile the server does not have, and refuses what is not an image', async () => {
    const { core } = await adminCopy();
    const server = await startTileServer({ 'notes.txt': Buffer.from('not a picture') });
    await setSource(core, { kind: 'xyz', url: `${server.origin}/missing/{z}/{x}/{y}.png` });
    expect(await tile(core, 1, 0, 0)).toBeNull();

    await setSource(core, { kind: 'xyz', url: `${server.origin}/archives/notes.txt?t={z}-{x}-{y}` });
    const error = await rejection(tile(core, 1, 0, 0));
    expect(error.message).toMatch(/not a PNG, JPEG or WebP image/);
  });

  it('refuses tile coordinates outside the zoom level', async () => {
    const { core } = await adminCopy();
    expect((await rejection(tile(core, 1, 2, 0))).code).toBe('invalid_params');
    expect((await rejection(tile(core, 25, 0, 0))).code).toBe('invalid_params');
  });

  it('bounds the cache, dropping the tiles used longest ago first', async () => {
    const { core, dataDir } = await adminCopy();
    const server = await startTileServer();
    await setSource(core, { kind: 'xyz', url: `${server.origin}/tiles/{z}/{x}/{y}.png` });
    core.close();

    const store = openStore(path.join(dataDir, 'muster.db'));
    onTestFinished(() => void store.close());
    let clock = Date.parse('2026-03-01T08:00:00Z');
    const tileBytes = solidPng([0, 0, 0]).length;
    const map = createMapService(store, createWorkspaceService(store), {
      dataDir,
      cacheBytes: tileBytes * 2.5,
      now: () => (clock += 2 * 3_600_000),
    });
    await map.tile({ z: 2, x: 0, y: 0 });
    await map.tile({ z: 2, x: 1, y: 0 });
    await map.tile({ z: 2, x: 0, y: 0 }); // used again: now the newer of the two
    await map.tile({ z: 2, x: 2, y: 0 });
    const cached = new Database(path.join(dataDir, 'muster.db'), { readonly: true });
    onTestFinished(() => void cached.close());
    expect(cached.prepare('SELECT x FROM map_tiles ORDER BY x').pluck().all()).toEqual([0, 2]);
    expect(server.requests).toHaveLength(3);
  });
});

describe('tiles from a PMTiles archive', () => {
  it('reads raster tiles from an archive in the maps folder, with no network at all', async () => {
    const { core, dataDir } = await adminCopy();
    putInMapsFolder(dataDir, 'riverton.pmtiles', pmtilesArchive(TWO_TILES));
    const setting = await setSource(core, { kind: 'pmtiles', location: 'riverton.pmtiles' });
    expect(setting.archivePresent).toBe(true);
    expect(bytesOf(await tile(core, 0, 0, 0))).toEqual(RED);
    expect(bytesOf(await tile(core, 1, 1, 0))).toEqual(BLUE);
    expect(await tile(core, 1, 0, 1)).toBeNull();
    expect(await tile(core, 4, 3, 3)).toBeNull();
  });

  it('accepts an archive this copy does not have yet, and says so until the file is there', async () => {
    const { core, dataDir } = await adminCopy();
    const setting = await setSource(core, { kind: 'pmtiles', location: 'later.pmtiles' });
    expect(setting.archivePresent).toBe(false);
    expect((await rejection(tile(core, 0, 0, 0))).message).toMatch(
      /later\.pmtiles is not in this copy's maps folder/,
    );
    putInMapsFolder(dataDir, 'later.pmtiles', pmtilesArchive(TWO_TILES));
    expect(bytesOf(await tile(core, 0, 0, 0))).toEqual(RED);
  });

  it('reads a remote archive with HTTP range requests and keeps its tiles for offline use', async () => {
    const { core } = await adminCopy();
    const server = await startTileServer({ 'riverton.pmtiles': pmtilesArchive(TWO_TILES) });
    await setSource(core, { kind: 'pmtiles', location: `${server.origin}/archives/riverton.pmtiles` });
    expect(bytesOf(await tile(core, 1, 1, 0))).toEqual(BLUE);
    expect(server.requests.every((r) => r === '/archives/riverton.pmtiles')).toBe(true);
    await server.stop();
    expect(bytesOf(await tile(core, 1, 1, 0))).toEqual(BLUE);
  });

  it('refuses archives of vector tiles, in the maps folder when chosen and remote when read', async () => {
    const { core, dataDir } = await adminCopy();
    const vector = pmtilesArchive([{ z: 0, x: 0, y: 0, data: Buffer.from('vector tile') }], PMTILES_TYPE.mvt);
    putInMapsFolder(dataDir, 'streets.pmtiles', vector);
    const chosen = await rejection(setSource(core, { kind: 'pmtiles', location: 'streets.pmtiles' }));
    expect(chosen.code).toBe('precondition');
    expect(chosen.message).toMatch(/holds vector tiles; Muster shows raster tiles only/);
    expect(((await core.call('getMapSource', {})) as MapSourceSetting).source).toEqual({ kind: 'none' });

    const server = await startTileServer({ 'streets.pmtiles': vector });
    await setSource(core, { kind: 'pmtiles', location: `${server.origin}/archives/streets.pmtiles` });
    expect((await rejection(tile(core, 0, 0, 0))).message).toMatch(/holds vector tiles/);
  });
});

describe('muster map source', () => {
  it('shows the source, sets it for administrators, and exits 2 on a source that does not validate', async () => {
    const { core, dataDir } = await adminCopy();
    core.close();
    const shown = await cli(['--data', dataDir, 'map', 'source']);
    expect(shown).toMatchObject({ code: 0, stdout: expect.stringMatching(/^map source: none/) });

    const set = await cli([
      '--data',
      dataDir,
      'map',
      'source',
      '--pmtiles',
      'riverton.pmtiles',
      '--attribution',
      '© City survey',
    ]);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain('map source: PMTiles archive riverton.pmtiles');
    expect(set.stdout).toContain(
      `missing here (put it at ${path.join(dataDir, 'maps', 'riverton.pmtiles')})`,
    );
    expect(set.stdout).toContain('set by Pia Holm');

    const json = await cli(['--data', dataDir, '--json', 'map', 'source']);
    expect(JSON.parse(json.stdout)).toMatchObject({
      source: { kind: 'pmtiles', location: 'riverton.pmtiles', attribution: '© City survey' },
    });

    const escape = await cli(['--data', dataDir, 'map', 'source', '--pmtiles', '../muster.db']);
    expect(escape.code).toBe(2);
    expect(escape.stderr).toMatch(/file name of a \.pmtiles archive/);
    const both = await cli([
      '--data',
      dataDir,
      'map',
      'source',
      '--none',
      '--xyz',
      'https://t.example/{z}/{x}/{y}.png',
    ]);
    expect(both.code).toBe(2);

    const none = await cli(['--data', dataDir, 'map', 'source', '--none']);
    expect(none).toMatchObject({ code: 0, stdout: expect.stringMatching(/^map source: none/) });
  });
});
