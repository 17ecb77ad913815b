import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createCore } from '../../electron/core/core';
import { startServeHost } from '../../electron/core/host/serve';
import { tempDir } from '../support/temp-dir';

function rendererFixture(): string {
  const parent = tempDir();
  const dir = path.join(parent, 'renderer');
  mkdirSync(path.join(dir, 'assets'), { recursive: true });
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(parent, 'secret.txt'), 'outside the renderer');
  return dir;
}

async function serve(host = '127.0.0.1', port = 0) {
  const core = createCore({ dataDir: tempDir(), host: 'serve' });
  const lines: string[] = [];
  const served = await startServeHost({
    core,
    rendererDir: rendererFixture(),
    host,
    port,
    log: (l) => lines.push(l),
  });
  onTestFinished(async () => {
    await served.close();
    core.close();
  });
  return served;
}

/** A raw request, so paths are sent exactly as written (fetch would normalise `..`). */
function get(url: string, rawPath: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    http
      .get({ hostname, port, path: rawPath }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c: string) => (body += c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }),
        );
      })
      .on('error', reject);
  });
}

describe('serve host', () => {
  it('serves assets with their type and index.html for app routes', async () => {
    const { url } = await serve();
    expect(await get(url, '/assets/app.js')).toMatchObject({
      status: 200,
      type: 'text/javascript; charset=utf-8',
    });
    expect(await get(url, '/incident/42')).toMatchObject({
      status: 200,
      body: expect.stringContaining('id="root"'),
    });
  });

  it('never serves files outside the renderer folder', async () => {
    const { url } = await serve();
    for (const attempt of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const res = await get(url, attempt);
      expect(res.body).not.toContain('outside the renderer');
    }
  });

  it('refuses to listen beyond loopback, because the API has no sign-in yet', async () => {
    await expect(serve('0.0.0.0')).rejects.toThrow(/not a loopback address/);
  });

  it('names a busy port and how to pick another', async () => {
    const { url } = await serve();
    await expect(serve('127.0.0.1', Number(new URL(url).port))).rejects.toThrow(
      /already in use; pass --port 0/,
    );
  });

  it('refuses to start without a built UI', async () => {
    const core = createCore({ dataDir: tempDir(), host: 'serve' });
    onTestFinished(() => core.close());
    await expect(
      startServeHost({ core, rendererDir: tempDir(), host: '127.0.0.1', port: 0, log: () => {} }),
    ).rejects.toThrow(/the UI is not built/);
  });
});
