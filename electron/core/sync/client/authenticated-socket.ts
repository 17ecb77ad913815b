/**
 * y-websocket's provider opens sockets itself (`new WebSocketPolyfill(url, protocols)`), and browsers'
 * WebSocket cannot send headers. The core runs in Node, so it hands the provider a `ws` subclass that
 * signs a fresh token for each connection attempt (hub-auth.ts).
 */
import { WebSocket } from 'ws';
import { authorizationFor, type DeviceCredentials } from '../hub-auth';

export function authenticatedSocket(credentials: DeviceCredentials) {
  return class AuthenticatedSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      const path = new URL(url).pathname;
      super(url, protocols, {
        headers: { authorization: authorizationFor(credentials, path) },
        handshakeTimeout: 10_000,
      });
    }
  };
}

/** ws://host:port -> http://host:port, for the hub's plain HTTP endpoints. */
export const httpUrlOf = (hubUrl: string) => hubUrl.replace(/^ws(s?):\/\//, 'http$1://');
