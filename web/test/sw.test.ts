// The service worker's push handlers, run against a stand-in `self` (the file is plain JS shipped as is).
import { beforeAll, describe, expect, it } from 'vitest';

type Listener = (event: Record<string, unknown>) => void;
const listeners: Record<string, Listener> = {};
const shown: { title: string; options: Record<string, unknown> }[] = [];
const tabs: { url: string; messages: unknown[]; focused: boolean; postMessage(m: unknown): void; focus(): Promise<void> }[] = [];
const opened: string[] = [];
/** The page's offline cache as the service worker would find it in IndexedDB ("cloak" → "cache"). */
const idbCache = new Map<string, unknown>();

/** Just enough of IndexedDB for the service worker's read of the cache: requests that succeed asynchronously. */
function request<T>(result: T) {
  const req: { result: T; onsuccess?: () => void; onerror?: () => void; onupgradeneeded?: () => void; transaction?: unknown } = { result };
  setTimeout(() => req.onsuccess?.(), 0);
  return req;
}
const fakeIndexedDb = {
  open: () => request({
    objectStoreNames: { contains: (n: string) => n === 'cache' },
    close: () => {},
    transaction: () => ({ objectStore: () => ({ getAllKeys: () => request([...idbCache.keys()]), get: (k: string) => request(idbCache.get(k)) }) }),
  }),
};

beforeAll(async () => {
  Object.assign(globalThis, {
    self: {
      location: { origin: 'https://cloak.test' },
      addEventListener: (type: string, f: Listener) => { listeners[type] = f; },
      registration: { showNotification: async (title: string, options: Record<string, unknown>) => { shown.push({ title, options }); } },
      indexedDB: fakeIndexedDb,
      clients: { matchAll: async () => tabs, openWindow: async (url: string) => { opened.push(url); } },
    },
  });
  // @ts-expect-error: plain JS, shipped as is, without type declarations
  await import('../public/sw.js');
});

async function fire(type: string, event: Record<string, unknown>) {
  let done: Promise<unknown> = Promise.resolve();
  listeners[type]({ ...event, waitUntil: (p: Promise<unknown>) => { done = p; } });
  await done;
}

describe('service worker push', () => {
  it('shows who wrote and a generic body, never message text, one notification per chat', async () => {
    await fire('push', { data: { json: () => ({ chatId: 'c1', messageId: 'm1', senderName: 'Alice', text: 'secret' }) } });
    expect(shown.at(-1)!.title).toBe('Alice');
    expect(shown.at(-1)!.options).toMatchObject({ body: 'New message', tag: 'c1', data: { chatId: 'c1', messageId: 'm1' } });
    expect(JSON.stringify(shown.at(-1))).not.toContain('secret');
  });

  it('a burst names the count and the chat from the payload, the preview as the body when there is one', async () => {
    await fire('push', { data: { json: () => ({ chatId: 'c1', messageId: 'm5', senderName: 'Alice', count: 5, chatName: 'Family', preview: 'dinner at eight' }) } });
    expect(shown.at(-1)!.title).toBe('5 new messages in Family');
    expect(shown.at(-1)!.options).toMatchObject({ body: 'Alice: dinner at eight', tag: 'c1' });
  });

  it('a single message with a preview shows sender, chat and text', async () => {
    await fire('push', { data: { json: () => ({ chatId: 'c1', messageId: 'm1', senderName: 'Alice', count: 1, chatName: 'Family', preview: 'hi all' }) } });
    expect(shown.at(-1)!.title).toBe('Alice in Family');
    expect(shown.at(-1)!.options).toMatchObject({ body: 'hi all' });
  });

  it('a burst without a chat name in the payload takes it from the offline cache, else says only how many', async () => {
    idbCache.set('u1/chats', [{ chatId: 'other', name: 'Work' }, { chatId: 'c7', name: 'Family' }]);
    idbCache.set('u1/messages/c7', [{ text: 'not a chat list' }]);
    await fire('push', { data: { json: () => ({ chatId: 'c7', messageId: 'm3', senderName: 'Bob', count: 3 }) } });
    expect(shown.at(-1)!.title).toBe('3 new messages in Family');
    expect(shown.at(-1)!.options).toMatchObject({ body: 'Latest from Bob' });

    await fire('push', { data: { json: () => ({ chatId: 'unknown', messageId: 'm4', senderName: 'Bob', count: 4 }) } });
    expect(shown.at(-1)!.title).toBe('4 new messages');
    expect(JSON.stringify(shown.at(-1))).not.toContain('Family');
  });

  it('a payload that is not JSON still shows a generic notification', async () => {
    await fire('push', { data: { json: () => { throw new Error('not json'); } } });
    expect(shown.at(-1)!.title).toBe('Cloak');
  });

  it('a click without an open tab opens the chat', async () => {
    let closed = false;
    await fire('notificationclick', { notification: { data: { chatId: 'c 1', messageId: 'm1' }, close: () => { closed = true; } } });
    expect(closed).toBe(true);
    expect(opened).toEqual(['/?chat=c%201']);
  });

  it('a click with an open tab focuses it and tells it which chat to open', async () => {
    const tab = { url: 'https://cloak.test/', messages: [] as unknown[], focused: false,
      postMessage(m: unknown) { this.messages.push(m); }, async focus() { this.focused = true; } };
    tabs.push(tab);
    await fire('notificationclick', { notification: { data: { chatId: 'c2', messageId: 'm9' }, close: () => {} } });
    expect(tab.focused).toBe(true);
    expect(tab.messages).toEqual([{ type: 'open-chat', chatId: 'c2', messageId: 'm9' }]);
    expect(opened).toHaveLength(1);
  });
});
