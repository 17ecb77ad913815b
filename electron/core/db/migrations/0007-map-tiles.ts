import type { Migration } from '../migrate';

/**
 * Map tiles the core fetched for the map view (issue 6), so that tiles already seen keep showing
 * when the tile server is out of reach. A cache only: any row may be dropped at any time. `bytes`
 * comes before `data` so that totalling the cache's size never reads the images themselves.
 */
export const mapTiles: Migration = {
  version: 7,
  name: 'map-tiles',
  up: `
    CREATE TABLE map_tiles (
      source TEXT NOT NULL,
      z INTEGER NOT NULL,
      x INTEGER NOT NULL,
      y INTEGER NOT NULL,
      content_type TEXT NOT NULL,
      bytes INTEGER NOT NULL,
      fetched_at INTEGER NOT NULL,
      used_at INTEGER NOT NULL,
      data BLOB NOT NULL,
      PRIMARY KEY (source, z, x, y)
    );
    CREATE INDEX map_tiles_by_use ON map_tiles (used_at);
  `,
};
