import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNEL, METHOD_NAMES, ipcChannel } from '../../../shared/api-surface';

type Listener = (...args: unknown[]) => unknown;
type WindowOptions = { webPreferences: { preload: string } & Record<string, unknown> };

// The main process runs only inside Electron, whose binary cannot run here: fake the parts it uses,
// recording what it asks for so the tests can check how it wires the app.
const electron = vi.hoisted(() => {
  const appListeners = new Map<string, Listener[]>();
  const windows: BrowserWindow[] = [];
  class BrowserWindow {
    static getAllWindows = () => windows;
    webContents = { send: vi.fn() };
    url: string | undefined;
    constructor(readonly options: WindowOptions) {
      windows.push(this);
    }
    once() {}
    loadURL(url: string) {
      this.url = url;
      return Promise.resolve();
    }
  }
  return {
    appListeners,
    windows,
    app: {
      // Packaged, so the core opens the Node-built better-sqlite3 this test process can load.
      isPackaged: true,
      enableSandbox: vi.fn(),
      whenReady: vi.fn(() => Promise.resolve()),
      on: vi.fn((name: string, listener: Listener) => {
        appListeners.set(name, [...(appListeners.get(name) ?? []), listener]);
      }),
      quit: vi.fn(),
      exit: vi.fn(),
    },
    BrowserWindow,
    ipcMain: { handle: vi.fn() },
    session: { defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() } },
    shell: { openExternal: vi.fn(() => Promise.resolve()) },
  };
});
vi.mock('electron', () => electron);

const fire = (name: string, ...args: unknown[]) => {
  const listeners = electron.appListeners.get(name) ?? [];
  if (listeners.length === 0) throw new Error(`no app '${name}' listener`);
  for (const listener of listeners) listener(...args);
};
const handlerFor = (channel: string) =>
  electron.ipcMain.handle.mock.calls.find(([name]) => name === channel)?.[1] as Listener;

let dataDir: string;
const savedDataEnv = process.env.MUSTER_DATA;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'muster-main-'));
  process.env.MUSTER_DATA = dataDir;
  await import('../../../electron/main/index');
  // Startup continues in a whenReady().then(): wait until it has opened the window.
  await vi.waitFor(() => expect(electron.windows).toHaveLength(1));
});

afterAll(() => {
  // Closing twice is harmless, and this closes the store even if the will-quit test failed.
  if (electron.appListeners.has('will-quit')) fire('will-quit');
  if (savedDataEnv === undefined) delete process.env.MUSTER_DATA;
  else process.env.MUSTER_DATA = savedDataEnv;
  rmSync(dataDir, { recursive: true, force: true });
});

describe('Electron main process', () => {
  it('starts without errors and turns the sandbox on for every renderer', () => {
    expect(electron.app.exit).not.toHaveBeenCalled();
    expect(electron.app.enableSandbox).toHaveBeenCalledOnce();
  });

  it('opens one window with secure preferences, our preload and our page', () => {
    const [window] = electron.windows;
    expect(window!.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webviewTag: false,
    });
    expect(window!.options.webPreferences.preload).toMatch(/[\\/]out[\\/]preload[\\/]index\.cjs$/);
    expect(window!.url).toMatch(/^file:\/\/.*\/out\/renderer\/index\.html$/);
  });

  it('denies every permission on the default session', () => {
    const { setPermissionRequestHandler, setPermissionCheckHandler } = electron.session.defaultSession;
    expect(setPermissionRequestHandler).toHaveBeenCalledOnce();
    expect(setPermissionCheckHandler).toHaveBeenCalledOnce();
    const callback = vi.fn();
    setPermissionRequestHandler.mock.calls[0]![0]({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
  });

  it('handles one IPC channel per contract method', () => {
    const channels = electron.ipcMain.handle.mock.calls.map(([channel]) => channel);
    expect(channels.sort()).toEqual(METHOD_NAMES.map(ipcChannel).sort());
  });

  it('guards every web contents the app creates', () => {
    const listeners = new Map<string, Listener>();
    let openHandler: Listener | undefined;
    const contents = {
      on: (name: string, listener: Listener) => listeners.set(name, listener),
      setWindowOpenHandler: (handler: Listener) => (openHandler = handler),
    };
    fire('web-contents-created', {}, contents);

    const navigation = { preventDefault: vi.fn() };
    listeners.get('will-navigate')!(navigation, 'https://evil.example/');
    expect(navigation.preventDefault).toHaveBeenCalled();
    expect(openHandler!({ url: 'https://example.org/' })).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal).toHaveBeenCalledExactlyOnceWith('https://example.org/');
  });

  it('serves the trusted page from the core and pushes its events to the window', async () => {
    const trusted = { senderFrame: { url: electron.windows[0]!.url, parent: null } };
    const init = { workspace: 'Riverton', department: 'energy', user: 'Bo' };
    expect(await handlerFor(ipcChannel('initWorkspace'))(trusted, init)).toMatchObject({ ok: true });
    const reply = await handlerFor(ipcChannel('createIncident'))(trusted, {
      title: 'Flood',
      severity: 'minor',
    });
    expect(reply).toMatchObject({ ok: true, result: { title: 'Flood' } });
    // The store lives where MUSTER_DATA points, as `npm start --data` relies on.
    expect(existsSync(path.join(dataDir, 'muster.db'))).toBe(true);
    expect(electron.windows[0]!.webContents.send).toHaveBeenCalledWith(EVENT_CHANNEL, {
      type: 'incident.changed',
      incident: (reply as { result: unknown }).result,
    });
  });

  it('closes the core when the app quits', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    fire('will-quit');
    const trusted = { senderFrame: { url: electron.windows[0]!.url, parent: null } };
    // A closed store can no longer answer, which shows will-quit really closed it.
    expect(await handlerFor(ipcChannel('listIncidents'))(trusted, {})).toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
    expect(log).toHaveBeenCalledWith(expect.stringContaining('database connection is not open'));
    log.mockRestore();
  });
});
