import { describe, expect, it } from 'vitest';
import { type Action, chatSections, initialState, isMuted, loadPersisted, persistKey, reduce, savePersisted, type State, tick } from '../src/state';
import type { Chat, Message } from '../src/types';

const ME = 'u-me';
const BOB = 'u-bob';
const chat: Chat = { chatId: 'c1', type: 'direct', name: 'Bob', members: [{ userId: ME, role: 'member' }, { userId: BOB, role: 'member' }],
  lastMessage: null, unreadCount: 0, lastSeq: 0 };

const msg = (seq: number, senderId = BOB, text = 'm' + seq): Message => ({ messageId: 'm' + seq, chatId: 'c1', seq, senderId, type: 'text',
  text, replyTo: null, createdAt: '2026-11-01T10:00:0' + (seq % 10) + 'Z', editedAt: null, deleted: false });

const run = (...actions: Action[]) => actions.reduce(reduce, start());
function start(): State {
  return reduce(reduce(initialState(), { type: 'signedIn', userId: ME, cursor: null }), { type: 'chats', chats: [chat] });
}
const send = (text: string, clientMsgId = 'k1'): Action => ({ type: 'local.send', chatId: 'c1', clientMsgId, text, replyTo: null, at: '2026-11-01T10:00:00Z' });
const status = (deliveredSeq: number, readSeq: number, userId = BOB): Action => ({ type: 'message.status', chatId: 'c1', userId, deliveredSeq, readSeq });
const ticks = (s: State) => s.messages.c1.filter((m) => m.senderId === ME).map((m) => tick(s, m));

describe('ticks', () => {
  it('go clock → sent → delivered → read', () => {
    let s = run(send('hi'));
    expect(ticks(s)).toEqual(['clock']);
    s = reduce(s, { type: 'message.sent', clientMsgId: 'k1', messageId: 'm1', chatId: 'c1', seq: 1 });
    expect(ticks(s)).toEqual(['sent']);
    s = reduce(s, status(1, 0));
    expect(ticks(s)).toEqual(['delivered']);
    s = reduce(s, status(1, 1));
    expect(ticks(s)).toEqual(['read']);
  });

  it('never move backwards when an older status arrives late', () => {
    const s = run(send('hi'), { type: 'message.sent', clientMsgId: 'k1', messageId: 'm1', chatId: 'c1', seq: 1 }, status(1, 1), status(0, 0));
    expect(ticks(s)).toEqual(['read']);
  });

  it('a read watermark implies delivered', () => {
    const s = run(send('hi'), { type: 'message.sent', clientMsgId: 'k1', messageId: 'm1', chatId: 'c1', seq: 1 }, status(0, 1));
    expect(s.watermarks.c1[BOB]).toEqual({ delivered: 1, read: 1 });
  });

  it('in a group, read only when every other member read', () => {
    const group = { ...chat, chatId: 'c1', type: 'group', members: [...chat.members, { userId: 'u-cat', role: 'member' }] };
    let s = reduce(start(), { type: 'chats', chats: [group] });
    s = [send('hi'), { type: 'message.sent', clientMsgId: 'k1', messageId: 'm1', chatId: 'c1', seq: 1 } as Action, status(1, 1)].reduce(reduce, s);
    expect(ticks(s)).toEqual(['sent']);
    s = reduce(s, status(1, 0, 'u-cat'));
    expect(ticks(s)).toEqual(['delivered']);
    s = reduce(s, status(1, 1, 'u-cat'));
    expect(ticks(s)).toEqual(['read']);
  });

  it('show a failed send, and a retry goes back to the clock', () => {
    let s = run(send('hi'), { type: 'local.failed', clientMsgId: 'k1' });
    expect(ticks(s)).toEqual(['failed']);
    s = reduce(s, { type: 'local.retry', clientMsgId: 'k1' });
    expect(ticks(s)).toEqual(['clock']);
  });

  it('are not shown on other people\'s messages', () => {
    const s = run({ type: 'message.new', message: msg(1) });
    expect(tick(s, s.messages.c1[0])).toBeNull();
  });
});

