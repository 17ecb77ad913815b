/**
 * Map tiles for tests, made here: small PNG images, PMTiles v3 archives written from the public
 * spec (header, root directory, metadata, tile data; no compression), and a tile server on the
 * loopback address that counts what it was asked for and answers Range requests for archives.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32, deflateSync } from 'node:zlib';
import { onTestFinished } from 'vitest';

/** A `size`×`size` PNG of one colour. */
export function solidPng([r, g, b]: readonly [number, number, number], size = 8): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const framed = Buffer.alloc(body.length + 8);
    framed.writeUInt32BE(data.length, 0);
    body.copy(framed, 4);
    framed.writeUInt32BE(crc32(body), body.length + 4);
    return framed;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const row = Buffer.concat([
    Buffer.from([0]),
    Buffer.from(Array.from({ length: size }, () => [r, g, b]).flat()),
  ]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(Array.from({ length: size }, () => row)))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The PMTiles tile id: tiles of lower zooms first, then the Hilbert curve position within z. */
export function tileId(z: number, x: number, y: number): number {
  let before = 0;
  for (let level = 0; level < z; level++) before += 4 ** level;
  const n = 2 ** z;
  let position = 0;
  for (let s = n / 2; s >= 1; s /= 2) {
    const rx = x & s ? 1 : 0;
    const ry = y & s ? 1 : 0;
    position += s * s * ((3 * rx) ^ ry);
    if (ry === 0) {
      if (rx === 1) {
        x = n - 1 - x;
        y = n - 1 - y;
      }
      [x, y] = [y, x];
    }
  }
  return before + position;
}

/** Unsigned LEB128, as PMTiles directories store every number. */
function varint(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    bytes.push(byte);
  } while (value > 0);
  return bytes;
}

export const PMTILES_TYPE = { mvt: 1, png: 2, jpeg: 3, webp: 4 } as const;

export type ArchiveTile = { z: number; x: number; y: number; data: Buffer };

/** A complete PMTiles v3 archive holding `tiles`, declared as `tileType`. */
export function pmtilesArchive(tiles: readonly ArchiveTile[], tileType: number = PMTILES_TYPE.png): Buffer {
  const entries = tiles.map((t) => ({ id: tileId(t.z, t.x, t.y), data: t.data })).sort((a, b) => a.id - b.id);
  const offsets: number[] = [];
  let dataLength = 0;
  for (const entry of entries) {
    offsets.push(dataLength);
    dataLength += entry.data.length;
  }
  const directory = Buffer.from([
    ...varint(entries.length),
    ...entries.flatMap((e, i) => varint(e.id - (i ? entries[i - 1]!.id : 0))),
    ...entries.flatMap(() => varint(1)), // run lengths
    ...entries.flatMap((e) => varint(e.data.length)),
    // Offset + 1 for each entry; 0 would mean "right after the previous one".
    ...entries.flatMap((_, i) => varint(offsets[i]! + 1)),
  ]);
  const metadata = Buffer.from(JSON.stringify({ name: 'test tiles' }));
  const header = Buffer.alloc(127);
  header.write('PMTiles', 0, 'ascii');
  header.writeUInt8(3, 7);
  const rootOffset = 127;
  const metadataOffset = rootOffset + directory.length;
  const tileDataOffset = metadataOffset + metadata.length;
  const u64 = (value: number, at: number) => header.writeBigUInt64LE(BigInt(value), at);
  u64(rootOffset, 8);
  u64(directory.length, 16);
  u64(metadataOffset, 24);
  u64(metadata.length, 32);
  u64(tileDataOffset, 40); // no leaf directories: they would start where the tile data does
  u64(0, 48);
  u64(tileDataOffset, 56);
  u64(dataLength, 64);
  u64(entries.length, 72);
  u64(entries.length, 80);
  u64(entries.length, 88);
  header.writeUInt8(1, 96); // clustered
  header.writeUInt8(1, 97); // internal compression: none
  header.writeUInt8(1, 98); // tile compression: none
  header.writeUInt8(tileType, 99);
  const zooms = tiles.map((t) => t.z);
  header.writeUInt8(Math.min(...zooms), 100);
  header.writeUInt8(Math.max(...zooms), 101);
  header.writeInt32LE(-180e7, 102);
  header.writeInt32LE(-85e7, 106);
  header.writeInt32LE(180e7, 110);
  header.writeInt32LE(85e7, 114);
  header.writeUInt8(Math.min(...zooms), 118);
  return Buffer.concat([header, directory, metadata, ...entries.map((e) => e.data)]);
}

export type TileServer = {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Paths asked for, in order. */
  requests: string[];
  stop(): Promise<void>;
};

/**
 * A loopback tile server: `/tiles/{z}/{x}/{y}.png` answers a PNG whose colour depends on the tile,
 * `/archives/<name>` serves `archives[name]` with HTTP Range support. Stopped when the test ends.
 */
export async function startTileServer(archives: Record<string, Buffer> = {}): Promise<TileServer> {
  const requests: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    requests.push(req.url ?? '/');
    const path = new URL(req.url ?? '/', 'http://tiles').pathname;
    const tile = /^\/tiles\/(\d+)\/(\d+)\/(\d+)\.png$/.exec(path);
    if (tile) {
      const [z, x, y] = tile.slice(1).map(Number) as [number, number, number];
      const png = solidPng([(x * 97) % 256, (y * 57) % 256, 120 + z * 5]);
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length }).end(png);
      return;
    }
    const archive = /^\/archives\/([^/]+)$/.exec(path);
    const body = archive ? archives[archive[1]!] : undefined;
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
    if (!range) {
      res.writeHead(200, { 'content-length': body.length }).end(body);
      return;
    }
    const start = Number(range[1]);
    const end = Math.min(Number(range[2]), body.length - 1);
    res
      .writeHead(206, {
        'content-range': `bytes ${start}-${end}/${body.length}`,
        'content-length': end - start + 1,
      })
      .end(body.subarray(start, end + 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }));
  onTestFinished(stop);
  return { origin: `http://127.0.0.1:${port}`, requests, stop };
}
