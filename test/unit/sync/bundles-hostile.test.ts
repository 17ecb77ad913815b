import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../electron/core/db/open';
import { UPDATE_BUNDLE_MAX_BYTES, type UpdateBundle } from '../../../electron/core/sync/bundles/format';
import { signBundle } from '../../../electron/core/sync/bundles/signing';
import { requireLocalIdentity } from '../../../electron/core/workspace/local-identity';
import { tempDir } from '../../support/temp-dir';
import { cli, json, storedRooms } from '../../support/cli';

const init = (data: string, workspace: string) =>
  json(data, 'init', '--workspace', workspace, '--department', 'traffic', '--user', 'Ana');

/**
 * Built once for the whole file (each test only reads them): an administrator's copy with an
 * incident and its full bundle; a joined member's copy that imports; and a copy of another workspace.
 * Not in tempDir(), which removes its folder after a single test.
 */
let root: string;
let admin: string;
let laptop: string;
let foreign: string;
let goodBundle: UpdateBundle;
let foreignBundle: UpdateBundle;
let laptopBundle: UpdateBundle;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'muster-hostile-'));
  admin = path.join(root, 'admin');
  laptop = path.join(root, 'laptop');
  foreign = path.join(root, 'foreign');
  await init(admin, 'City of Riverton');
  await json(admin, 'incident', 'create', '--title', 'Substation 14 outage', '--severity', 'critical');
  const enrolment = path.join(root, 'bo.muster');
  await json(
    admin,
    'invite',
    '--department',
    'energy',
    '--role',
    'commander',
    '--user',
    'Bo',
    '--out',
    enrolment,
  );
  await json(laptop, 'join', enrolment);
  await init(foreign, 'Somewhere Else');
  await json(foreign, 'incident', 'create', '--title', 'Foreign incident', '--severity', 'minor');

  const exportFrom = async (data: string, name: string) => {
    const out = path.join(root, name);
    await json(data, 'bundle', 'export', '--out', out);
    return JSON.parse(readFileSync(out, 'utf8')) as UpdateBundle;
  };
  goodBundle = await exportFrom(admin, 'good.bundle');
  foreignBundle = await exportFrom(foreign, 'foreign.bundle');
  laptopBundle = await exportFrom(laptop, 'laptop.bundle');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A bundle the admin's device signed, as a hostile member (or a broken Muster) could make one. */
function signedByAdmin(rooms: { room: string; update: Uint8Array }[]): UpdateBundle {
  const db = openStore(path.join(admin, 'muster.db'));
  try {
    const { deviceKey } = requireLocalIdentity(db);
    const { rooms: _rooms, sig: _sig, ...header } = goodBundle;
    return {
      ...header,
      rooms: rooms.map((r) => ({ room: r.room, update: Buffer.from(r.update).toString('base64url') })),
      sig: signBundle(header, rooms, deviceKey),
    };
  } finally {
    db.close();
  }
}

const copy = (bundle: UpdateBundle): UpdateBundle => structuredClone(bundle);
const decoded = (bundle: UpdateBundle) =>
  bundle.rooms.map((r) => ({ room: r.room, update: new Uint8Array(Buffer.from(r.update, 'base64url')) }));

type Hostile = [what: string, file: () => string | Buffer | 'oversize', message: RegExp];

