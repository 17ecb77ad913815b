import { lazy, Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { WhoAmI } from '../../shared/contract';
import { AppShell } from './app/AppShell';
import { useNavigation } from './app/navigation';
import { Providers } from './app/Providers';
import { AppHeader } from './components/AppHeader';
import { BoardView } from './features/board/BoardView';
import { FirstRunPage } from './features/workspace/FirstRunPage';
import { useWhoAmI } from './features/workspace/useWhoAmI';

// The board is what opens; the other views load when first visited, so the first render parses less.
const IncidentRoomView = lazy(() =>
  import('./features/incident-room/IncidentRoomView').then((m) => ({ default: m.IncidentRoomView })),
);
const MapView = lazy(() => import('./features/map/MapView').then((m) => ({ default: m.MapView })));
const PlaybooksView = lazy(() =>
  import('./features/playbooks/PlaybooksView').then((m) => ({ default: m.PlaybooksView })),
);
const SettingsView = lazy(() =>
  import('./features/settings/SettingsView').then((m) => ({ default: m.SettingsView })),
);

export function App() {
  const { state, retry, enrolled } = useWhoAmI();
  const { t } = useTranslation('app');
  const focusTarget = useRef<HTMLElement>(null);
  const wasFirstRun = useRef(false);

  // Leaving the first-run screen replaces everything on the page, including the focused button:
  // move focus to the board so keyboard and screen-reader users land somewhere sensible.
  useEffect(() => {
    if (state.status === 'none') wasFirstRun.current = true;
    if (state.status === 'ready' && wasFirstRun.current) {
      wasFirstRun.current = false;
      focusTarget.current?.focus();
    }
  }, [state.status]);

  if (state.status === 'ready') {
    return (
      <Providers>
        <AppShell header={<AppHeader me={state.me} />} mainRef={focusTarget}>
          <Suspense fallback={<p className="empty">{t('loadingView')}</p>}>
            <CurrentView me={state.me} />
          </Suspense>
        </AppShell>
      </Providers>
    );
  }
  return (
    <Providers>
      <div className="app">
        <header>
          <AppHeader />
        </header>
        <main>
          {state.status === 'loading' && <p className="empty">{t('connecting')}</p>}
          {state.status === 'failed' && (
            <div role="alert" className="load-error">
              <p>{t('unreachable', { message: state.message })}</p>
              <button type="button" onClick={retry}>
                {t('retry')}
              </button>
            </div>
          )}
          {state.status === 'none' && <FirstRunPage onEnrolled={enrolled} />}
        </main>
      </div>
    </Providers>
  );
}

/** The view the navigation names, for the workspace's member. */
function CurrentView({ me }: { me: WhoAmI }) {
  const view = useNavigation((state) => state.view);
  const departments = me.workspace.departments;
  switch (view.name) {
    case 'incident':
      return <IncidentRoomView key={view.incidentId} incidentId={view.incidentId} me={me} />;
    case 'map':
      return <MapView departments={departments} canChooseSource={me.member.role === 'admin'} />;
    case 'playbooks':
      return <PlaybooksView me={me} />;
    case 'settings':
      return <SettingsView me={me} />;
    case 'board':
      return <BoardView departments={departments} />;
  }
}
