// @ts-check
/**
 * The dependency rules of DESIGN.md section 2, as `no-restricted-imports` settings per folder.
 * Relative paths are matched by where they lead, so `../../renderer/x` is caught from any depth.
 */
import { builtinModules } from 'node:module';

const nodeBuiltins = `^(node:.*|${builtinModules.filter((m) => !m.startsWith('_')).join('|')})(/.*)?$`;
const into = (/** @type {string} */ folder) => `^(\\.\\./)+${folder}(/|$)`;

/** @param {string} regex @param {string} message */
const forbid = (regex, message) => ({ regex, message });

/** @type {Record<string, Array<{regex: string, message: string}>>} */
export const LAYER_RULES = {
  'shared/**': [
    forbid(nodeBuiltins, 'shared/ is pure TypeScript: no Node built-ins (it runs in the renderer too).'),
    forbid('^electron(/|$)', 'shared/ must not import electron.'),
    forbid('^(react|react-dom)(/|$)', 'shared/ must not import React; UI lives in renderer/.'),
    forbid('^(ws|better-sqlite3|commander)(/|$)', 'shared/ must not import host or storage libraries.'),
    forbid(into('(electron|renderer)'), 'shared/ imports only shared/.'),
  ],
  'electron/core/**': [
    forbid(
      '^electron(/|$)',
      'electron/core is plain Node and never imports electron (it also runs as muster serve and the CLI).',
    ),
    forbid('^(react|react-dom)(/|$)', 'electron/core must not import React.'),
    forbid(
      into('(main|preload|renderer)'),
      'electron/core must not import the Electron host, the preload or the renderer.',
    ),
  ],
  'electron/main/**': [forbid(into('renderer'), 'electron/main must not import the renderer.')],
  'electron/preload/**': [
    forbid(
      '^(?!electron$|\\.\\./\\.\\./shared/(api-surface|contract)$).*',
      'the preload imports only electron and the contract (shared/api-surface, shared/contract).',
    ),
  ],
  'renderer/**': [
    forbid('^electron(/|$)', 'the renderer never imports electron; it talks to the core through src/api.ts.'),
    forbid(nodeBuiltins, 'the renderer never imports Node built-ins.'),
    forbid(
      into('electron'),
      'the renderer never imports electron/; it talks to the core through src/api.ts.',
    ),
  ],
};
