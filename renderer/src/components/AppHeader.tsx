import { useTranslation } from 'react-i18next';
import type { WhoAmI } from '../../../shared/contract';
import { SyncIndicator } from '../features/sync/SyncIndicator';

/** A name, the same in every language. */
const PRODUCT_NAME = 'Muster';

/**
 * What the title bar says: the app; once there is a workspace, also whose workstation this is and
 * whether its copy is syncing. The frame around it (a `<header>`) belongs to the caller.
 */
export function AppHeader({ me }: { me?: WhoAmI }) {
  const { t } = useTranslation('app');
  const department = me && me.workspace.departments.find((d) => d.id === me.member.department);
  return (
    <div className="app-header">
      <h1>{PRODUCT_NAME}</h1>
      {me && (
        <>
          <span className="workspace-name">
            <span className="visually-hidden">{t('header.workspace')} </span>
            <span>{me.workspace.name}</span>
          </span>
          <SyncIndicator />
          <span className="whoami">
            <span className="visually-hidden">{t('header.signedInAs')} </span>
            <span>
              {[me.member.user, t(`role.${me.member.role}`), department?.name ?? me.member.department].join(
                ' · ',
              )}
            </span>
          </span>
        </>
      )}
    </div>
  );
}
