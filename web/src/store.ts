// The running client: state (reduced by state.ts), the REST client and the socket, and the few
// side effects that follow from events (delivered/read receipts, refreshing the chat list).
import { useEffect, useState } from 'preact/hooks';
import { Api, storedSession } from './api';
import { externalSender } from './bridge';
import { cache, idbOutbox } from './offline/db';
import { Outbox } from './offline/outbox';
import { browserPush, PushClient, type PushState, shouldOfferPush } from './push';
import { Connection } from './socket';
import { type Action, gapAfterPage, initialState, loadPersisted, reduce, savePersisted, type State } from './state';
import type { Message } from './types';

export class Store {
  state: State = initialState();
  names: Record<string, string> = {};
  openChatId: string | null = null;
  readonly api: Api;
  /** Sends not yet acknowledged, kept in IndexedDB so a reload while offline still sends them (once). */
  readonly outbox = new Outbox(idbOutbox);
  /** Whether the chat list shown came from the offline cache (the server was unreachable). */
  fromCache = false;
  readonly push: PushClient;
  /** Whether to show the "turn on notifications" banner (after a first send; see shouldOfferPush). */
  offerPush = false;
  private sentAMessage = false;
  private socket: Connection | null = null;
  private listeners = new Set<() => void>();
  private delivered = new Map<string, number>();
  private readSent = new Map<string, number>();
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private chatsTimer: ReturnType<typeof setTimeout> | null = null;
  private typingTimer: ReturnType<typeof setInterval> | null = null;

  constructor() {
    this.api = new Api(storedSession(), () => this.signedOut());
    this.push = new PushClient(this.api, browserPush);
  }

  /** After the first send on this page: offer notifications once, if the browser and the server can. */
  private async considerPushOffer() {
    if (this.sentAMessage) return;
    this.sentAMessage = true;
    try {
      const dismissed = localStorage.getItem('cloak.push.asked') !== null;
      const permission = browserPush.permission();
      if (dismissed || permission !== 'default') return;
      const state: PushState = await this.push.state();
      const serverOffers = await this.api.vapidKey().then(() => true, () => false);
      this.offerPush = shouldOfferPush({ sentAMessage: true, dismissed, state, permission, serverOffers });
      this.notify();
    } catch { /* no offer */ }
  }

  /** The banner's answer: either way it is not shown again. */
  dismissPushOffer() {
    localStorage.setItem('cloak.push.asked', new Date().toISOString());
    this.offerPush = false;
    this.notify();
  }

  subscribe(f: () => void) {
    this.listeners.add(f);
    return () => this.listeners.delete(f);
  }

  private notify() {
    for (const f of this.listeners) f();
  }

  dispatch = (action: Action) => {
    const before = this.state;
    this.state = reduce(this.state, action);
    this.react(action, before);
    if (this.state !== before) this.notify();
  };

  get signedIn() {
    return this.api.session !== null;
  }

  /** After sign-in or on a reload with a stored session: load chats, connect. */
  async start() {
    const s = this.api.session;
    if (!s) return;
    const p = loadPersisted(localStorage, s.userId);
    this.dispatch({ type: 'signedIn', userId: s.userId, cursor: p.cursor, watermarks: p.watermarks });
    // Offline or server down: the socket keeps trying, and its first connect reloads the list.
    await this.loadChats().catch(() => this.loadCachedChats());
    if (!this.api.session) return;
    this.socket = new Connection({
      token: () => this.api.session?.accessToken ?? null,
      cursor: () => this.state.cursor,
      refresh: () => this.api.refresh(),
      dispatch: this.dispatch,
    });
    this.socket.start();
    // Sends an earlier page queued (offline, or closed before the ack): shown again as pending and
    // handed to the socket, which sends them when it opens. The server dedupes by clientMsgId.
    try {
      for (const q of await this.outbox.restore(s.userId)) {
        this.dispatch({ type: 'local.send', chatId: q.chatId, clientMsgId: q.clientMsgId, text: q.text, replyTo: q.replyTo, at: q.at });
        this.socket?.send(Outbox.frame(q));
      }
    } catch { /* no IndexedDB: the in-memory queue still works for this page */ }
    this.typingTimer = setInterval(() => this.dispatch({ type: 'typing.expire', now: Date.now() }), 1000);
    window.addEventListener('online', this.onOnline);
    document.addEventListener('visibilitychange', this.onVisible);
  }

