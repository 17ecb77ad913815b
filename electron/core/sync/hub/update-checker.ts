/**
 * Checks untrusted Yjs updates off the hub's main loop, under a deadline and a memory cap
 * (DESIGN.md section 4). A check that overruns or runs the worker out of memory is refused and the
 * worker replaced, so one hostile frame costs its own connection and nothing else.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { findAppRoot } from '../../app-root';
import type { CheckRequest, CheckResult, WorkerReady } from './update-check-worker';

export type UpdateCheckerOptions = {
  /** How long one update may take to decode and apply to a scratch document. */
  deadlineMs: number;
  /** Heap cap of the worker; crafted updates that inflate are stopped here. */
  memoryLimitMb: number;
};

export class UpdateRefused extends Error {}

type Pending = {
  request: CheckRequest;
  resolve: () => void;
  reject: (error: Error) => void;
};

/**
 * The worker is a separate entry of the build (out/main/update-check-worker.js). Run from the
 * sources (tests, benchmarks), it is the TypeScript file, loaded through tsx's loader, which Node 20
 * does not pass on to workers by itself.
 */
function startWorker(options: ConstructorParameters<typeof Worker>[1]): Worker {
  if (import.meta.url.endsWith('.ts')) {
    const tsx = import.meta.resolve('tsx/esm/api');
    const entry = new URL('./update-check-worker.ts', import.meta.url).href;
    const boot = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
    return new Worker(boot, { ...options, eval: true });
  }
  const built = path.join(findAppRoot(import.meta.url), 'out', 'main', 'update-check-worker.js');
  return new Worker(pathToFileURL(built), options);
}

export class UpdateChecker {
  private worker: Worker | undefined;
  private readonly queue: Pending[] = [];
  private current: Pending | undefined;
  private timer: NodeJS.Timeout | undefined;
  private workerReady = false;
  private nextId = 1;
  private closed = false;
  /** Checks that overran or crashed the worker, for the metrics. */
  workerRestarts = 0;

  constructor(private readonly options: UpdateCheckerOptions) {}

  /** Resolves if the update is well-formed; rejects with UpdateRefused saying why not. */
  check(update: Uint8Array): Promise<void> {
    if (this.closed) return Promise.reject(new UpdateRefused('the hub is shutting down'));
    return new Promise((resolve, reject) => {
      this.queue.push({ request: { id: this.nextId++, update }, resolve, reject });
      this.startNext();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(new UpdateRefused('the hub is shutting down'));
    this.finish(new UpdateRefused('the hub is shutting down'));
    await this.worker?.terminate();
    this.worker = undefined;
  }

  private startNext(): void {
    if (this.current || this.closed) return;
    const next = this.queue.shift();
    if (!next) return;
    this.current = next;
    this.ensureWorker().postMessage(next.request);
    if (this.workerReady) this.startDeadline();
  }

  /** Started once the worker can check, so its start-up is not charged to an update. */
  private startDeadline(): void {
    this.timer = setTimeout(() => {
      this.replaceWorker();
      this.finish(new UpdateRefused(`update took longer than ${this.options.deadlineMs} ms to check`));
    }, this.options.deadlineMs);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker({ resourceLimits: { maxOldGenerationSizeMb: this.options.memoryLimitMb } });
    worker.on('message', (result: CheckResult | WorkerReady) => {
      if (this.worker !== worker) return;
      if ('ready' in result) {
        this.workerReady = true;
        if (this.current) this.startDeadline();
        return;
      }
      if (result.id !== this.current?.request.id) return;
      this.finish(result.ok ? undefined : new UpdateRefused(result.reason));
    });
    worker.on('error', (error) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.workerRestarts++;
      this.finish(new UpdateRefused(`update check failed (${error.message})`));
    });
    worker.on('exit', () => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.finish(new UpdateRefused('update check stopped unexpectedly'));
    });
    // The hub's open sockets keep the process alive, not an idle checker.
    worker.unref();
    this.worker = worker;
    this.workerReady = false;
    return worker;
  }

  private replaceWorker(): void {
    const worker = this.worker;
    this.worker = undefined;
    this.workerRestarts++;
    void worker?.terminate();
  }

  /** Settles the current check (undefined: accepted) and starts the next one. */
  private finish(error: Error | undefined): void {
    clearTimeout(this.timer);
    const current = this.current;
    this.current = undefined;
    if (current) {
      if (error) current.reject(error);
      else current.resolve();
    }
    this.startNext();
  }
}
