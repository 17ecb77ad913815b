import { app, BrowserWindow, ipcMain, session, shell } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { EVENT_CHANNEL } from '../../shared/api-surface';
import { createCore, ESCALATION_CHECK_MS } from '../core/core';
import { resolveDataDir } from '../core/data-dir';
import { registerIpcHandlers } from './ipc';
import { electronNativeBinding } from './native-binding';
import { grantOnlyNotifications, guardWebContents, isTrustedSender, secureWebPreferences } from './security';

// out/main/index.js -> the app folder (the checkout, or app.asar when packaged).
const appRoot = path.join(import.meta.dirname, '..', '..');
const appUrl = pathToFileURL(path.join(appRoot, 'out', 'renderer', 'index.html')).href;
const log = (line: string) => console.error(`muster: ${line}`);

app.enableSandbox();
app.on('web-contents-created', (_event, contents) =>
  guardWebContents(contents, appUrl, (url) => void shell.openExternal(url)),
);

function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Muster',
    backgroundColor: '#0f1419',
    show: false,
    webPreferences: secureWebPreferences(path.join(appRoot, 'out', 'preload', 'index.cjs')),
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(appUrl);
  return window;
}

app
  .whenReady()
  .then(() => {
    // Same store as the CLI and `muster serve`; `npm start` passes --data through MUSTER_DATA.
    const core = createCore({
      dataDir: resolveDataDir(undefined, process.env),
      host: 'desktop',
      nativeBinding: electronNativeBinding(appRoot, app.isPackaged),
      // Show what the CLI or `muster serve` write to the same data folder.
      watchIntervalMs: 1000,
      escalationIntervalMs: ESCALATION_CHECK_MS,
      // Sync with the configured hubs, and host a LAN hub when the user turns it on.
      sync: { background: true },
      log,
    });
    grantOnlyNotifications(session.defaultSession, appUrl);
    registerIpcHandlers(ipcMain, core, (event) => isTrustedSender(event.senderFrame, appUrl), log);
    core.onEvent((event) => {
      for (const window of BrowserWindow.getAllWindows()) window.webContents.send(EVENT_CHANNEL, event);
    });
    app.on('will-quit', () => core.close());
    createMainWindow();
  })
  .catch((error: unknown) => {
    log(`could not start: ${String(error)}`);
    if (String(error).includes('NODE_MODULE_VERSION')) {
      log(
        'the SQLite addon is built for Node, not Electron: run `node scripts/postinstall.mjs` where Electron headers can be downloaded',
      );
    }
    app.exit(1);
  });

app.on('window-all-closed', () => app.quit());
