import * as Y from 'yjs';

/** How many updates Y.mergeUpdates gets at once. */
const MERGE_FAN_IN = 32;

/**
 * Y.mergeUpdates of many updates, merged in rounds of MERGE_FAN_IN. Yjs 13 re-sorts all its
 * inputs for every run of structs it writes, so one call with k small updates costs about k^2;
 * merging small groups first keeps a long log's compaction close to linear. Merged updates merge
 * again like any other, so the result holds the same content.
 */
export function mergeUpdatesInRounds(updates: readonly Uint8Array[]): Uint8Array {
  let round = [...updates];
  if (round.length === 0) throw new Error('nothing to merge');
  while (round.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < round.length; i += MERGE_FAN_IN)
      next.push(Y.mergeUpdates(round.slice(i, i + MERGE_FAN_IN)));
    round = next;
  }
  return round[0]!;
}
