import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, resolveDataDir } from '../../../electron/core/data-dir';

describe('data directory', () => {
  it('matches where Electron keeps userData for an app named Muster', () => {
    expect(defaultDataDir({}, 'linux', '/home/ana')).toBe('/home/ana/.config/Muster');
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/ana')).toBe('/cfg/Muster');
    expect(defaultDataDir({}, 'darwin', '/Users/ana')).toBe('/Users/ana/Library/Application Support/Muster');
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ana')).toBe(
      'C:\\Users\\ana\\AppData\\Roaming\\Muster',
    );
  });

  it('prefers --data, then MUSTER_DATA, then the default', () => {
    expect(resolveDataDir('/flag', { MUSTER_DATA: '/env' })).toBe('/flag');
    expect(resolveDataDir(undefined, { MUSTER_DATA: '/env' })).toBe('/env');
    expect(resolveDataDir('relative', {})).toBe(path.resolve('relative'));
  });
});
