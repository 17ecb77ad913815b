import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../../../shared/sync';
import { HubsEditor } from './HubsEditor';

/** Where syncing stands now: the hub in use, the LAN hub this copy hosts, and the rooms by state. */
function SyncSummary({ sync }: { sync: SyncStatus }) {
  const { t } = useTranslation('settings');
  const count = (state: string) => sync.rooms.filter((room) => room.state === state).length;
  return (
    <dl className="sync-summary">
      <dt>{t('sync.hub')}</dt>
      <dd>{sync.hub ? <code>{sync.hub}</code> : t('sync.noHub')}</dd>
      <dt>{t('sync.lanHub')}</dt>
      <dd>{sync.lanHub ? <code>{sync.lanHub}</code> : t('sync.noLanHub')}</dd>
      <dt>{t('sync.rooms')}</dt>
      <dd>
        {t('sync.roomCounts', {
          online: count('online'),
          syncing: count('syncing'),
          offline: count('offline'),
        })}
      </dd>
    </dl>
  );
}

/** Syncing: its current state, and the hubs to sync with. */
export function SyncSection({
  sync,
  onChanged,
}: {
  sync: SyncStatus;
  onChanged: (status: SyncStatus) => void;
}) {
  const { t } = useTranslation('settings');
  return (
    <section className="settings-section" aria-labelledby="settings-sync">
      <h3 id="settings-sync">{t('sync.title')}</h3>
      <SyncSummary sync={sync} />
      <HubsEditor initial={sync.hubs} onSaved={onChanged} />
    </section>
  );
}
