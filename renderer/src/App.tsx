import { useEffect, useRef } from 'react';
import { AppHeader } from './components/AppHeader';
import { IncidentsPage } from './features/incidents/IncidentsPage';
import { FirstRunPage } from './features/workspace/FirstRunPage';
import { useWhoAmI } from './features/workspace/useWhoAmI';

export function App() {
  const { state, retry, enrolled } = useWhoAmI();
  const main = useRef<HTMLElement>(null);
  const wasFirstRun = useRef(false);

  // Leaving the first-run screen replaces everything on the page, including the focused button:
  // move focus to the board so keyboard and screen-reader users land somewhere sensible.
  useEffect(() => {
    if (state.status === 'none') wasFirstRun.current = true;
    if (state.status === 'ready' && wasFirstRun.current) {
      wasFirstRun.current = false;
      main.current?.focus();
    }
  }, [state.status]);

  return (
    <div className="app">
      <AppHeader me={state.status === 'ready' ? state.me : undefined} />
      <main ref={main} tabIndex={-1}>
        {state.status === 'loading' && <p className="empty">Connecting to Muster…</p>}
        {state.status === 'failed' && (
          <div role="alert" className="load-error">
            <p>Could not reach Muster: {state.message}</p>
            <button type="button" onClick={retry}>
              Try again
            </button>
          </div>
        )}
        {state.status === 'none' && <FirstRunPage onEnrolled={enrolled} />}
        {state.status === 'ready' && <IncidentsPage departments={state.me.workspace.departments} />}
      </main>
    </div>
  );
}
