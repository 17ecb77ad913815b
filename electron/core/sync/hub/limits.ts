/** What one connection may cost the hub before it is closed (DESIGN.md section 4). */
export type HubLimits = {
  /** Largest WebSocket message; larger frames close the connection (1009). */
  maxMessageBytes: number;
  /** Sustained messages per second per connection, with a burst of twice that. */
  messagesPerSecond: number;
  /** Messages received but not yet handled; a client that outruns the checks is closed. */
  maxQueuedMessages: number;
  /** Rooms (connections) one device may have open at once. */
  maxRoomsPerDevice: number;
  /** How long one update may take to decode (off the main loop) before it is refused. */
  updateCheckDeadlineMs: number;
  updateCheckMemoryMb: number;
  /** Bytes waiting to be sent to a client that does not read; beyond it, the client is closed. */
  maxBufferedBytes: number;
};

export const DEFAULT_HUB_LIMITS: HubLimits = {
  // A whole incident with thousands of events fits; a snapshot of a workspace goes room by room.
  maxMessageBytes: 16 * 1024 * 1024,
  messagesPerSecond: 200,
  maxQueuedMessages: 1000,
  maxRoomsPerDevice: 5000,
  updateCheckDeadlineMs: 2000,
  updateCheckMemoryMb: 256,
  maxBufferedBytes: 64 * 1024 * 1024,
};

/** A token bucket: `take` answers whether one more message fits the rate. */
export class RateLimiter {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = perSecond * 2;
    this.last = now();
  }

  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.perSecond * 2, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
