/**
 * The map's background tiles (issue 6). The core, not the page, fetches them, so the page never
 * talks to another origin; with no source chosen nothing is requested from anywhere. Tiles from
 * the network are cached in the local store and served from there when the server is out of reach;
 * tiles from an archive in the maps folder are read from the file each time.
 */
import { existsSync, statSync } from 'node:fs';
import { PMTiles, TileType } from 'pmtiles';
import {
  isRemoteArchive,
  type MapSource,
  type MapSourceSetting,
  type MapTile,
  tileUrl,
} from '../../../shared/map-source';
import type { Store } from '../db/open';
import { latestRoomSeq } from '../docs/update-log';
import { MusterError } from '../errors';
import type { WorkspaceService } from '../workspace/service';
import { archivePath, HttpRangeSource, MapsFolderSource } from './archive-sources';
import { fetchBounded } from './bounded-fetch';
import { rasterType } from './raster';
import { mapSourceSetting } from './setting';
import { createTileCache } from './tile-cache';

export type MapServiceOptions = {
  dataDir: string;
  now?: () => number;
  /** Upper bound of the tile cache in the local store. */
  cacheBytes?: number;
  /** How long one request to a tile server may take. */
  timeoutMs?: number;
};

const DEFAULT_CACHE_BYTES = 200 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 10_000;
/** Far above any real raster tile (usually tens of kilobytes), far below what could hurt. */
const MAX_TILE_BYTES = 2 * 1024 * 1024;
/** Archive directories of large regions run to a few megabytes; tiles are checked separately. */
const MAX_ARCHIVE_READ_BYTES = 16 * 1024 * 1024;
/** Cached tiles older than this are fetched again when the server can be reached. */
const REFRESH_AFTER_MS = 7 * 24 * 3_600_000;

type Tile = { z: number; x: number; y: number };
type Archive = { key: string; reader: PMTiles };

const RASTER_TYPES = new Set([TileType.Png, TileType.Jpeg, TileType.Webp]);

