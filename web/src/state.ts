// The client's state and every change to it, as pure functions (unit-tested without a browser).
import type { Chat, Message, ServerEvent } from './types';

/** A message as the client shows it: a stored one, or one of ours not yet acknowledged. */
export interface Shown extends Message {
  /** Set while our send is not yet acknowledged by message.sent (or after it failed). */
  clientMsgId?: string;
  pending?: boolean;
  failed?: boolean;
}

export interface Watermark { delivered: number; read: number }

export interface State {
  me: string | null;
  chats: Record<string, Chat>;
  /** Per chat, ascending by seq; unacknowledged sends last. */
  messages: Record<string, Shown[]>;
  /** Per chat, per member: the public watermarks other members see (from message.status). */
  watermarks: Record<string, Record<string, Watermark>>;
  /** Per chat: how far we have read privately (our own devices only). */
  privateRead: Record<string, number>;
  /** Per chat, per user: when the typing indicator lapses (epoch ms). */
  typing: Record<string, Record<string, number>>;
  presence: Record<string, { online: boolean; lastSeen: string | null }>;
  /** The change-feed cursor from the last sync.done, or a later feed event that carried one. */
  cursor: string | null;
  connected: boolean;
  /** Whether the first sync after connecting has finished. */
  synced: boolean;
  /**
   * Per chat: the loaded history has a gap after this seq (a jump to a searched message loaded a window
   * in the past). Messages beyond it (live ones) are kept but not shown until the gap is loaded.
   */
  gapAfter: Record<string, number>;
}

export type Action =
  | ServerEvent
  | { type: 'signedIn'; userId: string; cursor: string | null; watermarks?: State['watermarks'] }
  | { type: 'chats'; chats: Chat[] }
  /**
   * A page of history. replace: the list starts over from this page (pending sends and newer live messages
   * kept), so a long chat does not keep every message it ever received; gapAfter: the
   * page does (number) or does not (null) stop short of the newest message; undefined leaves it.
   */
  | { type: 'history'; chatId: string; messages: Message[]; replace?: boolean; gapAfter?: number | null }
  | { type: 'local.send'; chatId: string; clientMsgId: string; text: string; replyTo: string | null; at: string }
  | { type: 'local.failed'; clientMsgId: string }
  | { type: 'local.retry'; clientMsgId: string }
  | { type: 'local.read'; chatId: string; upToSeq: number }
  | { type: 'local.hide'; chatId: string; messageId: string }
  | { type: 'connection'; connected: boolean }
  | { type: 'typing.expire'; now: number };

export const TYPING_LAPSE_MS = 6000;

export function initialState(): State {
  return { me: null, chats: {}, messages: {}, watermarks: {}, privateRead: {}, typing: {}, presence: {},
    cursor: null, connected: false, synced: false, gapAfter: {} };
}

const bySeq = (a: Shown, b: Shown) => (a.pending ? 1 : 0) - (b.pending ? 1 : 0) || a.seq - b.seq;

/** Inserts or replaces by messageId (delivery is at least once), keeping the list ordered. */
export function upsert(list: Shown[], message: Shown): Shown[] {
  const i = list.findIndex((m) => m.messageId === message.messageId);
  if (i >= 0) {
    const next = list.slice();
    next[i] = { ...list[i], ...message, pending: false, failed: false };
    return next;
  }
  return [...list, message].sort(bySeq);
}

function withMessages(state: State, chatId: string, list: Shown[]): State {
  return { ...state, messages: { ...state.messages, [chatId]: list } };
}

/** A message.new of our own may arrive before its message.sent: it then takes the place of the pending copy. */
function adoptPending(list: Shown[], m: Message, me: string | null): Shown[] {
  if (m.senderId !== me || list.some((x) => x.messageId === m.messageId)) return list;
  const i = list.findIndex((x) => x.pending && !x.failed && x.text === m.text);
  if (i < 0) return list;
  const next = list.slice();
  next[i] = { ...next[i], messageId: m.messageId, seq: m.seq };
  return next;
}

