import type { MapTile } from '../../../shared/map-source';

/**
 * The image type of a tile, from its first bytes rather than what a server or archive claims, so
 * only images the page can draw are passed on; null for anything else.
 */
export function rasterType(bytes: Uint8Array): MapTile['contentType'] | null {
  const starts = (...signature: number[]) => signature.every((b, i) => bytes[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  return null;
}
