#!/usr/bin/env node
// The CLI is bundled with the rest of Muster by `npm run build` (which `npm install` runs).
import { existsSync } from 'node:fs';

const cli = new URL('../out/main/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('muster: Muster is not built yet; run `npm run build` in its folder\n');
  process.exit(1);
}
await import(cli.href);