  private onOnline = () => this.socket?.nudge();
  private onVisible = () => this.readOpenChat();

  async signOut() {
    try { await this.api.logout(); } catch { /* signed out locally anyway */ }
    this.signedOut();
  }

  private signedOut() {
    this.socket?.stop();
    this.socket = null;
    if (this.typingTimer) clearInterval(this.typingTimer);
    window.removeEventListener('online', this.onOnline);
    document.removeEventListener('visibilitychange', this.onVisible);
    this.state = initialState();
    this.openChatId = null;
    this.notify();
  }

  async loadChats() {
    const { chats } = await this.api.chats();
    this.fromCache = false;
    this.dispatch({ type: 'chats', chats });
    if (this.state.me) cache.saveChats(this.state.me, chats);
    for (const c of chats) if (c.lastMessage && c.lastMessage.senderId !== this.state.me) this.queueDelivered(c.chatId, c.lastSeq);
  }

  private async loadCachedChats() {
    const me = this.state.me;
    const chats = me ? await cache.chats(me) : undefined;
    if (!chats || this.state.me !== me) return;
    this.fromCache = true;
    this.dispatch({ type: 'chats', chats });
  }

  /** Keeps the newest messages of a chat for offline reading (debounced per chat). */
  private cacheTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private cacheMessagesSoon(chatId: string) {
    if (this.cacheTimers.has(chatId)) return;
    this.cacheTimers.set(chatId, setTimeout(() => {
      this.cacheTimers.delete(chatId);
      const me = this.state.me;
      if (!me) return;
      cache.saveMessages(me, chatId, (this.state.messages[chatId] ?? []).filter((m) => !m.pending));
      cache.saveChats(me, Object.values(this.state.chats));
    }, 500));
  }

  /** Who sent a message as shown: a Cloak user's name, or an outside sender's own (archive, WhatsApp). */
  sender(m: { senderId: string; senderName?: string | null }): string {
    return externalSender(m) ?? this.name(m.senderId);
  }

  name(userId: string | null | undefined): string {
    if (!userId) return '';
    if (userId.startsWith('x:')) return userId === 'x:~system' ? '' : userId.slice(2);
    if (userId === this.state.me) return 'You';
    if (!(userId in this.names)) {
      this.names[userId] = '…';
      this.api.user(userId).then((u) => { this.names[userId] = u.displayName || 'Unnamed'; this.notify(); }, () => {});
    }
    return this.names[userId];
  }

  /**
   * Per archive chat, the author key picked as "me" (its messages show right-aligned like one's own); null for none,
   * absent until loaded.
   */
  archiveMe: Record<string, string | null> = {};

  setArchiveMe(chatId: string, me: string | null) {
    if (this.archiveMe[chatId] === me) return;
    this.archiveMe = { ...this.archiveMe, [chatId]: me };
    this.notify();
  }

  /** Reads which participant of an archive chat is "me" (once per chat, or again with force). */
  async loadArchiveMe(chatId: string, force = false) {
    if (!force && chatId in this.archiveMe) return;
    const { archives } = await this.api.archives();
    const summary = archives.find((a) => a.chatId === chatId);
    if (!summary) return;
    this.setArchiveMe(chatId, (await this.api.archive(summary.archiveId)).me);
  }

  /** A message to scroll to and highlight once the chat view shows it (set by a jump from search). */
  focus: { chatId: string; messageId: string; n: number } | null = null;
  private focusCount = 0;

