// @ts-check
/**
 * Builds a second better-sqlite3 addon for Electron's ABI beside the Node one, so the desktop app
 * can run from a checkout while the CLI and tests keep using node_modules/better-sqlite3 as is.
 * Plain Node ESM (no TypeScript): it runs from `postinstall`, before anything is compiled.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Must match ELECTRON_ADDON in electron/main/native-binding.ts, which loads it. */
export const ELECTRON_ADDON = path.join('node_modules', '.electron-native', 'better_sqlite3.node');
/** Records what the addon was built from, so a repeated `npm install` does not spend 80 s rebuilding it. */
export const BUILD_STAMP = path.join('node_modules', '.electron-native', 'build.json');
export const ELECTRON_HEADERS_URL = 'https://electronjs.org/headers';

/**
 * @typedef {{ rebuild: false, reason: string }
 *   | { rebuild: true, electronVersion: string, sqliteVersion: string, sourceDir: string, output: string, stamp: string }} RebuildPlan
 */

/** @param {string} file */
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/**
 * Whether node_modules/electron has its binary: electron's own install step writes path.txt only
 * after it has unpacked the download into dist/, and that download is what air-gapped installs skip.
 * @param {string} root the folder holding node_modules
 * @returns {{ present: true, version: string } | { present: false, reason: string }}
 */
export function electronBinaryPresent(root) {
  const electronDir = path.join(root, 'node_modules', 'electron');
  if (!existsSync(path.join(electronDir, 'package.json'))) {
    return { present: false, reason: 'electron is not installed (it is an optional dependency)' };
  }
  const pathFile = path.join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      present: false,
      reason: "electron's binary was not downloaded (no internet, or ELECTRON_SKIP_BINARY_DOWNLOAD)",
    };
  }
  const distDir = path.join(electronDir, 'dist');
  const binary = path.resolve(distDir, readFileSync(pathFile, 'utf8').trim());
  if (!binary.startsWith(distDir + path.sep) || !existsSync(binary)) {
    return { present: false, reason: `electron's binary ${path.relative(root, binary)} is missing` };
  }
  return { present: true, version: readJson(path.join(electronDir, 'package.json')).version };
}

/**
 * Decides whether postinstall should build the Electron addon, without touching anything.
 * @param {string} root the folder holding node_modules
 * @returns {RebuildPlan}
 */
export function planElectronRebuild(root) {
  const electron = electronBinaryPresent(root);
  if (!electron.present) return { rebuild: false, reason: electron.reason };
  const sourceDir = path.join(root, 'node_modules', 'better-sqlite3');
  if (!existsSync(path.join(sourceDir, 'package.json'))) {
    return { rebuild: false, reason: 'better-sqlite3 is not installed' };
  }
  const sqliteVersion = readJson(path.join(sourceDir, 'package.json')).version;
  const output = path.join(root, ELECTRON_ADDON);
  const stamp = path.join(root, BUILD_STAMP);
  if (existsSync(output) && existsSync(stamp)) {
    const built = readJson(stamp);
    if (built.electron === electron.version && built.betterSqlite3 === sqliteVersion) {
      return {
        rebuild: false,
        reason: `already built for Electron ${electron.version} (better-sqlite3 ${sqliteVersion})`,
      };
    }
  }
  return { rebuild: true, electronVersion: electron.version, sqliteVersion, sourceDir, output, stamp };
}

/**
 * node-gyp as npm runs it during lifecycle scripts (npm names its bundled copy), else whichever
 * `npm exec` finds locally; --yes=false so a missing node-gyp fails instead of being downloaded.
 * @param {NodeJS.ProcessEnv} env
 * @returns {{ command: string, args: string[] }}
 */
export function nodeGypCommand(env) {
  if (env.npm_config_node_gyp) return { command: process.execPath, args: [env.npm_config_node_gyp] };
  // npm exports its own `nodedir` to the child; clear it here too (see rebuildForElectron).
  return { command: 'npm', args: ['exec', '--yes=false', '--nodedir=', '--', 'node-gyp'] };
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, env: NodeJS.ProcessEnv }} options
 */
const run = (command, args, options) => {
  // Only the `npm` fallback needs a shell (npm.cmd on Windows); a shell joins arguments unquoted,
  // so paths with spaces (common in Windows user folders) are quoted for it.
  const shell = process.platform === 'win32' && !path.isAbsolute(command);
  const shellArgs = shell ? args.map((arg) => (/\s/.test(arg) ? `"${arg}"` : arg)) : args;
  return spawnSync(command, shellArgs, { ...options, stdio: 'inherit', shell });
};

/**
 * Compiles better-sqlite3 for Electron in a scratch copy, so the checkout's Node build is never
 * touched, and installs the addon where the main process looks for it. Throws on any failure.
 * @param {Extract<RebuildPlan, { rebuild: true }>} plan
 * @param {string} root the folder holding node_modules
 * @returns {string} the installed addon
 */
export function rebuildForElectron(plan, root) {
  const staging = mkdtempSync(path.join(os.tmpdir(), 'muster-electron-native-'));
  try {
    const moduleDir = path.join(staging, 'better-sqlite3');
    // The Node build output is not needed and would only slow the copy down.
    const skipped = new Set(['build', 'node_modules'].map((name) => path.join(plan.sourceDir, name)));
    cpSync(plan.sourceDir, moduleDir, { recursive: true, filter: (source) => !skipped.has(source) });

    const gyp = nodeGypCommand(process.env);
    const result = run(gyp.command, [...gyp.args, 'rebuild', '--release', `--directory=${moduleDir}`], {
      cwd: root,
      env: {
        ...process.env,
        npm_config_runtime: 'electron',
        npm_config_target: plan.electronVersion,
        npm_config_disturl: ELECTRON_HEADERS_URL,
        // A `nodedir` from npm's config (Debian's npm sets /usr) would make node-gyp compile against
        // the local Node headers whatever the target, silently producing a Node addon.
        npm_config_nodedir: '',
        // Electron's headers in their own cache, as @electron/rebuild does, never mixed with Node's.
        npm_config_devdir: path.join(os.homedir(), '.electron-gyp'),
      },
    });
    if (result.error) throw result.error;
    if (result.status !== 0) throw new Error(`node-gyp exited with status ${result.status}`);

    const built = path.join(moduleDir, 'build', 'Release', 'better_sqlite3.node');
    if (!existsSync(built)) {
      throw new Error(`node-gyp succeeded but ${path.relative(staging, built)} is missing`);
    }
    mkdirSync(path.dirname(plan.output), { recursive: true });
    // Copy then rename, so Electron never finds a half-written addon.
    copyFileSync(built, `${plan.output}.tmp`);
    renameSync(`${plan.output}.tmp`, plan.output);
    writeFileSync(
      plan.stamp,
      JSON.stringify({ electron: plan.electronVersion, betterSqlite3: plan.sqliteVersion }) + '\n',
    );
    return plan.output;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