export function createMapService(db: Store, workspace: WorkspaceService, options: MapServiceOptions) {
  const now = options.now ?? Date.now;
  const limits = { timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, maxBytes: MAX_TILE_BYTES };
  const cache = createTileCache(db, { maxBytes: options.cacheBytes ?? DEFAULT_CACHE_BYTES, now });
  const inFlight = new Map<string, Promise<MapTile | null>>();
  let archive: Archive | null = null;
  // Reading the setting verifies the directory's events; tiles come by the dozen, so the answer is
  // kept until any room changes.
  let known: { seq: number; setting: ReturnType<typeof mapSourceSetting> } | null = null;

  const current = () => {
    const seq = latestRoomSeq(db);
    if (known?.seq !== seq) {
      const { directory, events } = workspace.directory();
      known = { seq, setting: mapSourceSetting(events, directory) };
    }
    return known.setting;
  };

  const localFile = (source: MapSource) =>
    source.kind === 'pmtiles' && !isRemoteArchive(source.location)
      ? archivePath(options.dataDir, source.location)
      : null;

  const describe = (): MapSourceSetting => {
    const setting = current();
    const file = localFile(setting.source);
    return { ...setting, archivePresent: file ? existsSync(file) : null };
  };

  /**
   * One reader per archive, so its header and directories are read once. A local file that was
   * replaced gets a new reader, and so does any archive after a failed read (the reader would
   * otherwise keep answering with the failure).
   */
  const readerFor = (location: string): PMTiles => {
    const file = isRemoteArchive(location) ? null : archivePath(options.dataDir, location);
    const stat = file ? statSync(file, { throwIfNoEntry: false }) : undefined;
    const key = `${location} ${stat?.mtimeMs ?? ''} ${stat?.size ?? ''}`;
    if (archive?.key !== key) {
      const source = file
        ? new MapsFolderSource(file, MAX_ARCHIVE_READ_BYTES)
        : new HttpRangeSource(location, { ...limits, maxBytes: MAX_ARCHIVE_READ_BYTES });
      archive = { key, reader: new PMTiles(source) };
    }
    return archive.reader;
  };

  const reading = async <T>(location: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      archive = null;
      if (error instanceof MusterError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new MusterError('precondition', `map archive ${location} could not be read: ${reason}`);
    }
  };

  /** Refuses archives the map cannot draw: vector tiles need a style Muster does not ship. */
  const rasterArchive = async (location: string) => {
    const header = await reading(location, () => readerFor(location).getHeader());
    if (!RASTER_TYPES.has(header.tileType)) {
      const kind =
        header.tileType === TileType.Mvt || header.tileType === TileType.Mlt ? 'vector' : 'non-raster';
      throw new MusterError(
        'precondition',
        `map archive ${location} holds ${kind} tiles; Muster shows raster tiles only (PNG, JPEG or WebP)`,
      );
    }
    return header;
  };

  const readArchiveTile = async (location: string, { z, x, y }: Tile): Promise<MapTile | null> => {
    const header = await rasterArchive(location);
    if (z < header.minZoom || z > header.maxZoom) return null;
    const found = await reading(location, () =>
      readerFor(location).getZxy(z, x, y, AbortSignal.timeout(limits.timeoutMs)),
    );
    return found ? asTile(new Uint8Array(found.data), location) : null;
  };

  const fetchXyzTile = async (template: string, tile: Tile): Promise<MapTile | null> => {
    const url = tileUrl(template, tile);
    const { status, bytes } = await fetchBounded(url, limits, { headers: { accept: 'image/*' } });
    if (status === 404 || status === 204) return null;
    if (status !== 200) {
      throw new MusterError('precondition', `map tiles: ${new URL(url).host} answered ${status}`);
    }
    return asTile(bytes, new URL(url).host);
  };

  /** From the network, through the cache: fresh cached tiles first, stale ones when offline. */
  const networkTile = async (key: string, tile: Tile, fetchTile: () => Promise<MapTile | null>) => {
    const cached = cache.get({ source: key, ...tile });
    const fromCache = (c: NonNullable<typeof cached>): MapTile => ({
      contentType: c.contentType,
      base64: c.data.toString('base64'),
    });
    if (cached && now() - cached.fetchedAt < REFRESH_AFTER_MS) return fromCache(cached);
    const id = `${key} ${tile.z}/${tile.x}/${tile.y}`;
    let pending = inFlight.get(id);
    if (!pending) {
      pending = fetchTile()
        .then((fetched) => {
          if (fetched)
            cache.put({ source: key, ...tile }, { ...fetched, data: Buffer.from(fetched.base64, 'base64') });
          return fetched;
        })
        .finally(() => inFlight.delete(id));
      inFlight.set(id, pending);
    }
    try {
      return await pending;
    } catch (error) {
      if (cached) return fromCache(cached);
      throw error;
    }
  };

  return {
    source: describe,

    async setSource(source: MapSource): Promise<MapSourceSetting> {
      if (workspace.directory().identity.member.role !== 'admin') {
        throw new MusterError('forbidden', 'only an administrator can choose where map tiles come from');
      }
      const file = localFile(source);
      // An archive this copy already has is checked now; others are checked where they are used.
      if (source.kind === 'pmtiles' && file && existsSync(file)) await rasterArchive(source.location);
      workspace.writeToDirectory('map.source', { source });
      return describe();
    },

    async tile(tile: Tile): Promise<MapTile | null> {
      const { source } = current();
      switch (source.kind) {
        case 'none':
          return null;
        case 'xyz':
          return networkTile(source.url, tile, () => fetchXyzTile(source.url, tile));
        case 'pmtiles':
          return isRemoteArchive(source.location)
            ? networkTile(source.location, tile, () => readArchiveTile(source.location, tile))
            : readArchiveTile(source.location, tile);
      }
    },
  };
}

function asTile(bytes: Uint8Array, from: string): MapTile {
  if (bytes.byteLength > MAX_TILE_BYTES) {
    throw new MusterError('precondition', `a map tile from ${from} is larger than ${MAX_TILE_BYTES} bytes`);
  }
  const contentType = rasterType(bytes);
  if (!contentType) {
    throw new MusterError('precondition', `${from} sent a map tile that is not a PNG, JPEG or WebP image`);
  }
  return {
    contentType,
    base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
  };
}

export type MapService = ReturnType<typeof createMapService>;
