/**
 * Timing helpers. This machine is shared (other builds and browsers run beside the bench), so
 * every figure is measured interleaved with its baseline: both sides see the same load and the
 * ratio stays meaningful even when the absolute times wander.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

export type Summary = { n: number; mean: number; p50: number; p95: number; p99: number; max: number };

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    mean: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length),
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

export function median(values: readonly number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

/** Milliseconds taken by `fn`. */
export function time(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

let gcFunction: (() => void) | undefined;

/**
 * A full garbage collection, so one measurement does not pay for the previous one's garbage.
 * Works without `node --expose-gc`: the flag is set at run time and `gc` taken from a new context.
 */
export function collectGarbage(): void {
  if (!gcFunction) {
    v8.setFlagsFromString('--expose-gc');
    gcFunction = vm.runInNewContext('gc') as () => void;
  }
  gcFunction();
}

export type PairedSamples = { subject: number[]; baseline: number[] };

/**
 * Runs `subject` and `baseline` alternately (which goes first alternates too) until `maxPairs`
 * pairs or `budgetMs` have passed, after `warmup` unrecorded pairs. At least `minPairs` are taken.
 */
export function samplePaired(options: {
  subject: (i: number) => void;
  baseline: (i: number) => void;
  warmup: number;
  minPairs: number;
  maxPairs: number;
  budgetMs: number;
}): PairedSamples {
  const { subject, baseline } = options;
  for (let i = 0; i < options.warmup; i++) {
    subject(i);
    baseline(i);
  }
  const result: PairedSamples = { subject: [], baseline: [] };
  const deadline = performance.now() + options.budgetMs;
  for (let i = 0; i < options.maxPairs; i++) {
    if (i >= options.minPairs && performance.now() > deadline) break;
    if (i % 2 === 0) {
      result.subject.push(time(() => subject(i)));
      result.baseline.push(time(() => baseline(i)));
    } else {
      result.baseline.push(time(() => baseline(i)));
      result.subject.push(time(() => subject(i)));
    }
  }
  return result;
}
