import type { AttentionItem } from '../../../../shared/attention';

/** More than this at once become one summary notification, not a flood. */
export const MAX_AT_ONCE = 3;

/**
 * Decides which items to announce: those not seen before. The first list after start-up only sets
 * what counts as seen, so opening the app does not replay everything pending as notifications.
 */
export function createAttentionNotifier() {
  let seen: Set<string> | null = null;
  return (items: readonly AttentionItem[]): { fresh: AttentionItem[]; more: number } => {
    const ids = new Set(items.map((i) => i.id));
    const fresh = seen === null ? [] : items.filter((i) => !seen!.has(i.id));
    seen = ids;
    return { fresh: fresh.slice(0, MAX_AT_ONCE), more: Math.max(0, fresh.length - MAX_AT_ONCE) };
  };
}
