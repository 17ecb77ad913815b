/**
 * The local room store (DESIGN.md section 3): each room is one Yjs document whose updates are
 * logged in SQLite as they happen and compacted into a snapshot now and then.
 *
 * Durability: every update the document emits is inserted synchronously by the first 'update'
 * listener, so it is committed (synchronous=FULL) before appendEvent returns and before any sync
 * provider registered later can see it. Several Room instances, in this process or others, may have
 * the same room open on one store; each catches up with the others' stored updates before writing,
 * and refresh() does so on demand.
 *
 * Each write is its own transaction. A caller may wrap several in one of its own (they become
 * savepoints), but if it then rolls back, the document is ahead of the store: reopen the room.
 */
import * as Y from 'yjs';
import { eventEnvelopeSchema, type EventEnvelope } from '../../../shared/events';
import { describeIssues } from '../../../shared/validation';
import type { Store } from '../db/open';
import { MusterError } from '../errors';
import { ChangeNotifier, type RoomChangeListener } from './change-notifier';
import { compactRoom } from './compaction';
import { COMPACT_AFTER_UPDATES, compactionDue, type RoomLogSize } from './compaction-policy';
import { readRoomSince } from './room-catch-up';
import { EVENTS_MAP, readRoomEvents } from './room-events';
import { assertRoomName } from './room-name';
import { insertUpdate } from './update-log';
import { assertWellFormedUpdate } from './update-validation';

export type { RoomChange, RoomChangeListener } from './change-notifier';
export { listRooms, purgedRooms, purgeRoom } from './update-log';

export type RoomOptions = {
  /** Compact once the room's log holds this many updates (and enough bytes, see compaction-policy). */
  compactAfter?: number;
  /**
   * Errors that must not fail the call that caused them: automatic compaction (the update is
   * already stored) and change listeners. Defaults to a process warning.
   */
  onBackgroundError?: (error: unknown) => void;
};

export interface Room {
  readonly name: string;
  /** The live document. Changes made to it directly are logged too, like appendEvent's. */
  readonly doc: Y.Doc;
  /** Stores a new event durably; refuses an invalid envelope or an id the room already holds. */
  appendEvent(event: EventEnvelope): void;
  /** Stores several events as one update in one commit (imports, playbook launches); all or none. */
  appendEvents(events: readonly EventEnvelope[]): void;
  /** Every valid event, in no particular order (sort with compareEvents). Treat them as read-only. */
  events(): EventEnvelope[];
  /** Map keys whose value is not a valid envelope with that id; they are left out of events(). */
  malformedKeys(): string[];
  /**
   * Stores and applies an update from elsewhere (sync, file import). Malformed bytes are refused
   * with MusterError('invalid_params') and nothing is stored. `origin` is passed on to Yjs so a
   * sync provider can recognise its own updates. `checked`: the caller has already run
   * assertWellFormedUpdate on these exact bytes (the hub does, in a worker under a deadline).
   */
  applyUpdate(update: Uint8Array, origin?: unknown, checked?: 'checked'): void;
  /** Applies what other Room instances or processes stored since this one last read the store. */
  refresh(): void;
  /** Called after each write that added events, outside the write's transaction. Returns an unsubscribe. */
  onChange(listener: RoomChangeListener): () => void;
  stateVector(): Uint8Array;
  encodeStateAsUpdate(stateVector?: Uint8Array): Uint8Array;
  /** Releases the document; the store stays open (the caller owns it). */
  close(): void;
}

/** Loads a room (snapshot plus the updates logged after it); an unknown name is an empty room. */
export function openRoom(db: Store, roomName: string, options: RoomOptions = {}): Room {
  return new StoredRoom(db, assertRoomName(roomName), options);
}

