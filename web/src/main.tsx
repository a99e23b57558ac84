import { render } from 'preact';
import './styles.css';
import { App } from './ui/App';

render(<App />, document.getElementById('app')!);

// Installable and readable offline: the service worker keeps the app shell (not in `npm run dev`).
if ('serviceWorker' in navigator && !import.meta.env.DEV) {
  window.addEventListener('load', () => { navigator.serviceWorker.register('/sw.js').catch(() => {}); });
}
