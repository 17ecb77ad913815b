import { apiFromRequest, type MethodName } from '../../../shared/api-surface';
import type { MusterApi, MusterEvent } from '../../../shared/contract';
import { serverFrameSchema } from '../../../shared/rpc';

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

const RETRY_DELAYS_MS = [250, 500, 1000, 2000, 5000];

/**
 * The contract over the serve host's WebSocket. Calls made while the socket is (re)connecting wait
 * for it; calls in flight when it drops are rejected, because the host may or may not have run them
 * and the caller must decide whether to retry.
 */
export function connectWebSocketApi(url: string, createSocket = (u: string) => new WebSocket(u)): MusterApi {
  const pending = new Map<number, Pending>();
  const listeners = new Set<(event: MusterEvent) => void>();
  let nextId = 1;
  let attempt = 0;
  let everOpened = false;
  let socket: WebSocket;
  let waitingForOpen: Array<() => void> = [];

  const isOpen = () => socket.readyState === WebSocket.OPEN;
  const whenOpen = () =>
    isOpen() ? Promise.resolve() : new Promise<void>((resolve) => waitingForOpen.push(resolve));

  const connect = () => {
    socket = createSocket(url);
    socket.addEventListener('open', () => {
      if (everOpened) for (const listener of listeners) listener({ type: 'connection.restored' });
      everOpened = true;
      attempt = 0;
      const waiting = waitingForOpen;
      waitingForOpen = [];
      for (const resume of waiting) resume();
    });
    socket.addEventListener('message', (message) => receive(String(message.data)));
    socket.addEventListener('close', () => {
      for (const call of pending.values()) call.reject(new Error('lost the connection to Muster; try again'));
      pending.clear();
      const delay = RETRY_DELAYS_MS[Math.min(attempt++, RETRY_DELAYS_MS.length - 1)];
      setTimeout(connect, delay);
    });
  };

  const receive = (data: string) => {
    let parsed;
    try {
      parsed = serverFrameSchema.safeParse(JSON.parse(data));
    } catch {
      parsed = undefined;
    }
    if (!parsed?.success) {
      console.error('Muster: ignored a malformed frame from the host');
      return;
    }
    const frame = parsed.data;
    if ('event' in frame) {
      for (const listener of listeners) listener(frame.event as MusterEvent);
      return;
    }
    const call = typeof frame.id === 'number' ? pending.get(frame.id) : undefined;
    if (!call) return;
    pending.delete(frame.id as number);
    if (frame.ok) call.resolve(frame.result);
    else call.reject(new Error(frame.error.message));
  };

  const request = async (method: MethodName, params: unknown) => {
    await whenOpen();
    const id = nextId++;
    return new Promise<unknown>((resolve, reject) => {
      if (!isOpen()) {
        reject(new Error('lost the connection to Muster; try again'));
        return;
      }
      pending.set(id, { resolve, reject });
      socket.send(JSON.stringify({ id, method, params }));
    });
  };

  connect();
  return apiFromRequest(request, (listener) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  });
}
