import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { version } from '../../package.json';
import {
  contract,
  isMethodName,
  type AppInfo,
  type Handlers,
  type MusterEvent,
  type Unsubscribe,
} from '../../shared/contract';
import type { Incident } from '../../shared/incident';
import { describeIssues } from '../../shared/validation';
import { insertIncident, listIncidents } from './db/incidents';
import { openStore, type Store } from './db/open';
import { MusterError } from './errors';

export const STORE_FILE = 'muster.db';

export type CoreOptions = {
  dataDir: string;
  host: AppInfo['host'];
  nativeBinding?: string;
  /** Injected so tests can pin time and ids; real hosts use the defaults. */
  now?: () => Date;
  newId?: () => string;
};

export type Core = {
  /**
   * The single entry point every host uses: checks that `method` exists and `params` pass its
   * schema before any handler runs, so a bad call changes nothing.
   */
  call(method: string, params: unknown): Promise<unknown>;
  onEvent(listener: (event: MusterEvent) => void): Unsubscribe;
  close(): void;
};

export function createCore(options: CoreOptions): Core {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const store: Store = openStore(path.join(options.dataDir, STORE_FILE), {
    nativeBinding: options.nativeBinding,
  });
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? randomUUID;
  const listeners = new Set<(event: MusterEvent) => void>();

  const emit = (event: MusterEvent) => {
    for (const listener of listeners) listener(event);
  };

  const handlers = {
    getAppInfo: () => ({ name: 'Muster', version, host: options.host }),
    createIncident: ({ title, severity }) => {
      const incident: Incident = {
        id: newId(),
        title,
        severity,
        status: 'reported',
        createdAt: now().toISOString(),
      };
      insertIncident(store, incident);
      emit({ type: 'incident.created', incident });
      return incident;
    },
    listIncidents: () => listIncidents(store),
  } satisfies Handlers;

  return {
    async call(method, params) {
      if (!isMethodName(method)) throw new MusterError('unknown_method', `unknown method: ${method}`);
      const parsed = contract[method].params.safeParse(params ?? {});
      if (!parsed.success) throw new MusterError('invalid_params', describeIssues(parsed.error));
      // The schema and handler are looked up by the same key, so the pair always matches.
      const handler = handlers[method] as (params: unknown) => unknown;
      return handler(parsed.data);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      listeners.clear();
      store.close();
    },
  };
}
