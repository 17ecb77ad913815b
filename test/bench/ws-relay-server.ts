/**
 * The raw WebSocket baseline for the sync benchmarks, run as its own process: every binary message
 * goes to every other client of the same path, nothing is decoded, stored or checked. It is the
 * floor any server relaying updates over ws can reach. The ws library answers pings by itself, which
 * the merge benchmark uses to measure one loopback round trip.
 *
 *   node --import tsx test/bench/ws-relay-server.ts     prints {"url":"ws://127.0.0.1:PORT"}
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

const server = createServer((_request, response) => response.writeHead(404).end());
const wss = new WebSocketServer({ server, maxPayload: 64 * 1024 * 1024 });
const rooms = new Map<string, Set<WebSocket>>();

wss.on('connection', (ws, request) => {
  const path = request.url ?? '/';
  let room = rooms.get(path);
  if (!room) rooms.set(path, (room = new Set()));
  const peers = room;
  peers.add(ws);
  ws.on('message', (data, isBinary) => {
    for (const peer of peers)
      if (peer !== ws && peer.readyState === peer.OPEN) peer.send(data, { binary: isBinary });
  });
  ws.on('close', () => {
    peers.delete(ws);
    if (peers.size === 0) rooms.delete(path);
  });
  ws.on('error', () => ws.terminate());
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ url: `ws://127.0.0.1:${port}` })}\n`);
});

const stop = () => {
  for (const ws of wss.clients) ws.terminate();
  server.close(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
