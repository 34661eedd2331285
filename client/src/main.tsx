import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import './app/styles.css';
import { parseRoute } from './lib/route';
import { openEarlySession } from './sync/earlySession';

// Marks for the load breakdown in `pnpm bench` (and in any browser's performance panel).
performance.mark('retrace:script');
// A board link: its socket opens now, while React renders the page for the first time.
const route = parseRoute(window.location.pathname, window.location.hash);
if (route.page === 'board' && route.token) openEarlySession(route.boardId, route.token);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// Keep the app shell for offline reloads (board data lives in IndexedDB).
if ('serviceWorker' in navigator && import.meta.env.PROD) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => undefined);
  });
}
