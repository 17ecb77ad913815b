/**
 * MapLibre under Muster's content security policy: its worker is a script file of our own (no
 * blob: worker), and tiles come through the core's API by a custom protocol, so the page itself
 * never requests anything from another origin.
 */
import { addProtocol, setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { api } from '../../api';

export const TILE_PROTOCOL = 'muster-tile';

/** A transparent 1×1 PNG: where the source has no tile, the map shows no background there. */
const EMPTY_TILE =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

const bytesOf = (base64: string) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)).buffer;

let registered = false;

/** Tile URLs for the map's raster source; `version` changes with the source so no old tile is reused. */
export function tileUrlTemplate(version: string): string {
  return `${TILE_PROTOCOL}://tile/{z}/{x}/{y}?source=${encodeURIComponent(version)}`;
}

export function registerTileProtocol(): void {
  if (registered) return;
  registered = true;
  setWorkerUrl(new URL(workerUrl, window.location.href).href);
  addProtocol(TILE_PROTOCOL, async ({ url }) => {
    const match = /^[a-z-]+:\/\/tile\/(\d+)\/(\d+)\/(\d+)/.exec(url);
    if (!match) throw new Error(`not a map tile: ${url}`);
    const [z, x, y] = match.slice(1).map(Number) as [number, number, number];
    const tile = await api.getMapTile({ z, x, y });
    return { data: bytesOf(tile?.base64 ?? EMPTY_TILE) };
  });
}
