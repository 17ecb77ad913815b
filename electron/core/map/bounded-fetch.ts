/**
 * HTTP GETs whose time and size are bounded: a slow or misbehaving tile server costs the core at
 * most `timeoutMs` and `maxBytes`, never an unbounded wait or buffer.
 */
import { MusterError } from '../errors';

export type FetchLimits = { timeoutMs: number; maxBytes: number };
export type Fetched = { status: number; headers: Headers; bytes: Uint8Array };

export async function fetchBounded(
  url: string,
  limits: FetchLimits,
  init: { headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<Fetched> {
  const signals = [AbortSignal.timeout(limits.timeoutMs), ...(init.signal ? [init.signal] : [])];
  const where = new URL(url).host;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: init.headers,
      signal: AbortSignal.any(signals),
      // A redirect could lead anywhere; the administrator named this host.
      redirect: 'error',
    });
  } catch (error) {
    throw unreachable(where, error);
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > limits.maxBytes) {
    await response.body?.cancel();
    throw tooLarge(where, limits.maxBytes);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body ?? []) {
      size += chunk.byteLength;
      if (size > limits.maxBytes) {
        await response.body?.cancel();
        throw tooLarge(where, limits.maxBytes);
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof MusterError) throw error;
    throw unreachable(where, error);
  }
  return { status: response.status, headers: response.headers, bytes: Buffer.concat(chunks, size) };
}

const tooLarge = (host: string, max: number) =>
  new MusterError('precondition', `${host} sent more than ${max} bytes for one map tile request`);

function unreachable(host: string, error: unknown): MusterError {
  const reason =
    error instanceof Error && error.name === 'TimeoutError'
      ? 'it did not answer in time'
      : error instanceof Error && error.cause instanceof Error
        ? error.cause.message
        : String(error);
  return new MusterError('precondition', `map tiles: could not reach ${host} (${reason})`);
}
