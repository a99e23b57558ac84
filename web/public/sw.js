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

// Web Push: the payload names the chat, the message and the sender, never the text (the push service
// must not read messages). One notification per chat (tag), replaced by the newest.
self.addEventListener('push', (event) => {
  let p = {};
  try { p = event.data ? event.data.json() : {}; } catch { /* not JSON: a generic notification */ }
  const title = p.senderName ? String(p.senderName) : 'Cloak';
  event.waitUntil(self.registration.showNotification(title, {
    body: 'New message', tag: p.chatId || 'cloak', icon: '/icon-192.png', badge: '/icon-192.png',
    data: { chatId: p.chatId || null, messageId: p.messageId || null },
  }));
});

// A click focuses an open Cloak tab and tells it which chat to open; without one it opens the chat in a new tab.
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const { chatId, messageId } = event.notification.data || {};
  const url = chatId ? '/?chat=' + encodeURIComponent(chatId) : '/';
  event.waitUntil((async () => {
    const tabs = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    const tab = tabs.find((c) => new URL(c.url).origin === self.location.origin);
    if (tab) {
      tab.postMessage({ type: 'open-chat', chatId, messageId });
      await tab.focus();
      return;
    }
    await self.clients.openWindow(url);
  })());
});
