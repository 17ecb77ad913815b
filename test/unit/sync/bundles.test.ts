import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../support/temp-dir';
import { cli, json, storedRooms } from '../../support/cli';

/** An administrator's copy with two incidents, and a second member's freshly joined copy. */
async function twoCopies() {
  const admin = tempDir();
  await json(admin, 'init', '--workspace', 'City of Riverton', '--department', 'traffic', '--user', 'Ana');
  const outage = await json(
    admin,
    'incident',
    'create',
    '--title',
    'Substation 14 outage',
    '--severity',
    'critical',
  );
  const signals = await json(admin, 'incident', 'create', '--title', 'Signals dark', '--severity', 'major');
  await json(admin, 'incident', 'update', outage.id, '--status', 'acknowledged');
  await json(admin, 'incident', 'log', outage.id, '--text', 'Generators ordered', '--decision');
  await json(admin, 'incident', 'link', outage.id, '--to', signals.id, '--kind', 'causes');

  const enrolment = path.join(tempDir(), 'bo.muster');
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
  const laptop = tempDir();
  await json(laptop, 'join', enrolment);
  return { admin, laptop, outage, signals, stick: tempDir() };
}

describe('muster bundle', () => {
  it('a full export carries every incident to a joined copy, and incident list matches on both', async () => {
    const { admin, laptop, outage, stick } = await twoCopies();
    // Listed before the import, so the import must also bring already-projected tables up to date.
    expect(await json(laptop, 'incident', 'list')).toEqual([]);

    const out = path.join(stick, 'all.bundle');
    const exported = await json(admin, 'bundle', 'export', '--out', out);
    expect(exported).toEqual({ rooms: 3, bytes: statSync(out).size, out });
    expect(statSync(out).mode & 0o777).toBe(0o600);

    expect(await json(laptop, 'bundle', 'import', out)).toEqual({ changed: 3, unchanged: 0 });
    const list = await json(admin, 'incident', 'list');
    expect(list).toHaveLength(2);
    expect(await json(laptop, 'incident', 'list')).toEqual(list);
    const shown = await json(laptop, 'incident', 'show', outage.id);
    expect(shown).toEqual(await json(admin, 'incident', 'show', outage.id));
    // The exporter's events verify on the importing copy: its certificates came in the directory room.
    expect(shown.untrustedEvents).toEqual([]);
  });

  it('importing the same bundle again writes nothing and says so', async () => {
    const { admin, laptop, stick } = await twoCopies();
    const out = path.join(stick, 'all.bundle');
    await json(admin, 'bundle', 'export', '--out', out);
    await json(laptop, 'bundle', 'import', out);
    const before = storedRooms(laptop);

    expect(await json(laptop, 'bundle', 'import', out)).toEqual({ changed: 0, unchanged: 3 });
    expect(storedRooms(laptop)).toEqual(before);
    const text = await cli(['--data', laptop, 'bundle', 'import', out]);
    expect(text.stdout).toBe(
      'imported a bundle from Ana (traffic): 0 room(s) changed, 3 already up to date\n',
    );
  });

  it("an export for the other copy's state sends only what it lacks, and that is enough", async () => {
    const { admin, laptop, outage, stick } = await twoCopies();
    const full = path.join(stick, 'all.bundle');
    await json(admin, 'bundle', 'export', '--out', full);
    await json(laptop, 'bundle', 'import', full);
    await json(admin, 'incident', 'log', outage.id, '--text', 'Crew on site');
    await json(admin, 'incident', 'update', outage.id, '--status', 'active');

    const state = path.join(stick, 'laptop.state');
    expect(await json(laptop, 'bundle', 'state', '--out', state)).toEqual({ rooms: 3, out: state });
    const delta = path.join(stick, 'delta.bundle');
    const exported = await json(admin, 'bundle', 'export', '--for-state', state, '--out', delta);
    // Only the incident that changed; the directory and the other incident are current there.
    expect(exported.rooms).toBe(1);
    const everything = await json(admin, 'bundle', 'export', '--out', path.join(stick, 'again.bundle'));
    expect(exported.bytes).toBeLessThan(everything.bytes / 2);

    expect(await json(laptop, 'bundle', 'import', delta)).toEqual({ changed: 1, unchanged: 0 });
    expect(await json(laptop, 'incident', 'list')).toEqual(await json(admin, 'incident', 'list'));
    expect((await json(laptop, 'incident', 'show', outage.id)).status).toBe('active');
  });

  it('carries changes back: the joined member’s incident reaches the administrator, trusted', async () => {
    const { admin, laptop, stick } = await twoCopies();
    const full = path.join(stick, 'all.bundle');
    await json(admin, 'bundle', 'export', '--out', full);
    await json(laptop, 'bundle', 'import', full);
    const leak = await json(laptop, 'incident', 'create', '--title', 'Gas smell', '--severity', 'major');

    const state = path.join(stick, 'admin.state');
    await json(admin, 'bundle', 'state', '--out', state);
    const back = path.join(stick, 'back.bundle');
    // Bo's new incident, and his device certificate in the directory room, which the admin lacks.
    expect((await json(laptop, 'bundle', 'export', '--for-state', state, '--out', back)).rooms).toBe(2);
    expect(await json(admin, 'bundle', 'import', back)).toEqual({ changed: 2, unchanged: 0 });

    expect(await json(admin, 'incident', 'list')).toEqual(await json(laptop, 'incident', 'list'));
    const shown = await json(admin, 'incident', 'show', leak.id);
    expect(shown).toMatchObject({ title: 'Gas smell', untrustedEvents: [] });
  });

  it('writes an empty bundle when the other copy has everything', async () => {
    const { admin, stick } = await twoCopies();
    const state = path.join(stick, 'admin.state');
    await json(admin, 'bundle', 'state', '--out', state);
    const out = path.join(stick, 'nothing.bundle');
    expect(await json(admin, 'bundle', 'export', '--for-state', state, '--out', out)).toMatchObject({
      rooms: 0,
    });
    expect(await json(admin, 'bundle', 'import', out)).toEqual({ changed: 0, unchanged: 0 });
  });

  it('never overwrites a file, and a refused export leaves no file behind', async () => {
    const { admin, stick } = await twoCopies();
    const taken = path.join(stick, 'taken');
    writeFileSync(taken, 'keep me');
    for (const command of [
      ['bundle', 'export', '--out', taken],
      ['bundle', 'state', '--out', taken],
    ]) {
      const run = await cli(['--data', admin, ...command]);
      expect([run.code, run.stderr]).toEqual([1, `muster: cannot write ${taken}: it already exists\n`]);
    }
    expect(readFileSync(taken, 'utf8')).toBe('keep me');

    const other = tempDir();
    await json(other, 'init', '--workspace', 'Elsewhere', '--department', 'it', '--user', 'Eve');
    const foreignState = path.join(stick, 'foreign.state');
    await json(other, 'bundle', 'state', '--out', foreignState);
    const out = path.join(stick, 'never.bundle');
    const run = await cli(['--data', admin, 'bundle', 'export', '--for-state', foreignState, '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^muster: this sync state file is from workspace [\w-]+, not this one .*\n$/);
    expect(() => statSync(out)).toThrow();
  });

  it.each([
    ['not JSON', 'hello', /sync state file is not valid JSON/],
    [
      'another file',
      JSON.stringify({ format: 'muster-enrolment', version: 1 }),
      /not a Muster sync state file/,
    ],
    ['a bad state vector', 'BAD_SV', /state vector of room directory is malformed/],
  ])('export refuses a state file that is %s', async (_what, text, message) => {
    const { admin, stick } = await twoCopies();
    const state = path.join(stick, 'x.state');
    await json(admin, 'bundle', 'state', '--out', state);
    const valid = JSON.parse(readFileSync(state, 'utf8'));
    // A state vector that decodes but is not what Yjs writes: a count of 1 and no pair.
    valid.rooms[0].stateVector = 'AQ';
    writeFileSync(state, text === 'BAD_SV' ? JSON.stringify(valid) : text);
    const out = path.join(stick, 'x.bundle');
    const run = await cli(['--data', admin, 'bundle', 'export', '--for-state', state, '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(() => statSync(out)).toThrow();
  });

  it('needs a workspace, and says how to get one', async () => {
    const run = await cli(['--data', tempDir(), 'bundle', 'export', '--out', path.join(tempDir(), 'b')]);
    expect([run.code, run.stderr]).toEqual([
      1,
      expect.stringMatching(/^muster: no workspace in this data folder/),
    ]);
  });
});
