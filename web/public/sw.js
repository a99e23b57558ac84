// Cloak's service worker: keeps the app shell (index.html, hashed assets, icons) so the app opens
// offline; chats and messages come from the page's IndexedDB cache. The API and the socket are never cached.
const CACHE = 'cloak-shell-v1';
const SHELL = ['/', '/manifest.json', '/icon.svg', '/icon-192.png', '/icon-512.png'];

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(SHELL);
    // The hashed scripts and styles index.html names, so a first offline reload still starts.
    const html = await (await cache.match('/')).text();
    const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
    await cache.addAll(assets);
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname === '/ws' || url.pathname.startsWith('/actuator') || url.pathname.startsWith('/webhooks/')) return;
  if (req.mode === 'navigate') {
    // Network first, so a new version shows when online; the cached shell when not.
    event.respondWith(fetch(req).then((res) => {
      if (res.ok) { const copy = res.clone(); caches.open(CACHE).then((c) => c.put('/', copy)); }
      return res;
    }).catch(async () => (await caches.match('/')) ?? Response.error()));
    return;
  }
  // Hashed assets never change: cache first. Anything else static: cached copy, refreshed in the background.
  event.respondWith((async () => {
    const cached = await caches.match(req);
    const fresh = fetch(req).then((res) => {
      if (res.ok) { const copy = res.clone(); caches.open(CACHE).then((c) => c.put(req, copy)); }
      return res;
    });
    if (cached) { if (!url.pathname.startsWith('/assets/')) fresh.catch(() => {}); return cached; }
    return fresh;
  })());
});