describe('dedupe', () => {
  it('a message delivered twice (sync replay + live) is shown once and counted unread once', () => {
    const s = run({ type: 'message.new', message: msg(1) }, { type: 'message.new', message: msg(1) });
    expect(s.messages.c1).toHaveLength(1);
    expect(s.chats.c1.unreadCount).toBe(1);
  });

  it('history and live events merge by messageId in seq order', () => {
    const s = run({ type: 'message.new', message: msg(3) }, { type: 'history', chatId: 'c1', messages: [msg(1), msg(2), msg(3)] });
    expect(s.messages.c1.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it('our own message.new before its message.sent replaces the pending copy', () => {
    const s = run(send('hello'), { type: 'message.new', message: msg(5, ME, 'hello') },
      { type: 'message.sent', clientMsgId: 'k1', messageId: 'm5', chatId: 'c1', seq: 5 });
    expect(s.messages.c1).toHaveLength(1);
    expect(s.messages.c1[0]).toMatchObject({ messageId: 'm5', seq: 5, pending: false });
  });

  it('our own message.sent before its message.new leaves one message', () => {
    const s = run(send('hello'), { type: 'message.sent', clientMsgId: 'k1', messageId: 'm5', chatId: 'c1', seq: 5 },
      { type: 'message.new', message: msg(5, ME, 'hello') });
    expect(s.messages.c1).toHaveLength(1);
    expect(s.chats.c1.lastMessage?.messageId).toBe('m5');
  });

  it('pending sends stay below stored messages until acknowledged', () => {
    const s = run(send('mine'), { type: 'message.new', message: msg(7) });
    expect(s.messages.c1.map((m) => m.text)).toEqual(['m7', 'mine']);
  });

  it('an edit replaces the message in place', () => {
    const s = run({ type: 'message.new', message: msg(1) }, { type: 'message.updated', message: { ...msg(1), text: 'fixed', editedAt: 'x' } });
    expect(s.messages.c1.map((m) => m.text)).toEqual(['fixed']);
  });
});

describe('reading', () => {
  it('our own read watermark from another device clears the unread badge', () => {
    const s = run({ type: 'message.new', message: msg(1) }, { type: 'message.new', message: msg(2) },
      { type: 'message.status', chatId: 'c1', userId: ME, deliveredSeq: 2, readSeq: 0, privateReadSeq: 2 });
    expect(s.chats.c1.unreadCount).toBe(0);
    expect(s.privateRead.c1).toBe(2);
  });
});

describe('typing', () => {
  it('lapses when no stop arrives', () => {
    let s = run({ type: 'typing', chatId: 'c1', userId: BOB, state: 'start' });
    expect(Object.keys(s.typing.c1)).toEqual([BOB]);
    s = reduce(s, { type: 'typing.expire', now: Date.now() + 60_000 });
    expect(Object.keys(s.typing.c1)).toEqual([]);
  });
});

describe('sync cursor', () => {
  const memory = () => {
    const m = new Map<string, string>();
    return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
  };

  it('is taken from sync.done and survives a reload with the watermarks', () => {
    const storage = memory();
    const s = run(status(3, 2), { type: 'sync.done', cursor: '42' });
    savePersisted(storage, s);
    const p = loadPersisted(storage, ME);
    expect(p.cursor).toBe('42');
    const again = reduce(initialState(), { type: 'signedIn', userId: ME, cursor: p.cursor, watermarks: p.watermarks });
    expect(again.cursor).toBe('42');
    expect(again.watermarks.c1[BOB]).toEqual({ delivered: 3, read: 2 });
  });

  it('is per user, and a damaged entry means a full sync', () => {
    const storage = memory();
    expect(loadPersisted(storage, 'someone-else').cursor).toBeNull();
    storage.setItem(persistKey(ME), '{not json');
    expect(loadPersisted(storage, ME)).toEqual({ cursor: null, watermarks: {} });
  });

  it('a lost connection means the next one syncs again', () => {
    const s = run({ type: 'connection', connected: true }, { type: 'sync.done', cursor: '7' }, { type: 'connection', connected: false });
    expect(s.synced).toBe(false);
    expect(s.cursor).toBe('7');
  });
});

describe('chat list sections', () => {
  const c = (chatId: string, at: string, extra: Partial<Chat> = {}): Chat => ({ ...chat, chatId, name: chatId,
    lastMessage: { ...msg(1), chatId, createdAt: at }, ...extra });
  it('puts pinned chats first, keeps archived ones in their own section, and knows what is muted', () => {
    const s = reduce(start(), { type: 'chats', chats: [
      c('old', '2026-11-01T09:00:00Z'), c('new', '2026-11-01T11:00:00Z'), c('pinned', '2026-11-01T08:00:00Z', { pinned: true }),
      c('arch', '2026-11-01T12:00:00Z', { archived: true }), c('quiet', '2026-11-01T10:00:00Z', { mutedUntil: '2999-01-01T00:00:00Z' }),
    ] });
    const { main, archived } = chatSections(s);
    expect(main.map((x) => x.chatId)).toEqual(['pinned', 'new', 'quiet', 'old']);
    expect(archived.map((x) => x.chatId)).toEqual(['arch']);
    expect(isMuted(s.chats.quiet)).toBe(true);
    expect(isMuted(s.chats.old)).toBe(false);
    expect(isMuted({ ...s.chats.old, mutedUntil: '2020-01-01T00:00:00Z' })).toBe(false);
    expect(isMuted({ ...s.chats.old, mutedUntil: '+292278994-08-17T07:12:55.807Z' })).toBe(true); // the server's "forever"
    expect(isMuted({ ...s.chats.old, mutedUntil: '1970-01-01T00:00:00Z' })).toBe(false);
  });
});

describe('star and forward', () => {
  it('a starred message stays starred and forwarded when history is loaded again', () => {
    let s = run({ type: 'history', chatId: 'c1', messages: [msg(1), msg(2)] });
    s = reduce(s, { type: 'message.updated', message: { ...msg(2), starred: true } });
    s = reduce(s, { type: 'message.new', message: { ...msg(3), forwarded: true } });
    expect(s.messages.c1.map((m) => [m.seq, !!m.starred, !!m.forwarded])).toEqual([[1, false, false], [2, true, false], [3, false, true]]);
    s = reduce(s, { type: 'history', chatId: 'c1', messages: [{ ...msg(2), starred: true }, { ...msg(3), forwarded: true }] });
    expect(s.messages.c1.find((m) => m.seq === 2)?.starred).toBe(true);
    expect(s.messages.c1.find((m) => m.seq === 3)?.forwarded).toBe(true);
  });
});

describe('deletes', () => {
  it('for me on another device drop the message; for everyone show it deleted in place', () => {
    let s = run({ type: 'message.new', message: msg(1) }, { type: 'message.new', message: msg(2) });
    s = reduce(s, { type: 'message.deleted', message: msg(1), forMe: true });
    expect(s.messages.c1.map((m) => m.messageId)).toEqual(['m2']);
    s = reduce(s, { type: 'message.deleted', message: { ...msg(2), text: null, deleted: true } });
    expect(s.messages.c1.map((m) => [m.messageId, m.deleted])).toEqual([['m2', true]]);
  });

  it('a hidden message does not come back when its event arrives after the local hide', () => {
    let s = run({ type: 'message.new', message: msg(1) }, { type: 'local.hide', chatId: 'c1', messageId: 'm1' });
    s = reduce(s, { type: 'message.deleted', message: msg(1), forMe: true });
    expect(s.messages.c1).toEqual([]);
  });
});

describe('live cursor', () => {
  it('a feed event carrying a cursor moves the saved one forward, never back; sync.done still sets it', () => {
    let s = run({ type: 'sync.done', cursor: '10' });
    s = reduce(s, { type: 'message.new', message: msg(1) });
    expect(s.cursor).toBe('10');
    s = reduce(s, { type: 'message.new', message: msg(2), cursor: '15' });
    expect(s.cursor).toBe('15');
    s = reduce(s, { type: 'message.status', chatId: 'c1', userId: BOB, deliveredSeq: 2, readSeq: 2, cursor: '9' });
    expect(s.cursor).toBe('15');
    s = reduce(s, { type: 'chat.updated', chat, cursor: '100' });
    expect(s.cursor).toBe('100');
    s = reduce(s, { type: 'sync.done', cursor: '20' });
    expect(s.cursor).toBe('20');
  });
});
