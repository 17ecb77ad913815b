import { beforeEach, describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNEL, METHOD_NAMES, ipcChannel } from '../../../shared/api-surface';

// The preload runs only inside Electron, whose binary cannot run here: fake the two objects it uses.
const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() },
}));
vi.mock('electron', () => electron);

type Exposed = Record<string, (...args: unknown[]) => unknown>;

/** Evaluates the preload as Electron would and returns what it put on `window.muster`. */
async function loadPreload(): Promise<Exposed> {
  vi.resetModules();
  electron.contextBridge.exposeInMainWorld.mockClear();
  await import('../../../electron/preload/index');
  expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledOnce();
  const [key, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0]!;
  expect(key).toBe('muster');
  return api as Exposed;
}

beforeEach(() => {
  electron.ipcRenderer.invoke.mockReset();
  electron.ipcRenderer.on.mockReset();
  electron.ipcRenderer.removeListener.mockReset();
});

describe('preload', () => {
  it('exposes exactly the contract methods plus onEvent, all functions', async () => {
    const api = await loadPreload();
    expect(Object.keys(api).sort()).toEqual([...METHOD_NAMES, 'onEvent'].sort());
    for (const value of Object.values(api)) expect(value).toBeTypeOf('function');
  });

  it('invokes the method channel and unwraps an ok reply', async () => {
    const api = await loadPreload();
    const incident = { id: 'i1', title: 'Gas leak', severity: 'major', status: 'reported', createdAt: 'now' };
    electron.ipcRenderer.invoke.mockResolvedValue({ ok: true, result: incident });

    await expect(api.createIncident!({ title: 'Gas leak', severity: 'major' })).resolves.toEqual(incident);
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith(ipcChannel('createIncident'), {
      title: 'Gas leak',
      severity: 'major',
    });
  });

  it('turns an ok:false reply into a rejected Error carrying the message', async () => {
    const api = await loadPreload();
    electron.ipcRenderer.invoke.mockResolvedValue({
      ok: false,
      error: { code: 'invalid_params', message: 'title must not be empty' },
    });

    await expect(api.createIncident!({ title: '', severity: 'major' })).rejects.toThrow(
      new Error('title must not be empty'),
    );
  });

  it('relays pushed events and unsubscribes the same listener', async () => {
    const api = await loadPreload();
    const listener = vi.fn();
    const unsubscribe = api.onEvent!(listener) as () => void;

    expect(electron.ipcRenderer.on).toHaveBeenCalledOnce();
    const [channel, relay] = electron.ipcRenderer.on.mock.calls[0]!;
    expect(channel).toBe(EVENT_CHANNEL);
    const event = { type: 'incident.created', incident: { id: 'i1' } };
    relay({ sender: 'ipc event the page must not see' }, event);
    expect(listener).toHaveBeenCalledExactlyOnceWith(event);

    unsubscribe();
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledExactlyOnceWith(EVENT_CHANNEL, relay);
  });
});
