import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { registerIpcHandlers } from '../../../electron/main/ipc';
import { METHOD_NAMES, ipcChannel, type IpcReply } from '../../../shared/api-surface';
import { coreWithWorkspace } from '../../support/workspace';

type Handler = (event: IpcMainInvokeEvent, params: unknown) => Promise<IpcReply>;

const TRUSTED = { senderFrame: { url: 'file:///app/out/renderer/index.html' } } as IpcMainInvokeEvent;
const UNTRUSTED = { senderFrame: { url: 'https://evil.example/' } } as IpcMainInvokeEvent;

/** Registers the handlers on a fake ipcMain over a real core with a workspace in a fresh data dir. */
async function setup() {
  const { core } = await coreWithWorkspace();
  onTestFinished(() => core.close());
  const call = vi.spyOn(core, 'call');
  const handlers = new Map<string, Handler>();
  const ipc = {
    handle: vi.fn((channel: string, handler: Handler) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, handler);
    }),
  };
  const log = vi.fn();
  registerIpcHandlers(ipc, core, (event) => event === TRUSTED, log);
  const invoke = (channel: string, event: IpcMainInvokeEvent, params?: unknown) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler(event, params);
  };
  return { core, call, handlers, invoke, log };
}

describe('registerIpcHandlers', () => {
  it('registers exactly one channel per contract method', async () => {
    const { handlers } = await setup();
    expect([...handlers.keys()].sort()).toEqual(METHOD_NAMES.map(ipcChannel).sort());
  });

  it('refuses an untrusted sender before the core sees the call', async () => {
    const { call, invoke, log } = await setup();
    const reply = await invoke(ipcChannel('createIncident'), UNTRUSTED, {
      title: 'Gas leak',
      severity: 'major',
    });

    expect(reply).toMatchObject({ ok: false, error: { code: 'bad_frame' } });
    expect(call).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith(expect.stringContaining('https://evil.example/'));
    expect(await invoke(ipcChannel('listIncidents'), TRUSTED, {})).toEqual({ ok: true, result: [] });
  });

  it('stores an incident created by the trusted page', async () => {
    const { invoke } = await setup();
    const created = await invoke(ipcChannel('createIncident'), TRUSTED, {
      title: 'Gas leak',
      severity: 'major',
    });

    expect(created).toMatchObject({
      ok: true,
      result: { title: 'Gas leak', severity: 'major', status: 'reported' },
    });
    const listed = await invoke(ipcChannel('listIncidents'), TRUSTED, {});
    expect(listed).toEqual({ ok: true, result: [(created as { result: unknown }).result] });
  });

  it('reports invalid params as a typed error and stores nothing', async () => {
    const { invoke } = await setup();
    const reply = await invoke(ipcChannel('createIncident'), TRUSTED, { title: '', severity: 'apocalyptic' });

    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'invalid_params', message: expect.stringContaining('title') },
    });
    expect(await invoke(ipcChannel('listIncidents'), TRUSTED, {})).toEqual({ ok: true, result: [] });
  });
});
