import { IncidentsPage } from './features/incidents/IncidentsPage';

export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <h1>Muster</h1>
        <span className="tagline">Incidents</span>
      </header>
      <main>
        <IncidentsPage />
      </main>
    </div>
  );
}
