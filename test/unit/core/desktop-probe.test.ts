import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { probeDesktop } from '../../../electron/core/host/desktop-probe';
import { tempDir } from '../../support/temp-dir';

/** An app folder with, optionally, an installed electron package and its binary. */
function appWith({ electron, binary }: { electron: boolean; binary: boolean }): string {
  const root = tempDir();
  writeFileSync(path.join(root, 'package.json'), '{"name":"muster"}');
  if (electron) {
    const dir = path.join(root, 'node_modules', 'electron');
    mkdirSync(path.join(dir, 'dist'), { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), '{"name":"electron","version":"39.0.0"}');
    if (binary) {
      writeFileSync(path.join(dir, 'path.txt'), 'electron');
      writeFileSync(path.join(dir, 'dist', 'electron'), '');
    }
  }
  return root;
}

describe('probeDesktop', () => {
  it('explains a missing Electron package', () => {
    const probe = probeDesktop({
      appRoot: appWith({ electron: false, binary: false }),
      env: { DISPLAY: ':0' },
      platform: 'linux',
    });
    expect(probe).toEqual({ ok: false, reason: expect.stringContaining('Electron is not installed') });
  });

  it('explains a skipped binary download and points at the mirror settings', () => {
    const probe = probeDesktop({
      appRoot: appWith({ electron: true, binary: false }),
      env: { DISPLAY: ':0' },
      platform: 'linux',
    });
    expect(probe).toEqual({ ok: false, reason: expect.stringContaining('binary was not downloaded') });
  });

  it('explains a Linux machine without a display', () => {
    const probe = probeDesktop({
      appRoot: appWith({ electron: true, binary: true }),
      env: {},
      platform: 'linux',
    });
    expect(probe).toEqual({ ok: false, reason: expect.stringContaining('no graphical display') });
  });

  it('finds the binary when everything is there', () => {
    const root = appWith({ electron: true, binary: true });
    expect(probeDesktop({ appRoot: root, env: { WAYLAND_DISPLAY: 'wayland-0' }, platform: 'linux' })).toEqual(
      {
        ok: true,
        electronPath: path.join(root, 'node_modules', 'electron', 'dist', 'electron'),
      },
    );
    expect(probeDesktop({ appRoot: root, env: {}, platform: 'darwin' }).ok).toBe(true);
  });
});
