import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/muster-process';

const eslint = new ESLint({ cwd: REPO_ROOT });

async function layerViolations(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rules of DESIGN.md section 2', () => {
  it.each([
    ['shared/domain.ts', "import fs from 'node:fs';"],
    ['shared/domain.ts', "import { readFileSync } from 'fs';"],
    ['shared/domain.ts', "import { app } from 'electron';"],
    ['shared/domain.ts', "import { useState } from 'react';"],
    ['shared/domain.ts', "import { createCore } from '../electron/core/core';"],
    ['electron/core/db/x.ts', "import { app } from 'electron';"],
    ['electron/core/db/x.ts', "import { ipcRenderer } from 'electron/renderer';"],
    ['electron/core/x.ts', "import { registerIpcHandlers } from '../main/ipc';"],
    ['electron/core/cli/x.ts', "import { App } from '../../../renderer/src/App';"],
    ['renderer/src/x.ts', "import { ipcRenderer } from 'electron';"],
    ['renderer/src/x.ts', "import path from 'node:path';"],
    ['renderer/src/features/a/x.tsx', "import { createCore } from '../../../../electron/core/core';"],
    ['electron/preload/x.ts', "import { createCore } from '../core/core';"],
    ['electron/preload/x.ts', "import { z } from 'zod';"],
    ['electron/main/x.ts', "import { App } from '../../renderer/src/App';"],
  ])('%s may not %s', async (file, code) => {
    expect(await layerViolations(file, `${code}\nexport {};\n`)).toHaveLength(1);
  });

  it.each([
    ['shared/domain.ts', "import { z } from 'zod';"],
    ['shared/domain.ts', "import { SEVERITIES } from './incident';"],
    ['electron/core/x.ts', "import fs from 'node:fs';"],
    ['electron/core/x.ts', "import { contract } from '../../shared/contract';"],
    ['electron/main/x.ts', "import { app } from 'electron';"],
    ['electron/main/x.ts', "import { createCore } from '../core/core';"],
    ['electron/preload/x.ts', "import { contextBridge } from 'electron';"],
    ['electron/preload/x.ts', "import { METHOD_NAMES } from '../../shared/api-surface';"],
    ['renderer/src/x.ts', "import { contract } from '../../shared/contract';"],
  ])('%s may %s', async (file, code) => {
    expect(await layerViolations(file, `${code}\nexport {};\n`)).toEqual([]);
  });
});
