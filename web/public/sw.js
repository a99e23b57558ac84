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

// Web Push: the payload names the chat, the message, the sender and how many arrived in the batch; only when
// the user turned on previews (and the chat is not cloaked for them) does it also carry chatName and preview, the
// start of the newest text. One notification per chat (tag), replaced by the newest.
self.addEventListener('push', (event) => {
  let p = {};
  try { p = event.data ? event.data.json() : {}; } catch { /* not JSON: a generic notification */ }
  event.waitUntil((async () => {
    const { title, body } = await notificationText(p);
    await self.registration.showNotification(title, {
      body, tag: p.chatId || 'cloak', icon: '/icon-192.png', badge: '/icon-192.png',
      data: { chatId: p.chatId || null, messageId: p.messageId || null },
    });
  })());
});

/**
 * Title and body of a message notification. A burst (count > 1) reads "5 new messages in Family": the chat name
 * from the payload, else from the page's offline cache on this device, else just "5 new messages". The preview,
 * when the payload has one, is the body.
 */
async function notificationText(p) {
  const count = Number.isInteger(p.count) && p.count > 1 ? p.count : 1;
  const sender = p.senderName ? String(p.senderName) : null;
  const preview = typeof p.preview === 'string' && p.preview ? p.preview : null;
  if (count > 1) {
    const chatName = (typeof p.chatName === 'string' && p.chatName) ? p.chatName : await cachedChatName(p.chatId);
    const title = chatName ? `${count} new messages in ${chatName}` : `${count} new messages`;
    return { title, body: preview ? (sender ? `${sender}: ${preview}` : preview) : (sender ? `Latest from ${sender}` : 'Open Cloak to read them') };
  }
  const title = sender && p.chatName ? `${sender} in ${p.chatName}` : (sender || p.chatName || 'Cloak');
  return { title, body: preview || 'New message' };
}

/** The chat's name from the page's IndexedDB cache ("cloak" → "cache" → "<userId>/chats"); null when absent. */
async function cachedChatName(chatId) {
  const idb = self.indexedDB;
  if (!chatId || !idb) return null;
  const done = (req) => new Promise((resolve, reject) => { req.onsuccess = () => resolve(req.result); req.onerror = () => reject(req.error); });
  try {
    const opening = idb.open('cloak');
    // No cache yet: do not create an empty database the page would then find without its stores.
    opening.onupgradeneeded = () => opening.transaction.abort();
    const db = await done(opening);
    try {
      if (!db.objectStoreNames.contains('cache')) return null;
      const store = () => db.transaction('cache', 'readonly').objectStore('cache');
      const keys = await done(store().getAllKeys());
      for (const key of keys) {
        if (typeof key !== 'string' || !key.endsWith('/chats')) continue;
        const chats = await done(store().get(key));
        const chat = Array.isArray(chats) ? chats.find((c) => c && c.chatId === chatId) : null;
        if (chat && chat.name) return String(chat.name);
      }
      return null;
    } finally { db.close(); }
  } catch { return null; }
}

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
