import os from 'node:os';
import path from 'node:path';

export const APP_DIR_NAME = 'Muster';

/**
 * The per-user data directory, the same one Electron's `app.getPath('userData')` gives the desktop
 * app, so the CLI and `muster serve` work on the desktop app's store by default.
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  if (platform === 'win32')
    return path.win32.join(env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', APP_DIR_NAME);
  return path.posix.join(env.XDG_CONFIG_HOME || path.posix.join(home, '.config'), APP_DIR_NAME);
}

/** `--data` wins over MUSTER_DATA, which wins over the per-user default. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(flag ?? env.MUSTER_DATA ?? defaultDataDir(env));
}
