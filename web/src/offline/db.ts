// A small IndexedDB store for the offline cache (chats, recent messages) and the outbox.
import type { Chat, Message } from '../types';
import type { OutboxBackend, Queued } from './outbox';

const DB = 'cloak';
const VERSION = 1;
/** How many of the newest messages per chat are kept for offline reading. */
export const CACHED_PER_CHAT = 100;

let opening: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  if (typeof indexedDB === 'undefined') return Promise.reject(new Error('no IndexedDB'));
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const req = indexedDB.open(DB, VERSION);
      req.onupgradeneeded = () => {
        const db = req.result;
        if (!db.objectStoreNames.contains('outbox')) db.createObjectStore('outbox', { keyPath: 'clientMsgId' });
        if (!db.objectStoreNames.contains('cache')) db.createObjectStore('cache');
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => { opening = null; reject(req.error); };
    });
  }
  return opening;
}

function run<T>(store: string, mode: IDBTransactionMode, f: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return open().then((db) => new Promise<T>((resolve, reject) => {
    const tx = db.transaction(store, mode);
    const req = f(tx.objectStore(store));
    tx.oncomplete = () => resolve(req.result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  }));
}

export const idbOutbox: OutboxBackend = {
  all: () => run<Queued[]>('outbox', 'readonly', (s) => s.getAll() as IDBRequest<Queued[]>),
  put: (q) => run('outbox', 'readwrite', (s) => s.put(q)).then(() => {}),
  delete: (id) => run('outbox', 'readwrite', (s) => s.delete(id)).then(() => {}),
};

const get = <T>(key: string) => run<T | undefined>('cache', 'readonly', (s) => s.get(key) as IDBRequest<T | undefined>);
const put = (key: string, value: unknown) => run('cache', 'readwrite', (s) => s.put(value, key)).then(() => {});

/** The offline cache, per signed-in user. Failures are quiet: the cache is a convenience. */
export const cache = {
  chats: (userId: string) => get<Chat[]>(`${userId}/chats`).catch(() => undefined),
  saveChats: (userId: string, chats: Chat[]) => put(`${userId}/chats`, chats).catch(() => {}),
  messages: (userId: string, chatId: string) => get<Message[]>(`${userId}/messages/${chatId}`).catch(() => undefined),
  saveMessages: (userId: string, chatId: string, messages: Message[]) =>
    put(`${userId}/messages/${chatId}`, messages.slice(-CACHED_PER_CHAT)).catch(() => {}),
};
