import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type DesktopProbe = { ok: true; electronPath: string } | { ok: false; reason: string };

export type ProbeEnvironment = {
  appRoot: string;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
};

/**
 * Can the desktop window open here? Electron is an optional dependency whose binary download is
 * often impossible (air-gapped networks, CI), and a Linux machine may have no display; each case gets
 * a reason the user can act on. Reads Electron's own path.txt instead of importing `electron`, which
 * the core must never do.
 */
export function probeDesktop({ appRoot, env, platform }: ProbeEnvironment): DesktopProbe {
  let electronDir: string;
  try {
    electronDir = path.dirname(
      createRequire(path.join(appRoot, 'package.json')).resolve('electron/package.json'),
    );
  } catch {
    return {
      ok: false,
      reason: 'Electron is not installed (it is optional, and its install step failed or was skipped)',
    };
  }
  const pathFile = path.join(electronDir, 'path.txt');
  const binary = existsSync(pathFile)
    ? path.join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim())
    : '';
  if (!binary || !existsSync(binary)) {
    return {
      ok: false,
      reason:
        'the Electron binary was not downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD was set or the download was blocked; the README names the mirror settings)',
    };
  }
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return {
      ok: false,
      reason: 'there is no graphical display (neither DISPLAY nor WAYLAND_DISPLAY is set)',
    };
  }
  return { ok: true, electronPath: binary };
}
