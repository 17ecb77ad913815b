import { describe, expect, it } from 'vitest';
import { compactRoom } from '../../../electron/core/docs/compaction';
import { openRoom } from '../../../electron/core/docs/room-store';
import { ids, makeEvent, openTempStore, tempStoreFile } from '../../support/room-fixtures';

// Two connections on one file behave like the desktop app and a CLI command on one data dir.
function twoConnections() {
  const file = tempStoreFile();
  return { file, app: openTempStore(file), cli: openTempStore(file) };
}

describe('one room open in two processes', () => {
  it('converges: each picks up what the other stored, on refresh or reload', () => {
    const { file, app, cli } = twoConnections();
    const inApp = openRoom(app, 'incident:i1');
    const inCli = openRoom(cli, 'incident:i1');
    inApp.appendEvent(makeEvent('from-app'));
    inCli.appendEvent(makeEvent('from-cli'));
    // The CLI caught up before writing, so it already has the app's event; the app has not looked yet.
    expect(ids(inCli.events())).toEqual(['from-app', 'from-cli']);
    expect(ids(inApp.events())).toEqual(['from-app']);
    inApp.refresh();
    expect(ids(inApp.events())).toEqual(['from-app', 'from-cli']);
    expect(ids(openRoom(openTempStore(file), 'incident:i1').events())).toEqual(['from-app', 'from-cli']);
  });

  it('refuses an id the other process already stored, even before refreshing', () => {
    const { app, cli } = twoConnections();
    const inApp = openRoom(app, 'incident:i1');
    const inCli = openRoom(cli, 'incident:i1');
    inCli.appendEvent(makeEvent('same', 'cli'));
    expect(() => inApp.appendEvent(makeEvent('same', 'app'))).toThrow(/already exists/);
    expect(inApp.events()).toEqual([makeEvent('same', 'cli')]);
  });

  it("never loses the other process's updates to compaction, before or after it loaded", () => {
    const { file, app, cli } = twoConnections();
    const inApp = openRoom(app, 'incident:i1');
    inApp.appendEvent(makeEvent('a1'));
    const inCli = openRoom(cli, 'incident:i1');
    inCli.appendEvent(makeEvent('c1'));
    inApp.appendEvent(makeEvent('a2'));
    compactRoom(cli, 'incident:i1'); // merges a1, c1, a2
    inApp.appendEvent(makeEvent('a3'));
    inCli.appendEvent(makeEvent('c2'));
    compactRoom(app, 'incident:i1'); // merges the snapshot, a3, c2
    inApp.appendEvent(makeEvent('a4'));

    const all = ['a1', 'a2', 'a3', 'a4', 'c1', 'c2'];
    inApp.refresh();
    inCli.refresh();
    expect(ids(inApp.events())).toEqual(all);
    expect(ids(inCli.events())).toEqual(all);
    expect(inApp.stateVector()).toEqual(inCli.stateVector());
    expect(ids(openRoom(openTempStore(file), 'incident:i1').events())).toEqual(all);
  });

  it('lets each process compact automatically without losing the other one’s events', () => {
    const { file, app, cli } = twoConnections();
    const inApp = openRoom(app, 'incident:i1', { compactAfter: 7 });
    const inCli = openRoom(cli, 'incident:i1', { compactAfter: 5 });
    const expected: string[] = [];
    for (let i = 0; i < 60; i++) {
      const [room, id] = i % 3 === 0 ? [inCli, `c${i}`] : [inApp, `a${i}`];
      room.appendEvent(makeEvent(id));
      expected.push(id);
    }
    expect(ids(openRoom(openTempStore(file), 'incident:i1').events())).toEqual(expected.sort());
  });
});
