import { useSyncExternalStore } from 'react';
import type { MusterEvent } from '../../../shared/contract';
import { api } from '../api';

export type ResourceState<T> =
  { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; value: T };

type Options<T> = {
  load: () => Promise<T>;
  /** What a pushed event makes of the current value (undefined before the first answer); undefined leaves it. */
  apply?: (event: MusterEvent, current: T | undefined) => T | undefined;
};

const LOADING = { status: 'loading' } as const;

/**
 * One copy of a piece of the core's state for the whole window, however many components show it:
 * asked for when the first of them mounts, kept current by pushed events, asked again when the link
 * to the core comes back, and dropped when the last one unmounts. (The board and the header each
 * asking for the sync state of 2,000 rooms held the first render up by a second.)
 */
export function liveResource<T>({ load, apply }: Options<T>) {
  let state: ResourceState<T> = LOADING;
  const listeners = new Set<() => void>();
  let stopEvents: (() => void) | undefined;
  /** Bumped by every pushed value and by going idle: an answer to an older ask is stale. */
  let generation = 0;

  const set = (next: ResourceState<T>) => {
    state = next;
    for (const listener of listeners) listener();
  };

  /** A pushed value, or the core's answer to a change made here: newer than anything asked before. */
  const receive = (value: T) => {
    if (!stopEvents) return;
    generation++;
    set({ status: 'ready', value });
  };

  const ask = () => {
    const asked = generation;
    const current = () => stopEvents !== undefined && generation === asked;
    load().then(
      (value) => current() && set({ status: 'ready', value }),
      (error: Error) => {
        if (!current()) return;
        // A preload nobody is shown yet (say, before a workspace exists) is simply forgotten:
        // the first view to show it asks again.
        if (listeners.size === 0) stop();
        else set({ status: 'failed', message: error.message });
      },
    );
  };

  const start = () => {
    stopEvents = api.onEvent((event) => {
      if (event.type === 'connection.restored') return ask();
      const next = apply?.(event, state.status === 'ready' ? state.value : undefined);
      if (next !== undefined) receive(next);
    });
    ask();
  };

  const stop = () => {
    stopEvents?.();
    stopEvents = undefined;
    generation++;
    state = LOADING;
  };

  const subscribe = (listener: () => void) => {
    listeners.add(listener);
    if (!stopEvents) start();
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) stop();
    };
  };

  const snapshot = () => state;
  return {
    use: (): ResourceState<T> => useSyncExternalStore(subscribe, snapshot),
    receive,
    /**
     * Starts asking now, before any view that shows it has mounted (views subscribe only after
     * the browser has painted them). Safe to call during render, like React's own preload().
     */
    preload(): void {
      if (!stopEvents) start();
    },
  };
}
