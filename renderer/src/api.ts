/**
 * The renderer's only door to the core. In the desktop app the preload has put the API on
 * `window.muster`; in a browser tab served by `muster serve` the same API runs over a WebSocket.
 * Nothing else in the renderer knows which host it is in.
 */
// Before any schema is built (see zod-jitless.ts).
import './zod-jitless';
import type { MusterApi } from '../../shared/contract';
import { API_PATH } from '../../shared/rpc';
import { connectWebSocketApi } from './transport/websocket';

function apiUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${window.location.host}${API_PATH}`;
}

export const api: MusterApi = window.muster ?? connectWebSocketApi(apiUrl());
