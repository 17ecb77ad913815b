/**
 * Tiles fetched over the network, kept in the local store so the map still has a background when
 * the tile server is out of reach. The cache is bounded: past `maxBytes`, the tiles used longest
 * ago go first.
 */
import type { MapTile } from '../../../shared/map-source';
import type { Store } from '../db/open';

export type CachedTile = { contentType: MapTile['contentType']; data: Buffer; fetchedAt: number };
type TileKey = { source: string; z: number; x: number; y: number };

/** Marking a tile as used costs a write; once an hour per tile is enough to order evictions. */
const TOUCH_INTERVAL_MS = 3_600_000;

export function createTileCache(db: Store, options: { maxBytes: number; now: () => number }) {
  const select = db.prepare<
    [string, number, number, number],
    { contentType: string; data: Buffer; fetchedAt: number }
  >(
    `SELECT content_type AS contentType, data, fetched_at AS fetchedAt
       FROM map_tiles WHERE source = ? AND z = ? AND x = ? AND y = ?`,
  );
  const touch = db.prepare(
    'UPDATE map_tiles SET used_at = ? WHERE source = ? AND z = ? AND x = ? AND y = ? AND used_at < ?',
  );
  const upsert = db.prepare(
    `INSERT INTO map_tiles (source, z, x, y, content_type, bytes, fetched_at, used_at, data)
       VALUES (@source, @z, @x, @y, @contentType, @bytes, @now, @now, @data)
     ON CONFLICT (source, z, x, y) DO UPDATE SET content_type = excluded.content_type,
       bytes = excluded.bytes, fetched_at = excluded.fetched_at, used_at = excluded.used_at, data = excluded.data`,
  );
  const total = db.prepare('SELECT total(bytes) FROM map_tiles').pluck();
  const oldest = db.prepare<[], { rowid: number; bytes: number }>(
    'SELECT rowid, bytes FROM map_tiles ORDER BY used_at, rowid',
  );
  const remove = db.prepare('DELETE FROM map_tiles WHERE rowid = ?');

  const evict = db.transaction(() => {
    let excess = (total.get() as number) - options.maxBytes;
    if (excess <= 0) return;
    const victims: number[] = [];
    for (const row of oldest.iterate()) {
      if (excess <= 0) break;
      victims.push(row.rowid);
      excess -= row.bytes;
    }
    for (const rowid of victims) remove.run(rowid);
  });

  return {
    get({ source, z, x, y }: TileKey): CachedTile | null {
      const row = select.get(source, z, x, y);
      if (!row) return null;
      const now = options.now();
      touch.run(now, source, z, x, y, now - TOUCH_INTERVAL_MS);
      return {
        contentType: row.contentType as CachedTile['contentType'],
        data: row.data,
        fetchedAt: row.fetchedAt,
      };
    },

    put(key: TileKey, tile: { contentType: MapTile['contentType']; data: Uint8Array }): void {
      // A tile larger than the whole cache would only evict everything and then itself.
      if (tile.data.byteLength > options.maxBytes) return;
      upsert.run({
        ...key,
        contentType: tile.contentType,
        bytes: tile.data.byteLength,
        now: options.now(),
        data: tile.data,
      });
      evict();
    },
  };
}

export type TileCache = ReturnType<typeof createTileCache>;
