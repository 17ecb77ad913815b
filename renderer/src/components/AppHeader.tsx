import type { WhoAmI } from '../../../shared/contract';
import { SyncIndicator } from '../features/sync/SyncIndicator';

/**
 * What the title bar says: the app; once there is a workspace, also whose workstation this is and
 * whether its copy is syncing. The frame around it (a `<header>`) belongs to the caller.
 */
export function AppHeader({ me }: { me?: WhoAmI }) {
  const department = me && me.workspace.departments.find((d) => d.id === me.member.department);
  return (
    <div className="app-header">
      <h1>Muster</h1>
      {me && (
        <>
          <span className="workspace-name">
            <span className="visually-hidden">Workspace </span>
            <span>{me.workspace.name}</span>
          </span>
          <SyncIndicator />
          <span className="whoami">
            <span className="visually-hidden">Signed in as </span>
            <span>
              {[me.member.user, me.member.role, department?.name ?? me.member.department].join(' · ')}
            </span>
          </span>
        </>
      )}
    </div>
  );
}
