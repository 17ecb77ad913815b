/**
 * Runs in a worker thread: checks one untrusted Yjs update per message. Kept apart from the hub's
 * event loop because yjs has open issues where crafted bytes loop forever or exhaust memory; the
 * hub can then terminate this thread instead of hanging (see update-checker.ts).
 */
import { parentPort } from 'node:worker_threads';
import { assertWellFormedUpdate } from '../../docs/update-validation';

export type CheckRequest = { id: number; update: Uint8Array };
export type CheckResult = { id: number; ok: true } | { id: number; ok: false; reason: string };
/** Sent once, when the worker has loaded and can check: the deadline covers checking only. */
export type WorkerReady = { ready: true };

parentPort?.on('message', ({ id, update }: CheckRequest) => {
  let result: CheckResult;
  try {
    assertWellFormedUpdate(update);
    result = { id, ok: true };
  } catch (error) {
    result = { id, ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(result);
});

parentPort?.postMessage({ ready: true } satisfies WorkerReady);