function touchChat(state: State, m: Message): State {
  const chat = state.chats[m.chatId];
  if (!chat) return state;
  const newer = !chat.lastMessage || m.seq >= chat.lastMessage.seq;
  const incomingUnread = m.senderId !== state.me && m.seq > chat.lastSeq && m.seq > (state.privateRead[m.chatId] ?? 0);
  return { ...state, chats: { ...state.chats, [m.chatId]: { ...chat,
    lastMessage: newer ? m : chat.lastMessage,
    lastSeq: Math.max(chat.lastSeq, m.seq),
    unreadCount: chat.unreadCount + (incomingUnread ? 1 : 0) } } };
}

/**
 * A feed event's `cursor` moves the saved one forward (never back): a connection open for long then reconnects from
 * what it last received, not from its last sync.done.
 */
export function reduce(state: State, action: Action): State {
  const next = apply(state, action);
  if (action.type === 'signedIn' || action.type === 'sync.done' || !('cursor' in action)) return next;
  const cursor = action.cursor;
  if (typeof cursor !== 'string' || (next.cursor !== null && Number(cursor) <= Number(next.cursor))) return next;
  return { ...next, cursor };
}

function apply(state: State, action: Action): State {
  switch (action.type) {
    case 'signedIn':
      return { ...initialState(), me: action.userId, cursor: action.cursor, watermarks: action.watermarks ?? {} };
    case 'chats': {
      const chats: Record<string, Chat> = {};
      for (const c of action.chats) chats[c.chatId] = c;
      return { ...state, chats };
    }
    case 'history': {
      let list = state.messages[action.chatId] ?? [];
      if (action.replace) {
        // Live messages newer than the page (arrived while it was on its way) stay; our pending sends stay.
        const newest = action.messages.reduce((n, m) => Math.max(n, m.seq), 0);
        list = list.filter((m) => m.pending || m.seq > newest);
      }
      for (const m of action.messages) list = upsert(list, m);
      const s = withMessages(state, action.chatId, list);
      if (action.gapAfter === undefined) return s;
      const gapAfter = { ...s.gapAfter };
      if (action.gapAfter === null) delete gapAfter[action.chatId];
      else gapAfter[action.chatId] = action.gapAfter;
      return { ...s, gapAfter };
    }
    case 'local.send': {
      const optimistic: Shown = { messageId: 'local:' + action.clientMsgId, clientMsgId: action.clientMsgId, chatId: action.chatId,
        seq: Number.MAX_SAFE_INTEGER, senderId: state.me ?? '', type: 'text', text: action.text, replyTo: action.replyTo,
        createdAt: action.at, editedAt: null, deleted: false, pending: true };
      return withMessages(state, action.chatId, [...(state.messages[action.chatId] ?? []), optimistic]);
    }
    case 'local.failed':
    case 'local.retry':
      return mapPending(state, action.clientMsgId, (m) => ({ ...m, failed: action.type === 'local.failed' }));
    case 'message.sent': {
      const list = state.messages[action.chatId] ?? [];
      const mine = list.find((m) => m.clientMsgId === action.clientMsgId);
      // Already shown under its real id (message.new came first): drop the pending copy.
      const rest = list.filter((m) => m.clientMsgId !== action.clientMsgId || m.messageId === action.messageId);
      const dup = rest.some((m) => m.messageId === action.messageId && m.clientMsgId !== action.clientMsgId);
      if (!mine) return state;
      const acked: Shown = { ...mine, messageId: action.messageId, seq: action.seq, pending: false, failed: false };
      const next = dup ? rest.filter((m) => m.clientMsgId !== action.clientMsgId) : upsert(rest.filter((m) => m !== mine), acked);
      return touchChat(withMessages(state, action.chatId, next), acked);
    }
    case 'message.new': {
      const m = action.message;
      const list = adoptPending(state.messages[m.chatId] ?? [], m, state.me);
      const fresh = !list.some((x) => x.messageId === m.messageId && !x.pending);
      const pendingCopy = list.find((x) => x.messageId === m.messageId && x.pending);
      const next = pendingCopy ? list.map((x) => (x === pendingCopy ? { ...x, ...m, pending: false } : x)).sort(bySeq) : upsert(list, m);
      const s = withMessages(state, m.chatId, next);
      return fresh ? touchChat(s, m) : s;
    }
    case 'message.updated':
    case 'message.deleted': {
      const m = action.message;
      if (action.type === 'message.deleted' && action.forMe) {
        // deleted for me on another of my devices: dropped, as there (deleted for everyone shows in place)
        return withMessages(state, m.chatId, (state.messages[m.chatId] ?? []).filter((x) => x.messageId !== m.messageId));
      }
      const list = state.messages[m.chatId];
      const s = list ? withMessages(state, m.chatId, upsert(list, m)) : state;
      const chat = s.chats[m.chatId];
      if (chat?.lastMessage?.messageId === m.messageId) {
        return { ...s, chats: { ...s.chats, [m.chatId]: { ...chat, lastMessage: m } } };
      }
      return s;
    }
    case 'message.status': {
      const marks = state.watermarks[action.chatId] ?? {};
      const old = marks[action.userId] ?? { delivered: 0, read: 0 };
      const wm = { delivered: Math.max(old.delivered, action.deliveredSeq, action.readSeq), read: Math.max(old.read, action.readSeq) };
      let s: State = { ...state, watermarks: { ...state.watermarks, [action.chatId]: { ...marks, [action.userId]: wm } } };
      if (action.userId === state.me) {
        const seen = Math.max(action.readSeq, action.privateReadSeq ?? 0);
        s = markRead(s, action.chatId, seen);
      }
      return s;
    }
    case 'local.read':
      return markRead(state, action.chatId, action.upToSeq);
    case 'local.hide':
      return withMessages(state, action.chatId, (state.messages[action.chatId] ?? []).filter((m) => m.messageId !== action.messageId));
    case 'typing': {
      const users = { ...(state.typing[action.chatId] ?? {}) };
      if (action.state === 'start') users[action.userId] = Date.now() + TYPING_LAPSE_MS;
      else delete users[action.userId];
      return { ...state, typing: { ...state.typing, [action.chatId]: users } };
    }
    case 'typing.expire': {
      let changed = false;
      const typing: State['typing'] = {};
      for (const [chatId, users] of Object.entries(state.typing)) {
        typing[chatId] = {};
        for (const [u, until] of Object.entries(users)) {
          if (until > action.now) typing[chatId][u] = until;
          else changed = true;
        }
      }
      return changed ? { ...state, typing } : state;
    }
    case 'presence':
      return { ...state, presence: { ...state.presence, [action.userId]: { online: action.online, lastSeen: action.lastSeen } } };
    case 'chat.updated': {
      const c = action.chat;
      const chats = { ...state.chats };
      if (c.removed) delete chats[c.chatId];
      else chats[c.chatId] = c;
      return { ...state, chats };
    }
    case 'sync.done':
      return { ...state, cursor: action.cursor, synced: true };
    case 'connection':
      return { ...state, connected: action.connected, synced: action.connected ? state.synced : false };
    default:
      return state;
  }
}

