/** The hub's HTTP endpoints, as a client uses them: is it up, and which rooms does it hold. */
import { z } from 'zod';
import { authorizationFor, type DeviceCredentials } from '../hub-auth';
import { httpUrlOf } from './authenticated-socket';

const REQUEST_TIMEOUT_MS = 3000;

export async function hubIsUp(hubUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${httpUrlOf(hubUrl)}/healthz`, {
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    await response.body?.cancel();
    return response.ok;
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
  const response = await fetch(`${httpUrlOf(hubUrl)}${path}`, {
    headers: { authorization: authorizationFor(credentials, path) },
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const body: unknown = await response.json().catch(() => ({}));
  if (!response.ok) {
    const reason = (body as { error?: unknown }).error;
    throw new Error(`hub ${hubUrl} refused: ${typeof reason === 'string' ? reason : response.status}`);
  }
  return roomListSchema.parse(body).rooms;
}
