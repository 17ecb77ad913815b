import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ELECTRON_ADDON as LOADED_ADDON } from '../../electron/main/native-binding';
import {
  BUILD_STAMP,
  ELECTRON_ADDON,
  ELECTRON_HEADERS_URL,
  electronBinaryPresent,
  nodeGypCommand,
  planElectronRebuild,
} from '../../scripts/electron-native.mjs';
import { tempDir } from '../support/temp-dir';

const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
const ELECTRON_VERSION = '39.1.2';
const SQLITE_VERSION = '12.0.0';

function write(file: string, content: string) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}

/** A checkout-like folder with only the parts of node_modules the decision looks at. */
function fixture(parts: { electron?: 'package' | 'path.txt' | 'binary'; sqlite?: boolean }) {
  const root = tempDir('muster-postinstall-');
  const electron = path.join(root, 'node_modules', 'electron');
  if (parts.electron)
    write(path.join(electron, 'package.json'), JSON.stringify({ version: ELECTRON_VERSION }));
  if (parts.electron === 'path.txt' || parts.electron === 'binary')
    write(path.join(electron, 'path.txt'), 'electron');
  if (parts.electron === 'binary') write(path.join(electron, 'dist', 'electron'), '#!/bin/sh\n');
  if (parts.sqlite) {
    write(
      path.join(root, 'node_modules', 'better-sqlite3', 'package.json'),
      JSON.stringify({ version: SQLITE_VERSION }),
    );
    write(path.join(root, 'node_modules', 'better-sqlite3', 'src', 'better_sqlite3.cpp'), '// source\n');
    write(
      path.join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'),
      'node build',
    );
  }
  return root;
}

describe('planElectronRebuild', () => {
  it('skips when electron is not installed', () => {
    const plan = planElectronRebuild(fixture({ sqlite: true }));
    expect(plan).toEqual({ rebuild: false, reason: expect.stringContaining('electron is not installed') });
  });

  it('skips when the electron package came without its binary', () => {
    const plan = planElectronRebuild(fixture({ electron: 'package', sqlite: true }));
    expect(plan).toEqual({ rebuild: false, reason: expect.stringContaining('binary was not downloaded') });
  });

  it('skips when path.txt names a binary that is not there', () => {
    const plan = planElectronRebuild(fixture({ electron: 'path.txt', sqlite: true }));
    expect(plan).toEqual({ rebuild: false, reason: expect.stringMatching(/dist[\\/]electron is missing/) });
  });

  it('does not follow path.txt out of electron/dist', () => {
    const root = fixture({ electron: 'binary', sqlite: true });
    write(path.join(root, 'node_modules', 'electron', 'path.txt'), '../../better-sqlite3/package.json');
    expect(electronBinaryPresent(root).present).toBe(false);
  });

  it('plans a rebuild for the installed Electron version when its binary is present', () => {
    const root = fixture({ electron: 'binary', sqlite: true });
    expect(electronBinaryPresent(root)).toEqual({ present: true, version: ELECTRON_VERSION });
    expect(planElectronRebuild(root)).toEqual({
      rebuild: true,
      electronVersion: ELECTRON_VERSION,
      sqliteVersion: SQLITE_VERSION,
      sourceDir: path.join(root, 'node_modules', 'better-sqlite3'),
      output: path.join(root, 'node_modules', '.electron-native', 'better_sqlite3.node'),
      stamp: path.join(root, BUILD_STAMP),
    });
  });

  it('skips when better-sqlite3 is missing', () => {
    expect(planElectronRebuild(fixture({ electron: 'binary' }))).toEqual({
      rebuild: false,
      reason: 'better-sqlite3 is not installed',
    });
  });

  it('skips an addon already built from the same versions, and rebuilds after an upgrade', () => {
    const root = fixture({ electron: 'binary', sqlite: true });
    write(path.join(root, ELECTRON_ADDON), 'electron build');
    write(
      path.join(root, BUILD_STAMP),
      JSON.stringify({ electron: ELECTRON_VERSION, betterSqlite3: SQLITE_VERSION }),
    );
    expect(planElectronRebuild(root)).toMatchObject({
      rebuild: false,
      reason: expect.stringContaining('already built'),
    });

    write(
      path.join(root, BUILD_STAMP),
      JSON.stringify({ electron: '38.0.0', betterSqlite3: SQLITE_VERSION }),
    );
    expect(planElectronRebuild(root)).toMatchObject({ rebuild: true });
  });

  it('puts the addon exactly where the main process loads it from', () => {
    expect(ELECTRON_ADDON).toBe(LOADED_ADDON);
  });
});

