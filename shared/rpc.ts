/**
 * Wire frames for hosts that carry the contract over a message channel (the serve host's WebSocket).
 * Requests are validated here before the method's own params schema runs.
 */
import { z } from 'zod';
import { ERROR_CODES, type ErrorBody, type MusterEvent } from './contract';

export const API_PATH = '/api';
export const MAX_FRAME_BYTES = 1024 * 1024;

export const requestFrameSchema = z
  .object({
    id: z.union([z.number().int().nonnegative(), z.string().min(1).max(64)]),
    method: z.string().min(1).max(100),
    params: z.unknown().optional(),
  })
  .strict();
export type RequestFrame = z.infer<typeof requestFrameSchema>;

export type ResponseFrame =
  | { id: RequestFrame['id']; ok: true; result: unknown }
  | { id: RequestFrame['id'] | null; ok: false; error: ErrorBody };
export type EventFrame = { event: MusterEvent };
export type ServerFrame = ResponseFrame | EventFrame;

const errorBodySchema = z.object({ code: z.enum(ERROR_CODES), message: z.string() });

/** The client side checks frames too: a host bug must not become an undefined-access crash in the UI. */
export const serverFrameSchema = z.union([
  z.object({ id: z.union([z.number(), z.string()]), ok: z.literal(true), result: z.unknown() }),
  z.object({ id: z.union([z.number(), z.string(), z.null()]), ok: z.literal(false), error: errorBodySchema }),
  z.object({ event: z.object({ type: z.string() }).passthrough() }),
]);
