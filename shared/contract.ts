/**
 * The one API contract between the core and every host (Electron IPC, the serve host's WebSocket,
 * the CLI). Each method names the schema its params must pass at the boundary and the shape it
 * returns; pushed events are a discriminated union. Hosts and the preload derive everything from
 * `contract`, so a method added here is exposed everywhere or fails to compile.
 */
import { z } from 'zod';
import type { MethodName } from './api-surface';
import { incidentSchema, newIncidentSchema, type Incident } from './incident';

export { METHOD_NAMES, type MethodName } from './api-surface';

const noParams = z.object({}).strict();

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  /** Which host runs the core; the UI uses it only to label itself. */
  host: z.enum(['desktop', 'serve', 'cli']),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const contract = {
  getAppInfo: { params: noParams, result: appInfoSchema },
  createIncident: { params: newIncidentSchema, result: incidentSchema },
  listIncidents: { params: noParams, result: z.array(incidentSchema) },
} as const satisfies { [M in MethodName]: { params: z.ZodType; result: z.ZodType } };

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(contract, name);
}

/** What a caller passes (before validation and defaults). */
export type ParamsIn<M extends MethodName> = z.input<(typeof contract)[M]['params']>;
/** What a handler receives (after validation). */
export type ParamsOut<M extends MethodName> = z.output<(typeof contract)[M]['params']>;
export type Result<M extends MethodName> = z.output<(typeof contract)[M]['result']>;

/** The core implements this; checked with `satisfies` so a missing or mistyped handler fails to compile. */
export type Handlers = {
  [M in MethodName]: (params: ParamsOut<M>) => Result<M> | Promise<Result<M>>;
};

/** Events the core pushes to every connected UI. */
export type MusterEvent =
  | { type: 'incident.created'; incident: Incident }
  /**
   * Raised by a transport, not the core, after its link to the core came back: events may have been
   * missed, so views reload what they show.
   */
  | { type: 'connection.restored' };

export type Unsubscribe = () => void;

/**
 * What the renderer sees: one named async function per method, plus event subscription.
 * The preload exposes exactly this as `window.muster`; the serve transport implements it over WebSocket.
 */
export type MusterApi = {
  [M in MethodName]: (params: ParamsIn<M>) => Promise<Result<M>>;
} & {
  onEvent(listener: (event: MusterEvent) => void): Unsubscribe;
};

/** Error codes every host maps the same way: the first two are the caller's fault. */
export const ERROR_CODES = ['invalid_params', 'unknown_method', 'bad_frame', 'internal'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
export type ErrorBody = { code: ErrorCode; message: string };