class StoredRoom implements Room {
  readonly doc = new Y.Doc();
  private readonly map = this.doc.getMap<unknown>(EVENTS_MAP);
  private readonly notifier: ChangeNotifier;
  private readonly compactAfter: number;
  private readonly reportBackgroundError: (error: unknown) => void;
  /** Highest stored seq this document has applied; catch-up reads after it. */
  private lastSeq = 0;
  /**
   * The stored form as of lastSeq plus this instance's own writes, to decide on compaction without
   * a query per append. Another process's writes are counted when this instance catches up.
   */
  private logSize: RoomLogSize = { updates: 0, bytes: 0, snapshotBytes: 0 };
  /** Set while applying bytes that are already stored, so they are not logged twice. */
  private applyingStored = false;
  /** Set while this room writes with the lock held after catching up, so its seq can become lastSeq. */
  private writingCurrent = false;
  /** Nesting depth of this room's own operations; outside them, changes come from direct doc use. */
  private operationDepth = 0;
  private failure: Error | undefined;
  private closed = false;

  constructor(
    private readonly db: Store,
    readonly name: string,
    options: RoomOptions,
  ) {
    this.compactAfter = options.compactAfter ?? COMPACT_AFTER_UPDATES;
    this.reportBackgroundError =
      options.onBackgroundError ??
      ((error) =>
        process.emitWarning(`room ${name}: ${error instanceof Error ? error.message : String(error)}`));
    this.notifier = new ChangeNotifier(name, this.reportBackgroundError);
    this.map.observe((event) => this.notifier.record(event.keysChanged));
    this.doc.on('afterAllTransactions', this.afterDirectChange);
    this.operationDepth++;
    try {
      this.catchUp();
    } catch (error) {
      this.doc.destroy();
      throw error;
    } finally {
      this.operationDepth--;
    }
    this.notifier.discard();
    // Registered after loading, because Yjs re-encodes every update for an 'update' listener and
    // what was just loaded is stored already (that alone made opening ~1.5x slower than bare Yjs);
    // still before anyone can reach the doc, so storing runs before other listeners.
    this.doc.on('update', this.logUpdate);
  }

  appendEvent(event: EventEnvelope): void {
    this.appendEvents([event]);
  }

  appendEvents(events: readonly EventEnvelope[]): void {
    const values = events.map(toStoredEvent);
    const ids = new Set(values.map((v) => v.id));
    if (ids.size !== values.length)
      throw new MusterError('invalid_params', 'the same event id appears twice in one append');
    this.operation(() =>
      this.db
        .transaction(() => {
          // Catch up under the write lock, so an id another process stored is refused too.
          this.catchUp();
          const existing = values.find((v) => this.map.has(v.id));
          if (existing) {
            throw new MusterError(
              'invalid_params',
              `event ${existing.id} already exists in room ${this.name}`,
            );
          }
          this.writingCurrent = true;
          try {
            // One Yjs transaction: one stored update and one commit for the whole batch.
            this.doc.transact(() => {
              for (const value of values) this.map.set(value.id, value);
            });
          } finally {
            this.writingCurrent = false;
          }
        })
        .immediate(),
    );
  }

  events(): EventEnvelope[] {
    this.assertUsable();
    return readRoomEvents(this.map).events;
  }

  malformedKeys(): string[] {
    this.assertUsable();
    return readRoomEvents(this.map).malformedKeys;
  }

  applyUpdate(update: Uint8Array, origin: unknown = null, checked?: 'checked'): void {
    this.assertUsable();
    if (checked !== 'checked') assertWellFormedUpdate(update);
    this.operation(() =>
      this.db
        .transaction(() => {
          this.catchUp();
          // The bytes as received, not what the document emits: Yjs holds back structs whose
          // dependencies have not arrived and emits them only later, which a crash would lose.
          this.lastSeq = insertUpdate(this.db, this.name, update);
          this.countLogged(update);
          this.applyStored([update], origin);
        })
        .immediate(),
    );
  }

  refresh(): void {
    this.operation(() => this.catchUp());
  }

  onChange(listener: RoomChangeListener): () => void {
    this.assertUsable();
    return this.notifier.subscribe(listener);
  }

