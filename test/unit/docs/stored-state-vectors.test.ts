import { expect, it } from 'vitest';
import { compactRoom } from '../../../electron/core/docs/compaction';
import { openRoom } from '../../../electron/core/docs/room-store';
import { createStoredStateVectors } from '../../../electron/core/docs/stored-state-vectors';
import { purgeRoom } from '../../../electron/core/docs/update-log';
import { makeEvent, openTempStore } from '../../support/room-fixtures';

it('reads each room state vector from the store, as the loaded document has it, and follows later writes', () => {
  const db = openTempStore();
  const vectors = createStoredStateVectors(db);
  const first = openRoom(db, 'incident:i1');
  first.appendEvent(makeEvent('e1'));
  first.appendEvent(makeEvent('e2'));
  const second = openRoom(db, 'incident:i2');
  second.appendEvent(makeEvent('e3'));

  expect(vectors.all()).toEqual(
    new Map([
      ['incident:i1', first.stateVector()],
      ['incident:i2', second.stateVector()],
    ]),
  );

  // Written by another Room instance (as another process would): the cached vector is stale.
  const elsewhere = openRoom(db, 'incident:i1');
  elsewhere.appendEvent(makeEvent('e4'));
  expect(vectors.all().get('incident:i1')).toEqual(elsewhere.stateVector());

  // Compaction folds the log into a snapshot without changing what the room holds.
  compactRoom(db, 'incident:i1');
  expect(vectors.all().get('incident:i1')).toEqual(elsewhere.stateVector());

  purgeRoom(db, 'incident:i2');
  expect([...vectors.all().keys()]).toEqual(['incident:i1']);
});
