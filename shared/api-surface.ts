/**
 * The contract's method names and IPC channel names, free of schemas and libraries so the sandboxed
 * preload can bundle it alone. `shared/contract.ts` is checked against this list at compile time.
 */
import type { ErrorBody } from './contract';

export const METHOD_NAMES = ['getAppInfo', 'createIncident', 'listIncidents'] as const;
export type MethodName = (typeof METHOD_NAMES)[number];

export const ipcChannel = (method: MethodName) => `muster:${method}` as const;
export const EVENT_CHANNEL = 'muster:event';

/** What an IPC handler returns; the preload turns `ok: false` back into a rejected promise. */
export type IpcReply = { ok: true; result: unknown } | { ok: false; error: ErrorBody };
