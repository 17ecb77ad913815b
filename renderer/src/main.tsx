import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { preloadIncidents } from './features/incidents/useIncidents';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// The board is what opens: its incidents are asked for now, beside the question of who we are,
// not after the shell has rendered and painted (half a second with 2,000 incidents). Without a
// workspace the answer is an error, which a preload drops.
preloadIncidents();
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