const cases: Hostile[] = [
  ['garbage bytes', () => randomBytes(4096), /is not valid JSON/],
  ['truncated JSON', () => JSON.stringify(goodBundle).slice(0, 2000), /is not valid JSON/],
  [
    'another kind of file',
    () => readFileSync(path.join(laptop, '..', 'bo.muster')),
    /not a Muster update bundle/,
  ],
  [
    'a newer version',
    () => JSON.stringify({ ...goodBundle, version: 2 }),
    /update bundle version 2 is not supported/,
  ],
  [
    'an unsigned extra field',
    () => JSON.stringify({ ...goodBundle, note: 'trust me' }),
    /malformed: unknown field\(s\): note/,
  ],
  [
    'a room named twice',
    () => JSON.stringify({ ...goodBundle, rooms: [...goodBundle.rooms, goodBundle.rooms[0]] }),
    /each room may appear only once/,
  ],
  [
    'a bundle of another workspace',
    () => JSON.stringify(foreignBundle),
    /is for workspace [\w-]+, not this one/,
  ],
  [
    "another workspace's certificate",
    () => JSON.stringify({ ...foreignBundle, workspaceId: goodBundle.workspaceId }),
    /exporter's member certificate in this update bundle is for another workspace/,
  ],
  [
    'a member certificate changed to another role',
    () => {
      const bundle = copy(goodBundle);
      bundle.exporter.member.role = 'viewer';
      return JSON.stringify(bundle);
    },
    /member certificate .* is not signed by this workspace's key/,
  ],
  [
    "another member's device certificate",
    () =>
      JSON.stringify({
        ...goodBundle,
        exporter: { ...goodBundle.exporter, device: laptopBundle.exporter.device },
      }),
    /device certificate .* does not check out/,
  ],
  [
    'tampered update bytes',
    () => {
      const bundle = copy(goodBundle);
      const update = Buffer.from(bundle.rooms[1]!.update, 'base64url');
      // The signature is checked before any Yjs bytes are decoded, so this is caught there.
      const at = update.length - 40;
      update[at] = update[at]! ^ 0x01;
      bundle.rooms[1]!.update = update.toString('base64url');
      return JSON.stringify(bundle);
    },
    /signature of this update bundle does not verify .*altered or damaged/,
  ],
  [
    'a room left out',
    () => JSON.stringify({ ...goodBundle, rooms: goodBundle.rooms.slice(1) }),
    /signature of this update bundle does not verify/,
  ],
  [
    'a changed header',
    () => JSON.stringify({ ...goodBundle, createdAt: '2020-01-01T00:00:00.000Z' }),
    /signature of this update bundle does not verify/,
  ],
  [
    "another bundle's signature",
    () => JSON.stringify({ ...goodBundle, sig: laptopBundle.sig }),
    /signature of this update bundle does not verify/,
  ],
  [
    'signed but malformed Yjs bytes after a good room',
    () => {
      const [good, second] = decoded(goodBundle);
      const broken = Uint8Array.from([...second!.update, 0, 0, 0]);
      return JSON.stringify(signedByAdmin([good!, { room: second!.room, update: broken }]));
    },
    /update bundle, room incident:[\w-]+: malformed Yjs update: 3 bytes are left over/,
  ],
  ['an oversize file', () => 'oversize', /is too large \(\d+ bytes; update bundles are at most 134217728\)/],
];

describe('muster bundle import refuses hostile input and changes nothing', () => {
  it.each(cases)('%s', async (_what, make, message) => {
    const file = path.join(tempDir(), 'hostile.bundle');
    const content = make();
    if (content === 'oversize') {
      writeFileSync(file, JSON.stringify(goodBundle));
      // Sparse: the size is what matters, and it must be refused before a byte is read.
      truncateSync(file, UPDATE_BUNDLE_MAX_BYTES + 1);
    } else {
      writeFileSync(file, content);
    }
    const before = storedRooms(laptop);

    const run = await cli(['--data', laptop, 'bundle', 'import', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^muster: [^\n]+\n$/);
    expect(run.stderr).toMatch(message);
    expect(storedRooms(laptop)).toEqual(before);
    expect(await json(laptop, 'incident', 'list')).toEqual([]);
  });

  it('accepts the untouched bundle, so the refusals above are about what was changed', async () => {
    const copyOfLaptop = tempDir();
    const enrolment = path.join(tempDir(), 'cy.muster');
    await json(
      admin,
      'invite',
      '--department',
      'police',
      '--role',
      'viewer',
      '--user',
      'Cy',
      '--out',
      enrolment,
    );
    await json(copyOfLaptop, 'join', enrolment);
    const results = [];
    // The second is the same content signed by the test's own helper, so the helper makes valid bundles.
    for (const bundle of [goodBundle, signedByAdmin(decoded(goodBundle))]) {
      const file = path.join(tempDir(), 'good.bundle');
      writeFileSync(file, JSON.stringify(bundle));
      results.push(await json(copyOfLaptop, 'bundle', 'import', file));
    }
    expect(results).toEqual([
      { changed: 2, unchanged: 0 },
      { changed: 0, unchanged: 2 },
    ]);
    expect(await json(copyOfLaptop, 'incident', 'list')).toMatchObject([{ title: 'Substation 14 outage' }]);
  });
});