function mapPending(state: State, clientMsgId: string, f: (m: Shown) => Shown): State {
  for (const [chatId, list] of Object.entries(state.messages)) {
    if (list.some((m) => m.clientMsgId === clientMsgId && m.pending)) {
      return withMessages(state, chatId, list.map((m) => (m.clientMsgId === clientMsgId && m.pending ? f(m) : m)));
    }
  }
  return state;
}

function markRead(state: State, chatId: string, upToSeq: number): State {
  const before = state.privateRead[chatId] ?? 0;
  if (upToSeq <= before) return state;
  const chat = state.chats[chatId];
  const unread = chat ? (state.messages[chatId] ?? []).filter((m) => !m.pending && m.senderId !== state.me && m.seq > upToSeq).length : 0;
  const chats = chat ? { ...state.chats, [chatId]: { ...chat, unreadCount: chat.lastSeq > upToSeq ? Math.min(chat.unreadCount, Math.max(unread, 1)) : 0 } } : state.chats;
  return { ...state, chats, privateRead: { ...state.privateRead, [chatId]: upToSeq } };
}

export type Tick = 'clock' | 'failed' | 'sent' | 'delivered' | 'read';

/**
 * The ticks on one of our messages: clock until the server acknowledged it, then ✓ sent, ✓✓ when
 * every other member's delivered watermark passed it, blue ✓✓ when every read watermark did.
 * Returns null for other people's messages.
 */