  stateVector(): Uint8Array {
    this.assertUsable();
    return Y.encodeStateVector(this.doc);
  }

  encodeStateAsUpdate(stateVector?: Uint8Array): Uint8Array {
    this.assertUsable();
    return Y.encodeStateAsUpdate(this.doc, stateVector);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.doc.off('update', this.logUpdate);
    this.doc.off('afterAllTransactions', this.afterDirectChange);
    this.notifier.clear();
    this.doc.destroy();
  }

  /** Runs one of this room's writes, then compacts if due and tells listeners, once it is over. */
  private operation(write: () => void): void {
    this.assertUsable();
    this.operationDepth++;
    try {
      write();
    } finally {
      this.operationDepth--;
    }
    if (this.operationDepth === 0) this.afterWrite();
  }

  private afterWrite(): void {
    this.compactIfDue();
    this.notifier.flush();
  }

  /** Someone changed the doc directly (a sync provider, say); logUpdate already stored it. */
  private readonly afterDirectChange = (): void => {
    if (this.operationDepth === 0 && !this.closed) this.afterWrite();
  };

  private readonly logUpdate = (update: Uint8Array): void => {
    if (this.applyingStored) return;
    try {
      const seq = insertUpdate(this.db, this.name, update);
      this.countLogged(update);
      if (this.writingCurrent) this.lastSeq = seq;
    } catch (error) {
      // The document now holds a change the store does not; throwing stops it from reaching later
      // 'update' listeners, and the room refuses further use until it is reopened from the store.
      this.failure = new Error(
        `room ${this.name} could not store an update (${describe(error)}); close and reopen it`,
      );
      throw error;
    }
  };

  private catchUp(): void {
    const read = readRoomSince(this.db, this.name, this.lastSeq);
    if (read.updates.length > 0) this.applyStored(read.updates, this);
    this.lastSeq = read.lastSeq;
    if (read.snapshotBytes !== undefined) {
      this.logSize = { ...read.logged, snapshotBytes: read.snapshotBytes };
    } else {
      this.logSize.updates += read.logged.updates;
      this.logSize.bytes += read.logged.bytes;
    }
  }

  private countLogged(update: Uint8Array): void {
    this.logSize.updates++;
    this.logSize.bytes += update.byteLength;
  }

  private applyStored(updates: Uint8Array[], origin: unknown): void {
    this.applyingStored = true;
    try {
      this.doc.transact(() => {
        for (const update of updates) Y.applyUpdate(this.doc, update, origin);
      }, origin);
    } catch (error) {
      this.failure = new Error(`room ${this.name} could not apply an update (${describe(error)})`);
      throw this.failure;
    } finally {
      this.applyingStored = false;
    }
  }

  private compactIfDue(): void {
    try {
      if (!compactionDue(this.logSize, this.compactAfter)) return;
      const { snapshotBytes } = compactRoom(this.db, this.name);
      // Anything it merged that this instance has not applied yet comes back with the snapshot
      // on the next catch-up (the snapshot then covers more than lastSeq).
      this.logSize = { updates: 0, bytes: 0, snapshotBytes };
    } catch (error) {
      this.reportBackgroundError(error);
    }
  }

  private assertUsable(): void {
    if (this.closed) throw new Error(`room ${this.name} is closed`);
    if (this.failure) throw this.failure;
  }
}

/**
 * Validates an envelope and turns it into plain JSON data, the form in which it is signed, stored
 * in the document and read back by every replica.
 */
function toStoredEvent(event: EventEnvelope): EventEnvelope {
  const parsed = eventEnvelopeSchema.safeParse(event);
  if (!parsed.success)
    throw new MusterError('invalid_params', `invalid event: ${describeIssues(parsed.error)}`);
  let json: string;
  try {
    json = JSON.stringify(parsed.data);
  } catch (error) {
    throw new MusterError(
      'invalid_params',
      `event ${parsed.data.id} is not plain JSON data (${describe(error)})`,
    );
  }
  return JSON.parse(json) as EventEnvelope;
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));
