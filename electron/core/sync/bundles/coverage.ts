/**
 * Whether an update would change a document, decided without applying it: Yjs's
 * snapshotContainsUpdate checks that every struct in the update is below the snapshot's state
 * vector (state vectors are contiguous, so those structs are integrated already) and that the
 * update's delete set adds nothing to the snapshot's. Both are needed: a deletion creates no
 * struct and moves no clock, so an update carrying only a deletion looks "known" to a state vector.
 *
 * It errs one way only: an update counted as new may still turn out to add nothing (structs the
 * document holds back as pending, say), which costs a redundant log row but never loses a change.
 */
import * as Y from 'yjs';
import type { Room } from '../../docs/room-store';

/** True when applying `update` to the room's document could not change it. */
export const roomAlreadyHas = (room: Pick<Room, 'doc'>, update: Uint8Array): boolean =>
  Y.snapshotContainsUpdate(Y.snapshot(room.doc), update);

/**
 * True when `update` holds nothing beyond `stateVector` and no deletions. Used on our own
 * encodeStateAsUpdate output to leave out rooms the other copy is current on; that copy's delete
 * set is unknown, so an update carrying deletions is always sent (importing it again is harmless).
 */
export const nothingToSend = (stateVector: Uint8Array, update: Uint8Array): boolean =>
  Y.snapshotContainsUpdate(Y.createSnapshot(Y.createDeleteSet(), Y.decodeStateVector(stateVector)), update);
