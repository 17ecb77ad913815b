import { contextBridge, ipcRenderer } from 'electron';
import { EVENT_CHANNEL, apiFromRequest, ipcChannel, type IpcReply } from '../../shared/api-surface';
import type { MusterApi, MusterEvent } from '../../shared/contract';

/**
 * Builds `window.muster` from the contract's method list: one named function per method and an
 * event subscription. The page never sees ipcRenderer itself.
 */
export function buildApi(ipc: Pick<typeof ipcRenderer, 'invoke' | 'on' | 'removeListener'>): MusterApi {
  return apiFromRequest(
    async (method, params) => {
      const reply = (await ipc.invoke(ipcChannel(method), params)) as IpcReply;
      if (!reply.ok) throw new Error(reply.error.message);
      return reply.result;
    },
    (listener: (event: MusterEvent) => void) => {
      const relay = (_event: unknown, payload: MusterEvent) => listener(payload);
      ipc.on(EVENT_CHANNEL, relay);
      return () => void ipc.removeListener(EVENT_CHANNEL, relay);
    },
  );
}

contextBridge.exposeInMainWorld('muster', buildApi(ipcRenderer));
