/**
 * Group commit for the hub's acknowledgements. A hub store commits with synchronous=NORMAL (the WAL
 * is written but not flushed to disk), so an update is stored and passed on to the room's other
 * members at once; every few milliseconds a checkpoint flushes everything committed so far, and only
 * then are the senders acknowledged. One flush per window instead of one per update kept the hub
 * from falling behind a single busy writer (`npm run bench`, fan-out: with a flush per update the
 * queue grew to 400 ms; a 5 ms window still blocked the loop most of the time at 100 updates/s).
 * The flush still blocks the loop for its two fsyncs; running it on a worker's own connection is
 * the next step.
 *
 * A checkpoint flushes the WAL before copying it into the database. The hub is the only connection
 * to its stores, so no reader can hold frames back from it.
 */
import type { Store } from '../../db/open';

/** Acknowledgements wait at most this long (plus the flush) after the update was stored. */
const WINDOW_MS = 50;

export class DurableAcks {
  private readonly waiting = new Map<object, () => void>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly store: Store) {
    store.pragma('synchronous = NORMAL');
  }

  /** Runs `then` once everything committed so far is on disk; one pending callback per `key`. */
  whenDurable(key: object, then: () => void): void {
    this.waiting.set(key, then);
    this.timer ??= setTimeout(() => this.flush(), WINDOW_MS);
  }

  /** Flushes now and runs the waiting callbacks (also before the store closes). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.waiting.size === 0) return;
    this.store.pragma('wal_checkpoint(PASSIVE)');
    const callbacks = [...this.waiting.values()];
    this.waiting.clear();
    for (const then of callbacks) then();
  }
}