export function tick(state: State, m: Shown): Tick | null {
  if (m.senderId !== state.me) return null;
  if (m.failed) return 'failed';
  if (m.pending) return 'clock';
  const chat = state.chats[m.chatId];
  const others = (chat?.members ?? []).map((x) => x.userId).filter((u) => u !== state.me);
  if (others.length === 0) return 'sent';
  const marks = state.watermarks[m.chatId] ?? {};
  const all = (f: (w: Watermark) => number) => others.every((u) => f(marks[u] ?? { delivered: 0, read: 0 }) >= m.seq);
  if (all((w) => w.read)) return 'read';
  if (all((w) => w.delivered)) return 'delivered';
  return 'sent';
}

/** Chats for the list: pinned first, then by latest activity. */
export function chatOrder(state: State): Chat[] {
  const at = (c: Chat) => c.lastMessage?.createdAt ?? c.createdAt ?? '';
  return Object.values(state.chats).sort((a, b) => Number(!!b.pinned) - Number(!!a.pinned) || at(b).localeCompare(at(a)));
}

/** Muted now: mutedUntil in the future. "Forever" is a far-future year (e.g. +292278994-…) that Date cannot parse: muted. */
export function isMuted(chat: Chat, now = Date.now()): boolean {
  if (!chat.mutedUntil) return false;
  const t = Date.parse(chat.mutedUntil);
  return Number.isNaN(t) ? chat.mutedUntil.startsWith('+') : t > now;
}

/** The chat list split as shown: the main list (pinned first, then newest) and the Archived section. */
export function chatSections(state: State): { main: Chat[]; archived: Chat[] } {
  const all = chatOrder(state);
  return { main: all.filter((c) => !c.archived), archived: all.filter((c) => c.archived) };
}

/**
 * The messages the chat view shows: all of them, or, while a gap is open (after a jump into the past),
 * the loaded window up to the gap (live messages and our pending sends wait until it is closed).
 */
export function shownMessages(state: State, chatId: string): Shown[] {
  const list = state.messages[chatId] ?? [];
  const gap = state.gapAfter[chatId];
  return gap === undefined ? list : list.filter((m) => !m.pending && m.seq <= gap);
}

/** Where the history around a message leaves a gap: after the page's newest, unless it reached the chat's newest. */
export function gapAfterPage(messages: Message[], lastSeq: number): number | null {
  const newest = messages.reduce((n, m) => Math.max(n, m.seq), 0);
  return newest > 0 && newest < lastSeq ? newest : null;
}

export function typingIn(state: State, chatId: string): string[] {
  return Object.keys(state.typing[chatId] ?? {}).filter((u) => u !== state.me);
}

/** What is kept across reloads (per user): the sync cursor and the watermarks that the feed already delivered. */
export interface Persisted { cursor: string | null; watermarks: State['watermarks'] }

export const persistKey = (userId: string) => 'cloak.sync.' + userId;

export function loadPersisted(storage: Pick<Storage, 'getItem'>, userId: string): Persisted {
  try {
    const raw = storage.getItem(persistKey(userId));
    if (raw) {
      const p = JSON.parse(raw) as Persisted;
      return { cursor: typeof p.cursor === 'string' ? p.cursor : null, watermarks: p.watermarks ?? {} };
    }
  } catch { /* a damaged entry means a full sync, nothing worse */ }
  return { cursor: null, watermarks: {} };
}

export function savePersisted(storage: Pick<Storage, 'setItem'>, state: State): void {
  if (!state.me) return;
  storage.setItem(persistKey(state.me), JSON.stringify({ cursor: state.cursor, watermarks: state.watermarks } satisfies Persisted));
}