  /** Opens a chat at its newest messages, or, given a message (a search hit), around that message. */
  async openChat(chatId: string | null, around?: string) {
    this.openChatId = chatId;
    this.focus = chatId && around ? { chatId, messageId: around, n: ++this.focusCount } : null;
    this.notify();
    if (!chatId) return;
    if (around) {
      const { messages } = await this.api.historyAround(chatId, around);
      this.dispatch({ type: 'history', chatId, messages, replace: true, gapAfter: gapAfterPage(messages, this.state.chats[chatId]?.lastSeq ?? 0) });
      this.notify();
      return;
    }
    let messages;
    try {
      messages = (await this.api.history(chatId)).messages;
    } catch (e) {
      // Offline: what this browser kept.
      const kept = this.state.me ? await cache.messages(this.state.me, chatId) : undefined;
      if (!kept) throw e;
      this.dispatch({ type: 'history', chatId, messages: kept });
      return;
    }
    // Start over from the newest page: after a jump the list holds a window in the past, and a chat that was
    // not open may have collected many live messages; older ones load again on scroll.
    this.dispatch({ type: 'history', chatId, messages, replace: true, gapAfter: null });
    this.cacheMessagesSoon(chatId);
    this.readOpenChat();
  }

  /** The next page after a window loaded by a jump; closes the gap once it reaches the newest. Returns how many came. */
  async loadNewer(chatId: string): Promise<number> {
    const gap = this.state.gapAfter[chatId];
    if (gap === undefined) return 0;
    const limit = 50;
    const { messages } = await this.api.historyAfter(chatId, gap, limit);
    const newest = messages.reduce((n, m) => Math.max(n, m.seq), gap);
    this.dispatch({ type: 'history', chatId, messages, gapAfter: messages.length < limit ? null : newest });
    return messages.length;
  }

  /** Replaces one message with a fresh copy (a media URL expired). */
  async refreshMessage(chatId: string, messageId: string): Promise<Message | undefined> {
    const m = await this.api.message(chatId, messageId);
    if (m) this.dispatch({ type: 'message.updated', message: m });
    return m;
  }

  /** Uploads a file and sends it as a media message of the type its content fits. */
  async sendMedia(chatId: string, file: Blob, opts: { caption?: string; viewOnce?: boolean; voice?: boolean; replyTo?: string | null },
    onProgress: (fraction: number) => void = () => {}): Promise<Message> {
    const up = await this.api.upload(file, onProgress);
    const type = opts.voice ? 'voice' : up.type === 'image' || up.type === 'video' || up.type === 'audio' ? up.type : 'document';
    const m = await this.api.sendMedia(chatId, { clientMsgId: crypto.randomUUID(), type, mediaId: up.mediaId,
      ...(opts.caption ? { text: opts.caption } : {}), ...(opts.viewOnce ? { viewOnce: true } : {}), ...(opts.replyTo ? { replyTo: opts.replyTo } : {}) });
    if (this.state.gapAfter[chatId] !== undefined) await this.openChat(chatId);
    this.dispatch({ type: 'message.new', message: m });
    return m;
  }

  /** Older history before the first loaded message; returns how many came. */
  async loadOlder(chatId: string): Promise<number> {
    const first = (this.state.messages[chatId] ?? []).find((m) => !m.pending);
    if (!first || first.seq <= 1) return 0;
    const { messages } = await this.api.history(chatId, first.seq);
    this.dispatch({ type: 'history', chatId, messages });
    return messages.length;
  }

  sendText(chatId: string, text: string, replyTo: string | null) {
    const clientMsgId = crypto.randomUUID();
    const at = new Date().toISOString();
    this.dispatch({ type: 'local.send', chatId, clientMsgId, text, replyTo, at });
    const q = { clientMsgId, chatId, text, replyTo, at, userId: this.state.me ?? '' };
    this.outbox.enqueue(q);
    this.socket?.send(Outbox.frame(q));
    this.typing(chatId, false);
    this.considerPushOffer();
  }

  private typingSentAt = new Map<string, number>();
  private typingIdle: ReturnType<typeof setTimeout> | null = null;
  typing(chatId: string, on: boolean) {
    if (this.typingIdle) clearTimeout(this.typingIdle);
    if (on) this.typingIdle = setTimeout(() => this.typing(chatId, false), 4000);
    const last = this.typingSentAt.get(chatId) ?? 0;
    if (on && Date.now() - last < 3000) return;
    if (!on && last === 0) return;
    this.typingSentAt.set(chatId, on ? Date.now() : 0);
    this.socket?.send({ type: on ? 'typing.start' : 'typing.stop', chatId });
  }

