import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { METHOD_NAMES, ipcChannel, type IpcReply } from '../../shared/api-surface';
import type { Core } from '../core/core';
import { MusterError, toErrorBody } from '../core/errors';

/**
 * One handler per contract method. Each checks the sender before anything else, then hands the
 * params to the core, which validates them; failures travel back as an `ok: false` reply because
 * Electron would otherwise flatten them into "Error invoking remote method".
 */
export function registerIpcHandlers(
  ipc: Pick<IpcMain, 'handle'>,
  core: Core,
  isTrusted: (event: IpcMainInvokeEvent) => boolean,
  log: (line: string) => void,
): void {
  for (const method of METHOD_NAMES) {
    ipc.handle(ipcChannel(method), async (event, params: unknown): Promise<IpcReply> => {
      if (!isTrusted(event)) {
        log(`refused ${method} from untrusted frame ${event.senderFrame?.url ?? '(gone)'}`);
        return { ok: false, error: { code: 'bad_frame', message: 'this page may not call Muster' } };
      }
      try {
        return { ok: true, result: await core.call(method, params) };
      } catch (error) {
        if (!(error instanceof MusterError)) log(`${method} failed: ${String(error)}`);
        return { ok: false, error: toErrorBody(error) };
      }
    });
  }
}
