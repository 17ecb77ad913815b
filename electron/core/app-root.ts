import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding Muster's package.json, found from a module's own URL so it works both from
 * the sources (tests) and from the bundles in out/ (the CLI and Electron main).
 */
export function findAppRoot(moduleUrl: string): string {
  let dir = path.dirname(fileURLToPath(moduleUrl));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(moduleUrl)}`);
    dir = parent;
  }
  return dir;
}

export const rendererDirOf = (appRoot: string) => path.join(appRoot, 'out', 'renderer');
