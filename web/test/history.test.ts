import { describe, expect, it } from 'vitest';
import { type Action, gapAfterPage, initialState, reduce, shownMessages, type State } from '../src/state';
import type { Chat, Message } from '../src/types';

const ME = 'u-me';
const BOB = 'u-bob';
const chat: Chat = { chatId: 'c1', type: 'direct', name: 'Bob', members: [{ userId: ME, role: 'member' }, { userId: BOB, role: 'member' }],
  lastMessage: null, unreadCount: 0, lastSeq: 1000 };
const msg = (seq: number, senderId = BOB): Message => ({ messageId: 'm' + seq, chatId: 'c1', seq, senderId, type: 'text',
  text: 'm' + seq, replyTo: null, createdAt: '2026-11-01T10:00:00Z', editedAt: null, deleted: false });
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => msg(from + i));
const seqs = (s: State) => shownMessages(s, 'c1').map((m) => m.seq);
const run = (...actions: Action[]) => actions.reduce(reduce,
  reduce(reduce(initialState(), { type: 'signedIn', userId: ME, cursor: null }), { type: 'chats', chats: [chat] }));

describe('history windows (jump to a searched message)', () => {
  it('a page around a message replaces the loaded newest page and leaves a gap after its newest', () => {
    const s = run(
      { type: 'history', chatId: 'c1', messages: range(951, 1000) },
      { type: 'history', chatId: 'c1', messages: range(476, 525), replace: true, gapAfter: gapAfterPage(range(476, 525), 1000) },
    );
    expect(s.gapAfter.c1).toBe(525);
    expect(seqs(s)).toEqual(range(476, 525).map((m) => m.seq));
  });

  it('older pages prepend; newer pages append until the gap closes at the newest', () => {
    let s = run({ type: 'history', chatId: 'c1', messages: range(476, 525), replace: true, gapAfter: 525 });
    s = reduce(s, { type: 'history', chatId: 'c1', messages: range(426, 475) });
    expect(seqs(s)[0]).toBe(426);
    s = reduce(s, { type: 'history', chatId: 'c1', messages: range(526, 575), gapAfter: 575 });
    expect(seqs(s).at(-1)).toBe(575);
    s = reduce(s, { type: 'history', chatId: 'c1', messages: range(576, 600), gapAfter: null });
    expect(s.gapAfter.c1).toBeUndefined();
    expect(seqs(s)).toEqual(range(426, 600).map((m) => m.seq));
  });

  it('a live message during a gap is kept but not shown (it would sit after missing ones), and is counted as unread', () => {
    let s = run({ type: 'history', chatId: 'c1', messages: range(476, 525), replace: true, gapAfter: 525 });
    s = reduce(s, { type: 'message.new', message: msg(1001) });
    expect(seqs(s).at(-1)).toBe(525);
    expect(s.messages.c1.at(-1)!.seq).toBe(1001);
    expect(s.chats.c1.lastSeq).toBe(1001);
    expect(s.chats.c1.unreadCount).toBe(1);
    // Closing the gap shows it, after the loaded ones, once.
    s = reduce(s, { type: 'history', chatId: 'c1', messages: [...range(526, 1000), msg(1001)], gapAfter: null });
    expect(seqs(s).slice(-2)).toEqual([1000, 1001]);
    expect(seqs(s).filter((x) => x === 1001)).toHaveLength(1);
  });

  it('our pending sends wait while a gap is open, and stay through a replace', () => {
    let s = run({ type: 'local.send', chatId: 'c1', clientMsgId: 'k1', text: 'hi', replyTo: null, at: '2026-11-01T10:00:00Z' });
    s = reduce(s, { type: 'history', chatId: 'c1', messages: range(10, 20), replace: true, gapAfter: 20 });
    expect(shownMessages(s, 'c1').some((m) => m.pending)).toBe(false);
    s = reduce(s, { type: 'history', chatId: 'c1', messages: range(951, 1000), replace: true, gapAfter: null });
    expect(seqs(s)[0]).toBe(951);
    expect(shownMessages(s, 'c1').at(-1)!.clientMsgId).toBe('k1');
  });

  it('a page that reaches the chat\'s newest leaves no gap', () => {
    expect(gapAfterPage(range(980, 1000), 1000)).toBeNull();
    expect(gapAfterPage(range(10, 60), 1000)).toBe(60);
    expect(gapAfterPage([], 1000)).toBeNull();
  });

  it('history without gapAfter leaves an open gap as it is', () => {
    let s = run({ type: 'history', chatId: 'c1', messages: range(476, 525), replace: true, gapAfter: 525 });
    s = reduce(s, { type: 'history', chatId: 'c1', messages: range(426, 475) });
    expect(s.gapAfter.c1).toBe(525);
  });
});

describe('opening a chat starts from the newest page', () => {
  it('drops what a closed chat collected live, but keeps messages newer than the page and pending sends', () => {
    let s = run(...range(1, 300).map((m): Action => ({ type: 'message.new', message: m })));
    s = reduce(s, { type: 'local.send', chatId: 'c1', clientMsgId: 'k9', text: 'pending', replyTo: null, at: '2026-11-01T10:00:00Z' });
    s = reduce(s, { type: 'message.new', message: msg(301) });
    s = reduce(s, { type: 'history', chatId: 'c1', messages: range(251, 300), replace: true, gapAfter: null });
    expect(s.messages.c1.filter((m) => !m.pending).map((m) => m.seq)).toEqual(range(251, 301).map((m) => m.seq));
    expect(s.messages.c1.at(-1)!.clientMsgId).toBe('k9');
  });
});
