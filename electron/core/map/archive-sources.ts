/**
 * Where the `pmtiles` reader gets an archive's bytes: a file in the copy's maps folder, or an
 * HTTP server that answers Range requests. The reader asks for byte ranges (the header, then
 * directories, then one tile), so neither source ever loads a whole archive.
 */
import { open } from 'node:fs/promises';
import path from 'node:path';
import type { RangeResponse, Source } from 'pmtiles';
import { MusterError } from '../errors';
import { fetchBounded, type FetchLimits } from './bounded-fetch';

export const MAPS_FOLDER = 'maps';

/** The archive's path inside `<data dir>/maps/`; a name that would leave the folder is refused. */
export function archivePath(dataDir: string, fileName: string): string {
  const folder = path.resolve(dataDir, MAPS_FOLDER);
  const file = path.resolve(folder, fileName);
  if (path.dirname(file) !== folder) {
    throw new MusterError('invalid_params', `${fileName} is not a file name inside the maps folder`);
  }
  return file;
}

/** Reads ranges of a local archive; a range past the end comes back short, as the reader expects. */
export class MapsFolderSource implements Source {
  constructor(
    private readonly file: string,
    private readonly maxBytes: number,
  ) {}

  getKey(): string {
    return this.file;
  }

  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    if (length > this.maxBytes) throw rangeTooLarge(path.basename(this.file), length);
    let handle;
    try {
      handle = await open(this.file, 'r');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new MusterError(
        'precondition',
        code === 'ENOENT'
          ? `map archive ${path.basename(this.file)} is not in this copy's maps folder (${path.dirname(this.file)})`
          : `could not open map archive ${path.basename(this.file)}: ${code ?? String(error)}`,
      );
    }
    try {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      return { data: toArrayBuffer(buffer.subarray(0, bytesRead)) };
    } finally {
      await handle.close();
    }
  }
}

/** Reads ranges of a remote archive with bounded HTTP Range requests. */
export class HttpRangeSource implements Source {
  constructor(
    private readonly url: string,
    private readonly limits: FetchLimits,
  ) {}

  getKey(): string {
    return this.url;
  }

  async getBytes(offset: number, length: number, signal?: AbortSignal): Promise<RangeResponse> {
    const host = new URL(this.url).host;
    if (length > this.limits.maxBytes) throw rangeTooLarge(host, length);
    const { status, bytes, headers } = await fetchBounded(
      this.url,
      { ...this.limits, maxBytes: length },
      { headers: { range: `bytes=${offset}-${offset + length - 1}` }, signal },
    );
    // 200 is a server that ignored the range and sent the whole file, which fits in the first read
    // only for a tiny archive; larger ones overran the limit above.
    if (status === 206 || (status === 200 && offset === 0)) {
      return { data: toArrayBuffer(bytes), etag: strongEtag(headers.get('etag')) };
    }
    throw new MusterError('precondition', `map archive at ${host} answered ${status} to a range request`);
  }
}

const rangeTooLarge = (where: string, length: number) =>
  new MusterError(
    'precondition',
    `map archive ${where} asks for a ${length}-byte read, more than Muster allows`,
  );

const strongEtag = (etag: string | null) => (etag && !etag.startsWith('W/') ? etag : undefined);

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(copy).set(bytes);
  return copy;
}
