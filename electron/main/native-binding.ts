import { existsSync } from 'node:fs';
import path from 'node:path';

/** Where the postinstall step puts the better-sqlite3 addon it builds for Electron (see scripts/postinstall.mjs). */
export const ELECTRON_ADDON = path.join('node_modules', '.electron-native', 'better_sqlite3.node');

/**
 * In a checkout, node_modules holds better-sqlite3 built for Node (CLI, tests), so Electron loads a
 * second copy built for its own ABI. Packaged apps are rebuilt for Electron by electron-builder.
 */
export function electronNativeBinding(appRoot: string, isPackaged: boolean): string | undefined {
  if (isPackaged) return undefined;
  const addon = path.join(appRoot, ELECTRON_ADDON);
  return existsSync(addon) ? addon : undefined;
}
