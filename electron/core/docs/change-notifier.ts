/** What changed in a room: the ids of events added (or, from a misbehaving peer, rewritten). */
export type RoomChange = { room: string; eventIds: string[] };
export type RoomChangeListener = (change: RoomChange) => void;

/**
 * Collects changed event ids while a write is in progress and hands them to listeners once it is
 * over. Listeners run outside the Yjs and SQLite transactions and each in its own try/catch, so a
 * failing projection can neither undo a stored event nor keep other listeners from hearing of it.
 */
export class ChangeNotifier {
  private readonly listeners = new Set<RoomChangeListener>();
  private pending = new Set<string>();

  constructor(
    private readonly room: string,
    private readonly reportError: (error: unknown) => void,
  ) {}

  subscribe(listener: RoomChangeListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  record(eventIds: Iterable<string>): void {
    for (const id of eventIds) this.pending.add(id);
  }

  /** Drops what was recorded without telling anyone (the initial load is not a change). */
  discard(): void {
    this.pending = new Set();
  }

  flush(): void {
    if (this.pending.size === 0) return;
    const change: RoomChange = { room: this.room, eventIds: [...this.pending] };
    this.pending = new Set();
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch (error) {
        this.reportError(error);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
    this.pending = new Set();
  }
}
