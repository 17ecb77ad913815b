/**
 * Every change in Muster is an event appended to a room (DESIGN.md section 3); nothing is edited in
 * place. This is the envelope all events share. The payload's shape depends on `type` and is
 * checked by the fold that consumes it.
 */
import canonicalize from 'canonicalize';
import { z } from 'zod';

export const EVENT_TEXT_MAX = 20_000;

export const eventEnvelopeSchema = z
  .object({
    /** Globally unique (UUID); also the event's key in its room's Y.Map. */
    id: z.string().min(1).max(64),
    type: z.string().min(1).max(64),
    /** Hybrid logical clock stamp (shared/hlc.ts); sorts as text. */
    hlc: z.string().min(1).max(100),
    /** Member id of the author. */
    actor: z.string().min(1).max(64),
    /** Device id that signed it. */
    device: z.string().min(1).max(64),
    /** The author's department at the time of writing (from their certificate). */
    department: z.string().min(1).max(64),
    payload: z.unknown(),
    /** Ed25519 signature by the device key over `signingBytes` of everything else, base64url. */
    sig: z.string().min(1).max(200),
  })
  .strict();
export type EventEnvelope = z.infer<typeof eventEnvelopeSchema>;
export type UnsignedEvent = Omit<EventEnvelope, 'sig'>;

/**
 * The exact bytes a device signs: RFC 8785 canonical JSON of the event without `sig`, so every
 * replica reproduces them from the stored event whatever order its keys arrive in.
 */
export function signingBytes(event: UnsignedEvent): Uint8Array {
  const { id, type, hlc, actor, device, department, payload } = event;
  const text = canonicalize({ id, type, hlc, actor, device, department, payload });
  if (text === undefined) throw new Error('event cannot be canonicalised');
  return new TextEncoder().encode(text);
}

/** The total order the fold uses: by clock, then by id so equal stamps still order the same everywhere. */
export function compareEvents(
  a: Pick<EventEnvelope, 'hlc' | 'id'>,
  b: Pick<EventEnvelope, 'hlc' | 'id'>,
): number {
  if (a.hlc !== b.hlc) return a.hlc < b.hlc ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}
