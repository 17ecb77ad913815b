import { useTranslation } from 'react-i18next';
import { useNow } from '../../components/useNow';
import { describeSync, type SyncDescription } from './describe-sync';
import { useSyncStatus } from './useSyncStatus';

/**
 * Sync state in one line for the header. Sighted users see the line (with a relative hint that
 * ticks); screen readers get a polite status that changes only when the state does.
 */
export function SyncIndicator() {
  const state = useSyncStatus();
  const now = useNow();
  // Re-render in the new language when it changes; describeSync reads it from i18next.
  const { t } = useTranslation('sync');
  if (state.status === 'loading') return null;
  const { tone, text, spoken, details }: SyncDescription =
    state.status === 'ready'
      ? describeSync(state.value, now)
      : { tone: 'none', text: t('unknown'), spoken: t('unknown'), details: state.message };
  return (
    <span className={`sync-indicator sync-${tone}`} title={details}>
      <span className="sync-dot" aria-hidden="true" />
      <span aria-hidden="true">{text}</span>
      <span className="visually-hidden" role="status" aria-live="polite">
        {spoken}
      </span>
    </span>
  );
}
