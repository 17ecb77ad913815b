import { contextBridge, ipcRenderer } from 'electron';
import { EVENT_CHANNEL, METHOD_NAMES, ipcChannel, type IpcReply } from '../../shared/api-surface';
import type { MusterApi, MusterEvent } from '../../shared/contract';

/**
 * Builds `window.muster` from the contract's method list: one named function per method and an
 * event subscription. The page never sees ipcRenderer itself.
 */
export function buildApi(ipc: Pick<typeof ipcRenderer, 'invoke' | 'on' | 'removeListener'>): MusterApi {
  const methods = Object.fromEntries(
    METHOD_NAMES.map((method) => [
      method,
      async (params: unknown) => {
        const reply = (await ipc.invoke(ipcChannel(method), params)) as IpcReply;
        if (!reply.ok) throw new Error(reply.error.message);
        return reply.result;
      },
    ]),
  );
  return {
    ...methods,
    onEvent(listener: (event: MusterEvent) => void) {
      const relay = (_event: unknown, payload: MusterEvent) => listener(payload);
      ipc.on(EVENT_CHANNEL, relay);
      return () => ipc.removeListener(EVENT_CHANNEL, relay);
    },
  } as MusterApi;
}

contextBridge.exposeInMainWorld('muster', buildApi(ipcRenderer));