describe('nodeGypCommand', () => {
  it('prefers the node-gyp npm names, then asks npm exec without allowing a download', () => {
    expect(nodeGypCommand({ npm_config_node_gyp: '/npm/node-gyp.js' })).toEqual({
      command: process.execPath,
      args: ['/npm/node-gyp.js'],
    });
    expect(nodeGypCommand({})).toEqual({
      command: 'npm',
      args: ['exec', '--yes=false', '--nodedir=', '--', 'node-gyp'],
    });
  });
});

/**
 * Runs a copy of the real postinstall inside `root` (it finds node_modules from its own location)
 * with a stand-in node-gyp that records how it was called, then builds or fails as told.
 */
function runPostinstall(root: string, gyp: 'builds' | 'fails') {
  for (const script of ['postinstall.mjs', 'electron-native.mjs']) {
    mkdirSync(path.join(root, 'scripts'), { recursive: true });
    copyFileSync(path.join(REPO_ROOT, 'scripts', script), path.join(root, 'scripts', script));
  }
  const fakeGyp = path.join(root, 'fake-node-gyp.mjs');
  const record = path.join(root, 'gyp-call.json');
  write(
    fakeGyp,
    `import { mkdirSync, writeFileSync } from 'node:fs';
const dir = process.argv.find((arg) => arg.startsWith('--directory=')).slice('--directory='.length);
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => /^npm_config_(runtime|target|disturl|nodedir)$/.test(key)));
writeFileSync(${JSON.stringify(record)}, JSON.stringify({ argv: process.argv.slice(2), dir, env }));
if (${JSON.stringify(gyp)} === 'fails') process.exit(1);
mkdirSync(dir + '/build/Release', { recursive: true });
writeFileSync(dir + '/build/Release/better_sqlite3.node', 'electron build');
`,
  );
  const run = spawnSync(process.execPath, [path.join(root, 'scripts', 'postinstall.mjs')], {
    encoding: 'utf8',
    // nodedir as Debian's npm exports it during `npm install`.
    env: { ...process.env, npm_config_node_gyp: fakeGyp, npm_config_nodedir: '/usr' },
    timeout: 30_000,
  });
  const call = existsSync(record) ? JSON.parse(readFileSync(record, 'utf8')) : undefined;
  return { ...run, call };
}

describe('scripts/postinstall.mjs', () => {
  const checkoutPlan = planElectronRebuild(REPO_ROOT);

  // Where Electron is installed this would start a real 80 s build; the fixtures below cover that path.
  it.skipIf(checkoutPlan.rebuild)('in this checkout, says why it skipped and exits 0', () => {
    const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'postinstall.mjs')], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(
      `muster postinstall: Electron rebuild of better-sqlite3 skipped: ${(checkoutPlan as { reason: string }).reason}`,
    );
  });

  it('builds in a scratch copy for Electron and installs the addon, leaving the Node build alone', () => {
    const root = fixture({ electron: 'binary', sqlite: true });
    const run = runPostinstall(root, 'builds');

    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`built ${ELECTRON_ADDON}`);
    expect(run.call.argv).toEqual(expect.arrayContaining(['rebuild', '--release']));
    expect(run.call.env).toEqual({
      npm_config_runtime: 'electron',
      npm_config_target: ELECTRON_VERSION,
      npm_config_disturl: ELECTRON_HEADERS_URL,
      npm_config_nodedir: '',
    });
    expect(run.call.dir.startsWith(root)).toBe(false);
    expect(existsSync(run.call.dir)).toBe(false);
    expect(readFileSync(path.join(root, ELECTRON_ADDON), 'utf8')).toBe('electron build');
    const nodeBuild = path.join(
      root,
      'node_modules',
      'better-sqlite3',
      'build',
      'Release',
      'better_sqlite3.node',
    );
    expect(readFileSync(nodeBuild, 'utf8')).toBe('node build');

    const again = runPostinstall(root, 'builds');
    expect(again.stdout).toContain('skipped: already built');
  });

  it('warns and still exits 0 when the Electron build fails', () => {
    const root = fixture({ electron: 'binary', sqlite: true });
    const run = runPostinstall(root, 'fails');

    expect(run.call).toBeDefined();
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(
      'WARNING: could not build better-sqlite3 for Electron (node-gyp exited with status 1)',
    );
    expect(existsSync(path.join(root, ELECTRON_ADDON))).toBe(false);
  });
});
