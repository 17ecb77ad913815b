import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { MusterEvent } from '../../../shared/contract';
import { API_PATH, MAX_FRAME_BYTES, type ServerFrame } from '../../../shared/rpc';
import type { Core } from '../core';
import { MusterError } from '../errors';
import { isLoopbackHost, loopbackAuthorities } from './loopback';
import { answerFrame } from './rpc-frames';
import { serveStatic } from './static-files';

export type ServeOptions = {
  core: Core;
  /** The built renderer (index.html and assets). */
  rendererDir: string;
  host: string;
  port: number;
  log: (line: string) => void;
};

export type ServeHost = { url: string; close(): Promise<void> };

/**
 * Hosts the core for a browser: the renderer over HTTP and the contract over a WebSocket at /api.
 *
 * There is no sign-in yet, so it listens on loopback only, and refuses requests whose Host header
 * is not this listener (DNS rebinding) and sockets whose Origin is not this page (another site in
 * the same browser must not drive the API).
 */
export async function startServeHost(options: ServeOptions): Promise<ServeHost> {
  const { core, host, log } = options;
  if (!isLoopbackHost(host)) {
    throw new MusterError(
      'invalid_params',
      `--host ${host} is not a loopback address; serving beyond this machine needs sign-in, which this version does not have`,
    );
  }
  const rendererDir = path.resolve(options.rendererDir);
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error(`the UI is not built (no ${path.join(rendererDir, 'index.html')}); run npm run build`);
  }

  let authorities = new Set<string>();
  const server = http.createServer((req, res) => {
    if (!authorities.has(req.headers.host ?? '')) {
      res.writeHead(421).end('misdirected request');
      return;
    }
    serveStatic(rendererDir, req, res).catch((error: unknown) => {
      log(`static file error: ${String(error)}`);
      res.destroy();
    });
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const authority = req.headers.host ?? '';
    const pathname = new URL(req.url ?? '/', 'http://host').pathname;
    const allowed =
      pathname === API_PATH && authorities.has(authority) && req.headers.origin === `http://${authority}`;
    if (!allowed) {
      log(`refused WebSocket from origin ${req.headers.origin ?? '(none)'} to ${authority}${pathname}`);
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => attach(ws));
  });

  const attach = (ws: WebSocket) => {
    const send = (frame: ServerFrame) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    };
    const unsubscribe = core.onEvent((event: MusterEvent) => send({ event }));
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        send({
          id: null,
          ok: false,
          error: { code: 'bad_frame', message: 'binary frames are not accepted' },
        });
        return;
      }
      void answerFrame(core, data.toString(), (error) => log(`handler failed: ${String(error)}`)).then(send);
    });
    // A frame over maxPayload closes the socket with 1009; nothing else to clean up but the listener.
    ws.on('error', (error) => log(`socket error: ${error.message}`));
    ws.on('close', unsubscribe);
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`port ${options.port} on ${host} is already in use; pass --port 0 to pick a free one`)
          : error,
      ),
    );
    server.listen(options.port, host, () => {
      server.removeAllListeners('error');
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  authorities = loopbackAuthorities(host, port);
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}/`,
    close: async () => {
      for (const ws of sockets.clients) ws.close(1001, 'server shutting down');
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
