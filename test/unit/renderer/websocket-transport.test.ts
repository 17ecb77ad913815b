import { describe, expect, it, vi } from 'vitest';
import type { MusterEvent } from '../../../shared/contract';
import { connectWebSocketApi } from '../../../renderer/src/transport/websocket';
import { summary } from './fake-api';

/** Just enough of a browser WebSocket to drive the transport by hand. */
class FakeSocket extends EventTarget {
  readyState: number = WebSocket.CONNECTING;
  sent: Array<{ id: number; method: string; params: unknown }> = [];
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  open() {
    this.readyState = WebSocket.OPEN;
    this.dispatchEvent(new Event('open'));
  }
  receive(frame: unknown) {
    this.dispatchEvent(new MessageEvent('message', { data: JSON.stringify(frame) }));
  }
  drop() {
    this.readyState = WebSocket.CLOSED;
    this.dispatchEvent(new Event('close'));
  }
}

function connect() {
  const sockets: FakeSocket[] = [];
  const api = connectWebSocketApi('ws://127.0.0.1:1/api', () => {
    const socket = new FakeSocket();
    sockets.push(socket);
    return socket as unknown as WebSocket;
  });
  return { api, sockets };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('WebSocket transport', () => {
  it('holds calls until the socket opens, then resolves each by its id', async () => {
    const { api, sockets } = connect();
    const listing = api.listIncidents({});
    const info = api.getAppInfo({});
    await flush();
    expect(sockets[0]!.sent).toEqual([]);
    sockets[0]!.open();
    await flush();
    const [first, second] = sockets[0]!.sent;
    expect([first?.method, second?.method]).toEqual(['listIncidents', 'getAppInfo']);
    sockets[0]!.receive({
      id: second!.id,
      ok: true,
      result: { name: 'Muster', version: '0.1.0', host: 'serve' },
    });
    sockets[0]!.receive({ id: first!.id, ok: true, result: [] });
    await expect(listing).resolves.toEqual([]);
    await expect(info).resolves.toMatchObject({ host: 'serve' });
  });

  it('turns an error frame into a rejection carrying the host message', async () => {
    const { api, sockets } = connect();
    sockets[0]!.open();
    const creating = api.createIncident({ title: '', severity: 'major' });
    await flush();
    sockets[0]!.receive({
      id: sockets[0]!.sent[0]!.id,
      ok: false,
      error: { code: 'invalid_params', message: 'title must not be empty' },
    });
    await expect(creating).rejects.toThrow('title must not be empty');
  });

  it('rejects calls in flight when the connection drops, then reconnects and says so', async () => {
    vi.useFakeTimers();
    try {
      const { api, sockets } = connect();
      sockets[0]!.open();
      const listing = api.listIncidents({});
      await vi.advanceTimersByTimeAsync(0);
      sockets[0]!.drop();
      await expect(listing).rejects.toThrow(/lost the connection/);
      const seen: MusterEvent[] = [];
      api.onEvent((e) => seen.push(e));
      await vi.advanceTimersByTimeAsync(1000);
      expect(sockets).toHaveLength(2);
      expect(seen).toEqual([]);
      sockets[1]!.open();
      // Events may have been missed while it was down: views are told to reload.
      expect(seen).toEqual([{ type: 'connection.restored' }]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('delivers pushed events to subscribers and ignores malformed frames', async () => {
    const { api, sockets } = connect();
    sockets[0]!.open();
    const seen: MusterEvent[] = [];
    const unsubscribe = api.onEvent((e) => seen.push(e));
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    sockets[0]!.dispatchEvent(new MessageEvent('message', { data: 'not json' }));
    sockets[0]!.receive({ surprise: true });
    const event: MusterEvent = {
      type: 'incident.changed',
      incident: summary('a', 'T', { severity: 'minor' }),
    };
    sockets[0]!.receive({ event });
    unsubscribe();
    sockets[0]!.receive({ event });
    expect(seen).toEqual([event]);
    expect(error).toHaveBeenCalledTimes(2);
    error.mockRestore();
  });
});
