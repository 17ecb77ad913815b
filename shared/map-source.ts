/**
 * Where the map's background tiles come from, a workspace-wide choice an administrator publishes
 * (issue 6). With `none` the map draws incidents on a plain coordinate canvas and nothing is
 * requested from anywhere. Tiles are always fetched by the core, never by the page, so the page's
 * policy keeps allowing its own origin only.
 */
import { z } from 'zod';

export const TILE_PLACEHOLDERS = ['{z}', '{x}', '{y}'] as const;
const URL_MAX = 2_000;
const ATTRIBUTION_MAX = 300;

/** An archive in the copy's `<data dir>/maps/` folder: a bare name, so it cannot point elsewhere. */
const ARCHIVE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}\.pmtiles$/;

/** The URL with every placeholder filled: what a request for tile z/x/y asks for. */
export function tileUrl(template: string, tile: { z: number; x: number; y: number }): string {
  return template
    .replaceAll('{z}', String(tile.z))
    .replaceAll('{x}', String(tile.x))
    .replaceAll('{y}', String(tile.y));
}

/** Why `text` is not an http(s) URL fit to publish to every member, or null when it is. */
function urlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'must be a full http:// or https:// URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http:// or https:// URL';
  if (!url.hostname) return 'must name a host';
  // Every member receives the setting, so a password in it would be handed to all of them.
  if (url.username || url.password) return 'must not hold a user name or password';
  return null;
}

const tileTemplate = z
  .string()
  .trim()
  .max(URL_MAX, `must be at most ${URL_MAX} characters`)
  .superRefine((text, ctx) => {
    const unknown = (text.match(/\{[^}]*\}?/g) ?? []).filter(
      (p) => !(TILE_PLACEHOLDERS as readonly string[]).includes(p),
    );
    if (unknown.length) {
      ctx.addIssue({
        code: 'custom',
        message: `unknown placeholder ${unknown[0]}; a tile URL may use only {z}, {x} and {y}`,
      });
      return;
    }
    const missing = TILE_PLACEHOLDERS.filter((p) => text.split(p).length !== 2);
    if (missing.length) {
      ctx.addIssue({
        code: 'custom',
        message: 'a tile URL must contain each of {z}, {x} and {y} exactly once',
      });
      return;
    }
    const problem = urlProblem(tileUrl(text, { z: 0, x: 0, y: 0 }));
    if (problem) {
      ctx.addIssue({ code: 'custom', message: problem });
      return;
    }
    // A placeholder in the host name would send requests to hosts the administrator never named.
    const host = (n: number) => new URL(tileUrl(text, { z: n, x: n, y: n })).host;
    if (host(0) !== host(1))
      ctx.addIssue({ code: 'custom', message: 'placeholders belong in the path or query, not the host' });
  });

const archiveLocation = z
  .string()
  .trim()
  .min(1, 'must name an archive')
  .max(URL_MAX, `must be at most ${URL_MAX} characters`)
  .superRefine((text, ctx) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(text)) {
      const problem = urlProblem(text);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    } else if (!ARCHIVE_NAME.test(text)) {
      ctx.addIssue({
        code: 'custom',
        message:
          'must be an http(s) URL, or the file name of a .pmtiles archive in the maps folder (letters, digits, . _ -; no folders)',
      });
    }
  });

const attribution = z.string().trim().min(1).max(ATTRIBUTION_MAX).optional();

export const mapSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  z.object({ kind: z.literal('xyz'), url: tileTemplate, attribution }).strict(),
  z.object({ kind: z.literal('pmtiles'), location: archiveLocation, attribution }).strict(),
]);
export type MapSource = z.infer<typeof mapSourceSchema>;

export const NO_MAP_SOURCE: MapSource = { kind: 'none' };

/** A PMTiles location that is read over HTTP rather than from the maps folder. */
export const isRemoteArchive = (location: string) => /^https?:\/\//i.test(location);

/** The source in force, who chose it and when (null before any administrator did). */
export type MapSourceSetting = {
  source: MapSource;
  setBy: { memberId: string; user: string } | null;
  setAt: string | null;
  /** For an archive in the maps folder: whether this copy has the file. */
  archivePresent: boolean | null;
};

/** Web-mercator tile coordinates, as map libraries ask for them. */
export const MAX_TILE_ZOOM = 24;
export const mapTileSchema = z
  .object({
    z: z.number().int().min(0).max(MAX_TILE_ZOOM),
    x: z.number().int().min(0),
    y: z.number().int().min(0),
  })
  .strict()
  .refine((t) => t.x < 2 ** t.z && t.y < 2 ** t.z, 'x and y must lie inside the zoom level (0 to 2^z - 1)');

/** A raster tile: PNG, JPEG or WebP bytes, base64 so every transport carries it as JSON. */
export type MapTile = { contentType: 'image/png' | 'image/jpeg' | 'image/webp'; base64: string };