  /** Marks the open chat read up to its newest message, while the page is visible. */
  readOpenChat() {
    const chatId = this.openChatId;
    if (!chatId || document.visibilityState !== 'visible') return;
    const list = this.state.messages[chatId] ?? [];
    const newest = Math.max(this.state.chats[chatId]?.lastSeq ?? 0, ...list.filter((m) => !m.pending).map((m) => m.seq));
    if (newest > (this.readSent.get(chatId) ?? 0) && newest > 0) {
      this.readSent.set(chatId, newest);
      if (this.socket?.send({ type: 'message.read', chatId, upToSeq: newest })) this.dispatch({ type: 'local.read', chatId, upToSeq: newest });
      else this.readSent.delete(chatId);
    }
  }

  private queueDelivered(chatId: string, seq: number) {
    if ((this.delivered.get(chatId) ?? 0) >= seq) return;
    this.delivered.set(chatId, seq);
    this.scheduleFlush();
  }

  private pendingDelivered = new Map<string, number>();
  private scheduleFlush() {
    for (const [c, s] of this.delivered) this.pendingDelivered.set(c, s);
    if (this.flushTimer) return;
    // Coalesced: a sync replay of hundreds of messages is one frame per chat, well inside flood control.
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      if (!this.socket?.isOpen) return;
      for (const [chatId, upToSeq] of this.pendingDelivered) this.socket.send({ type: 'message.delivered', chatId, upToSeq });
      this.pendingDelivered.clear();
      this.readOpenChat();
    }, 250);
  }

  private refreshChatsSoon() {
    if (this.chatsTimer) return;
    this.chatsTimer = setTimeout(() => { this.chatsTimer = null; this.loadChats().catch(() => {}); }, 300);
  }

  private persistTimer: ReturnType<typeof setTimeout> | null = null;
  private persistSoon() {
    if (this.persistTimer) return;
    this.persistTimer = setTimeout(() => { this.persistTimer = null; savePersisted(localStorage, this.state); }, 200);
  }

  private react(action: Action, before: State) {
    if (this.state.cursor !== before.cursor) this.persistSoon();
    switch (action.type) {
      case 'message.sent':
        this.outbox.ack(action.clientMsgId);
        this.cacheMessagesSoon(action.chatId);
        break;
      case 'message.updated':
      case 'message.deleted':
        this.cacheMessagesSoon(action.message.chatId);
        break;
      case 'message.new': {
        const m = action.message;
        this.cacheMessagesSoon(m.chatId);
        if (!this.state.chats[m.chatId]) this.refreshChatsSoon();
        if (m.senderId !== this.state.me) {
          this.queueDelivered(m.chatId, m.seq);
          if (m.chatId === this.openChatId) this.scheduleFlush();
        }
        break;
      }
      case 'connection':
        if (action.connected) {
          this.readSent.clear();
          if (before.connected === false) this.refreshChatsSoon();
          if (this.delivered.size) this.scheduleFlush();
        }
        break;
      case 'sync.done':
      case 'message.status':
        this.persistSoon();
        break;
      case 'error':
        if (action.code === 'cursor_expired') this.refreshChatsSoon();
        // Refused for good (not a transport failure): it leaves the outbox; "Retry" queues it again.
        if (action.ref) { this.outbox.ack(action.ref); this.dispatch({ type: 'local.failed', clientMsgId: action.ref }); }
        break;
    }
  }

  retry(clientMsgId: string) {
    const m = Object.values(this.state.messages).flat().find((x) => x.clientMsgId === clientMsgId && x.pending);
    if (!m) return;
    this.dispatch({ type: 'local.retry', clientMsgId });
    const q = { clientMsgId, chatId: m.chatId, text: m.text ?? '', replyTo: m.replyTo, at: m.createdAt, userId: this.state.me ?? '' };
    this.outbox.enqueue(q);
    this.socket?.send(Outbox.frame(q));
  }
}

export const store = new Store();

/** Re-renders the component on every store change. */
export function useStore(): Store {
  const [, setTick] = useState(0);
  useEffect(() => store.subscribe(() => setTick((n) => n + 1)), []);
  return store;
}
