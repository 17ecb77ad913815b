import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { optionalDependencies } from './package.json';

// electron-vite reads Electron's major version from node_modules/electron, which is absent where the
// optional install failed (air-gapped networks); it honours this variable instead.
process.env.ELECTRON_MAJOR_VER ??= /\d+/.exec(optionalDependencies.electron)?.[0];

/**
 * One build for the three bundles: main (the Electron main process and, beside it, the CLI that
 * hosts the same core without Electron), the sandboxed preload, and the renderer.
 */
export default defineConfig({
  main: {
    build: {
      // Node 20 is the oldest runtime the CLI supports; Electron's Node is newer.
      target: 'node20',
      rollupOptions: {
        input: {
          index: 'electron/main/index.ts',
          cli: 'electron/core/cli/main.ts',
          // Its own file: the hub checks untrusted updates in a worker thread (update-checker.ts).
          'update-check-worker': 'electron/core/sync/hub/update-check-worker.ts',
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: 'electron/preload/index.ts' },
        // Sandboxed preloads cannot be ES modules.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    build: {
      // electron-vite leaves bundles readable; the renderer's is parsed on every window and tab
      // open, and minified it parses in a fraction of the time.
      minify: true,
      rollupOptions: { input: 'renderer/index.html' },
    },
  },
});
