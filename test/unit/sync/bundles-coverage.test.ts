import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { nothingToSend, roomAlreadyHas } from '../../../electron/core/sync/bundles/coverage';

/** Two documents that start out identical, as two copies after a sync. */
function twoCopies() {
  const here = new Y.Doc();
  here.getMap('events').set('a', { text: 'first' });
  here.getMap('events').set('b', { text: 'second' });
  const there = new Y.Doc();
  Y.applyUpdate(there, Y.encodeStateAsUpdate(here));
  return { here, there };
}

describe('roomAlreadyHas', () => {
  it('is true for an update the document holds already, whole or in part', () => {
    const { here, there } = twoCopies();
    expect(roomAlreadyHas({ doc: there }, Y.encodeStateAsUpdate(here))).toBe(true);
    expect(roomAlreadyHas({ doc: there }, Y.encodeStateAsUpdate(here, Y.encodeStateVector(there)))).toBe(
      true,
    );
  });

  it('is false for an update with a struct the document lacks, until it is applied', () => {
    const { here, there } = twoCopies();
    here.getMap('events').set('c', { text: 'third' });
    const update = Y.encodeStateAsUpdate(here, Y.encodeStateVector(there));
    expect(roomAlreadyHas({ doc: there }, update)).toBe(false);
    Y.applyUpdate(there, update);
    expect(roomAlreadyHas({ doc: there }, update)).toBe(true);
  });

  it('is false for an update carrying only a deletion: state vectors alone cannot see it', () => {
    const { here, there } = twoCopies();
    here.getMap('events').delete('a');
    const update = Y.encodeStateAsUpdate(here, Y.encodeStateVector(there));
    // The premise: no clock moved, so comparing state vectors would call this update known.
    expect(Y.encodeStateVector(here)).toEqual(Y.encodeStateVector(there));
    expect(roomAlreadyHas({ doc: there }, update)).toBe(false);
    Y.applyUpdate(there, update);
    expect(there.getMap('events').has('a')).toBe(false);
    expect(roomAlreadyHas({ doc: there }, update)).toBe(true);
  });

  it('is false for an empty document and anything in it', () => {
    const { here } = twoCopies();
    expect(roomAlreadyHas({ doc: new Y.Doc() }, Y.encodeStateAsUpdate(here))).toBe(false);
  });
});

describe('nothingToSend', () => {
  it('is true only when the update has no struct beyond the state vector and no deletion', () => {
    const { here, there } = twoCopies();
    const theirs = Y.encodeStateVector(there);
    expect(nothingToSend(theirs, Y.encodeStateAsUpdate(here, theirs))).toBe(true);

    here.getMap('events').set('c', { text: 'third' });
    expect(nothingToSend(theirs, Y.encodeStateAsUpdate(here, theirs))).toBe(false);
    const current = Y.encodeStateVector(here);
    expect(nothingToSend(current, Y.encodeStateAsUpdate(here, current))).toBe(true);

    here.getMap('events').delete('a');
    expect(nothingToSend(current, Y.encodeStateAsUpdate(here, current))).toBe(false);
  });

  it('is true for an empty room against nothing, false for a room with content', () => {
    const none = Y.encodeStateVector(new Map());
    expect(nothingToSend(none, Y.encodeStateAsUpdate(new Y.Doc()))).toBe(true);
    expect(nothingToSend(none, Y.encodeStateAsUpdate(twoCopies().here))).toBe(false);
  });
});
