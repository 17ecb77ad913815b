import './settings.css';
import { useTranslation } from 'react-i18next';
import type { WhoAmI } from '../../../../shared/contract';
import { acceptSyncStatus, useSyncStatus } from '../sync/useSyncStatus';
import { AppearanceSection } from './AppearanceSection';
import { DataSection } from './DataSection';
import { LanHostingSection } from './LanHostingSection';
import { MembersSection } from './MembersSection';
import { SyncSection } from './SyncSection';

/**
 * Members and settings: who is in the workspace by department, which hubs this copy syncs with,
 * hosting a hub for the LAN, where this copy keeps its data and its backups, and the theme and language.
 */
export function SettingsView({ me }: { me: WhoAmI }) {
  const { t } = useTranslation('settings');
  const state = useSyncStatus();
  return (
    <section className="settings" aria-labelledby="settings-heading">
      <h2 id="settings-heading">{t('title')}</h2>
      <MembersSection departments={me.workspace.departments} />
      {state.status === 'loading' && <p className="settings-hint">{t('sync.loading')}</p>}
      {state.status === 'failed' && (
        <p role="alert" className="settings-error">
          {t('sync.failed', { message: state.message })}
        </p>
      )}
      {state.status === 'ready' && (
        <>
          <SyncSection sync={state.value} onChanged={acceptSyncStatus} />
          <LanHostingSection sync={state.value} onChanged={acceptSyncStatus} />
        </>
      )}
      <DataSection />
      <AppearanceSection />
    </section>
  );
}
