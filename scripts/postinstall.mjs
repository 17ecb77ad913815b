// @ts-check
/**
 * `npm install` hook: builds better-sqlite3 for Electron where Electron's binary is installed.
 * It always exits 0: without the Electron addon only the desktop window is lost, while the CLI and
 * the browser UI (which use the Node build) still work, so it must never fail the install.
 */
import path from 'node:path';
import { planElectronRebuild, rebuildForElectron } from './electron-native.mjs';

const root = path.resolve(import.meta.dirname, '..');
const PREFIX = 'muster postinstall:';

try {
  const plan = planElectronRebuild(root);
  if (!plan.rebuild) {
    console.log(`${PREFIX} Electron rebuild of better-sqlite3 skipped: ${plan.reason}`);
  } else {
    console.log(
      `${PREFIX} building better-sqlite3 ${plan.sqliteVersion} for Electron ${plan.electronVersion}...`,
    );
    const addon = rebuildForElectron(plan, root);
    console.log(`${PREFIX} built ${path.relative(root, addon)}`);
  }
} catch (error) {
  console.warn(
    `${PREFIX} WARNING: could not build better-sqlite3 for Electron (${error instanceof Error ? error.message : String(error)}). ` +
      'The desktop window will not be able to open the store; the muster CLI and `muster serve` are unaffected. ' +
      'Once Electron headers can be downloaded, run `node scripts/postinstall.mjs` again.',
  );
}
