/** The hub's HTTP endpoints, as a client uses them: is it up, and which rooms does it hold. */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { z } from 'zod';
import { authorizationFor, type DeviceCredentials } from '../hub-auth';
import { httpUrlOf } from './authenticated-socket';

const REQUEST_TIMEOUT_MS = 3000;
/** A room list of a million names; anything larger is not an answer from a hub. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/**
 * One GET on a fresh connection. fetch keeps connections in a process-wide pool, and after a hub
 * restarts at the same address the first request on a pooled connection fails: a restarted hub
 * looked unreachable.
 */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const request = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', headers, agent: false, timeout: REQUEST_TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) req.destroy(new Error('answer too large'));
        else chunks.push(chunk);
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('no answer in time')));
    req.on('error', reject);
    req.end();
  });
}

export async function hubIsUp(hubUrl: string): Promise<boolean> {
  try {
    return (await get(`${httpUrlOf(hubUrl)}/healthz`)).status === 200;
  } catch {
    return false;
  }
}

const roomListSchema = z.object({ rooms: z.array(z.string().max(128)).max(1_000_000) });

/** The rooms the hub holds for this workspace; throws with the hub's reason if it refuses. */
export async function listHubRooms(
  hubUrl: string,
  workspaceId: string,
  credentials: DeviceCredentials,
): Promise<string[]> {
  const path = `/w/${workspaceId}/_rooms`;
  const { status, body } = await get(`${httpUrlOf(hubUrl)}${path}`, {
    authorization: authorizationFor(credentials, path),
  });
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = {};
  }
  if (status !== 200) {
    const reason = (json as { error?: unknown }).error;
    throw new Error(`hub ${hubUrl} refused: ${typeof reason === 'string' ? reason : status}`);
  }
  return roomListSchema.parse(json).rooms;
}
