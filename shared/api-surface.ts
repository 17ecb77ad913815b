/**
 * The contract's method names and IPC channel names, free of schemas and libraries so the sandboxed
 * preload can bundle it alone. `shared/contract.ts` is checked against this list at compile time.
 */
import type { ErrorBody, MusterApi } from './contract';

export const METHOD_NAMES = [
  'getAppInfo',
  'whoAmI',
  'initWorkspace',
  'inviteMember',
  'joinWorkspace',
  'listMembers',
  'addDepartment',
  'revokeMember',
  'getSyncStatus',
  'setSyncHubs',
  'syncNow',
  'setLanHosting',
  'createIncident',
  'listIncidents',
  'showIncident',
  'updateIncident',
  'changeIncidentStatus',
  'assignIncidentRole',
  'createTask',
  'updateTask',
  'changeTaskState',
  'addLogEntry',
  'linkIncidents',
  'unlinkIncidents',
  'resolveConflict',
  'searchIncidents',
  'listPlaybooks',
  'showPlaybook',
  'validatePlaybook',
  'importPlaybook',
  'exportPlaybook',
  'setPlaybookAutoStart',
  'suggestPlaybooks',
  'startRun',
  'listRuns',
  'showRun',
  'changeRunStep',
  'stopRun',
  'resolveRunConflict',
  'purgeExercises',
  'getAttention',
  'getMapSource',
  'setMapSource',
  'getMapTile',
  'getDataLocation',
  'listBackups',
  'backUpNow',
] as const;
export type MethodName = (typeof METHOD_NAMES)[number];

export const ipcChannel = (method: MethodName) => `muster:${method}` as const;
export const EVENT_CHANNEL = 'muster:event';

/** What an IPC handler returns; the preload turns `ok: false` back into a rejected promise. */
export type IpcReply = { ok: true; result: unknown } | { ok: false; error: ErrorBody };

/**
 * Builds the renderer-facing API (one named function per method, plus `onEvent`) on top of any
 * transport's generic request function. The single place that vouches for the result types: each
 * function forwards to the core method of the same name, whose handler is typed by the contract.
 */
export function apiFromRequest(
  request: (method: MethodName, params: unknown) => Promise<unknown>,
  onEvent: MusterApi['onEvent'],
): MusterApi {
  const methods = Object.fromEntries(
    METHOD_NAMES.map((method) => [method, (params: unknown) => request(method, params)]),
  );
  return { ...methods, onEvent } as unknown as MusterApi;
}
