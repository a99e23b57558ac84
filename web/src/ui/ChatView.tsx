import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { isMuted, type Shown, tick, typingIn } from '../state';
import { useStore } from '../store';
import type { CloakStatus } from '../types';
import { lastSeen, time } from './format';
import { GroupInfo } from './GroupInfo';
import { RevealScheduler } from './RevealScheduler';
import { Ticks } from './Ticks';

const REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🙏'];
const EDIT_WINDOW_MS = 15 * 60 * 1000;

export function ChatView({ chatId, onBack }: { chatId: string; onBack: () => void }) {
  const store = useStore();
  const s = store.state;
  const chat = s.chats[chatId];
  const messages = s.messages[chatId] ?? [];
  const [cloak, setCloak] = useState<CloakStatus | null>(null);
  const [replyTo, setReplyTo] = useState<Shown | null>(null);
  const [editing, setEditing] = useState<Shown | null>(null);
  const [menuFor, setMenuFor] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [draft, setDraft] = useState('');
  const [scheduling, setScheduling] = useState(false);
  const [info, setInfo] = useState(false);
  const [forwarding, setForwarding] = useState<Shown | null>(null);
  const scroller = useRef<HTMLOListElement>(null);
  const stick = useRef(true);
  const keepFromBottom = useRef<number | null>(null);

  const refreshCloak = () => store.api.cloak(chatId).then(setCloak, () => {});
  const myMark = s.watermarks[chatId]?.[s.me ?? '']?.read ?? 0;
  useEffect(() => { setReplyTo(null); setEditing(null); setDraft(''); setMenuFor(null); setScheduling(false); setInfo(false); setForwarding(null); stick.current = true; }, [chatId]);
  // The server moves the watermarks a moment after our read frame: ask again shortly after.
  useEffect(() => {
    refreshCloak();
    const later = setTimeout(refreshCloak, 600);
    return () => clearTimeout(later);
  }, [chatId, s.privateRead[chatId], myMark]);
  useEffect(() => { store.readOpenChat(); }, [messages.length, s.connected]);

  // Stay at the bottom for new messages; keep the view still when older ones are put above.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (keepFromBottom.current !== null) {
      el.scrollTop = el.scrollHeight - keepFromBottom.current;
      keepFromBottom.current = null;
    } else if (stick.current) {
      el.scrollTop = el.scrollHeight;
    }
  }, [messages]);

  const onScroll = async () => {
    const el = scroller.current!;
    stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
    if (el.scrollTop < 60 && keepFromBottom.current === null) {
      keepFromBottom.current = el.scrollHeight - el.scrollTop;
      if ((await store.loadOlder(chatId)) === 0) keepFromBottom.current = null;
    }
  };

  if (!chat) return <section class="chatview empty"><p>Chat not found.</p></section>;
  const other = chat.type === 'direct' ? chat.members.find((m) => m.userId !== s.me)?.userId : undefined;
  const typing = typingIn(s, chatId);
  const status = typing.length > 0 ? (chat.type === 'group' ? typing.map((u) => store.name(u)).join(', ') + ' typing…' : 'typing…')
    : other ? lastSeen(s.presence[other]) : `${chat.members.length} members`;
  const byId = new Map(messages.map((m) => [m.messageId, m]));

  const submit = async (e: Event) => {
    e.preventDefault();
    const text = draft.trim();
    if (!text) return;
    if (editing) {
      try {
        store.dispatch({ type: 'message.updated', message: await store.api.edit(chatId, editing.messageId, text) });
      } catch (err) { setNotice((err as Error).message); }
      setEditing(null);
    } else {
      stick.current = true;
      store.sendText(chatId, text, replyTo?.messageId ?? null);
      setReplyTo(null);
    }
    setDraft('');
  };

  const act = async (f: () => Promise<unknown>) => {
    setMenuFor(null);
    try { await f(); } catch (err) { setNotice((err as Error).message); }
  };

  const setting = (body: { pinned?: boolean; muted?: boolean; archived?: boolean }) =>
    act(async () => store.dispatch({ type: 'chat.updated', chat: await store.api.chatSettings(chatId, body) }));

  const toggleCloak = (enabled: boolean) => act(async () => {
    let revealHidden = false;
    if (!enabled && cloak && cloak.hiddenCount > 0) {
      revealHidden = confirm(`You read ${cloak.hiddenCount} message(s) here privately. Reveal them now (OK) or keep them hidden (Cancel)?`);
    }
    setCloak(await store.api.setCloak(chatId, enabled, revealHidden));
  });

  return (
    <section class="chatview" aria-label={'Chat with ' + (chat.name || 'Unnamed')}>
      <header class="chathead">
        <button class="back" onClick={onBack} aria-label="Back to chats">←</button>
        <div class="title">
          <h2>{chat.name || 'Unnamed'}</h2>
          <small class="status" aria-live="polite">{status}</small>
        </div>
        <div class="chatsettings" role="group" aria-label="Chat settings">
          <button class="link" aria-pressed={!!chat.pinned} onClick={() => setting({ pinned: !chat.pinned })}>{chat.pinned ? 'Unpin' : 'Pin'}</button>
          <button class="link" aria-pressed={isMuted(chat)} onClick={() => setting({ muted: !isMuted(chat) })}>{isMuted(chat) ? 'Unmute' : 'Mute'}</button>
          <button class="link" aria-pressed={!!chat.archived} onClick={() => setting({ archived: !chat.archived })}>{chat.archived ? 'Unarchive' : 'Archive'}</button>
        </div>
        {chat.type === 'group' && <button class="link" aria-expanded={info} aria-controls={'groupinfo-' + chatId} onClick={() => setInfo(!info)}>Group info</button>}
        <label class="switch" title="While on, reading here sends no read receipts, typing or presence">
          <input type="checkbox" checked={cloak?.enabled ?? false} disabled={!cloak} onChange={(e) => toggleCloak(e.currentTarget.checked)} />
          Read privately
        </label>
      </header>
      {cloak && <p class={'otherssee' + (cloak.enabled ? ' on' : '')} aria-label="What others see">
        {cloak.enabled ? 'Cloak is on. ' : ''}{cloak.othersSee}
        {cloak.hiddenCount > 0 && <button class="link" onClick={() => act(async () => { await store.api.reveal(chatId, {}); await refreshCloak(); })}>Reveal all</button>}
        <button class="link" aria-expanded={scheduling} aria-controls={'reveals-' + chatId} onClick={() => setScheduling(!scheduling)}>Schedule reveal…</button>
      </p>}
      {info && chat.type === 'group' && <div id={'groupinfo-' + chatId} class="revealpanel"><GroupInfo chat={chat} onLeft={onBack} /></div>}
      {scheduling && <div id={'reveals-' + chatId} class="revealpanel"><RevealScheduler chatId={chatId} onChanged={refreshCloak} /></div>}
      {notice && <p class="error" role="alert" onClick={() => setNotice('')}>{notice}</p>}
      <ol class="messages" ref={scroller} onScroll={onScroll} aria-label="Conversation">
        {messages.map((m) => {
          const mine = m.senderId === s.me;
          const t = tick(s, m);
          const quoted = m.replyTo ? byId.get(m.replyTo) : undefined;
          const privately = !mine && cloak && m.seq > cloak.publicReadSeq && m.seq <= Math.max(cloak.privateReadSeq, s.privateRead[chatId] ?? 0);
          return (
            <li key={m.clientMsgId ?? m.messageId} class={'msg ' + (mine ? 'mine' : 'theirs')} data-seq={m.pending ? undefined : m.seq}>
              <div class="bubble">
                {chat.type === 'group' && !mine && <div class="sender">{store.name(m.senderId)}</div>}
                {m.forwarded && <div class="forwarded">↪ Forwarded</div>}
                {m.replyTo && <blockquote class="quote">{quoted ? (quoted.deleted ? 'deleted message' : quoted.text) : 'an earlier message'}</blockquote>}
                <div class="text">{m.deleted ? <i>This message was deleted</i> : m.text}</div>
                <div class="meta">
                  {m.starred && <span class="star" role="img" aria-label="starred">★</span>}
                  {privately && <span class="private" title="Read privately: the sender does not know">seen privately</span>}
                  {m.editedAt && !m.deleted && <span>edited</span>}
                  <time dateTime={m.createdAt}>{time(m.createdAt)}</time>
                  {t && <Ticks tick={t} />}
                  {t === 'failed' && <button class="link" onClick={() => store.retry(m.clientMsgId!)}>Retry</button>}
                </div>
                {(m.reactions?.length ?? 0) > 0 && <div class="reactions" aria-label="Reactions">
                  {m.reactions!.map((r) => <span title={store.name(r.userId)} key={r.userId}>{r.emoji}</span>)}
                </div>}
              </div>
              {!m.pending && !m.deleted && <button class="more" aria-label="Message actions" aria-expanded={menuFor === m.messageId}
                onClick={() => setMenuFor(menuFor === m.messageId ? null : m.messageId)}>⋯</button>}
              {menuFor === m.messageId && (
                <div class="menu" role="menu">
                  <button role="menuitem" onClick={() => { setReplyTo(m); setMenuFor(null); }}>Reply</button>
                  <span class="reactpick">{REACTIONS.map((e) => <button role="menuitem" aria-label={'React ' + e} key={e}
                    onClick={() => act(async () => store.dispatch({ type: 'message.updated', message: await store.api.react(chatId, m.messageId, e) }))}>{e}</button>)}</span>
                  <button role="menuitem" onClick={() => act(async () => store.dispatch({ type: 'message.updated', message: await store.api.star(chatId, m.messageId, !m.starred) }))}>
                    {m.starred ? 'Unstar' : 'Star'}</button>
                  <button role="menuitem" onClick={() => { setForwarding(m); setMenuFor(null); }}>Forward…</button>
                  {mine && Date.now() - Date.parse(m.createdAt) < EDIT_WINDOW_MS &&
                    <button role="menuitem" onClick={() => { setEditing(m); setDraft(m.text ?? ''); setMenuFor(null); }}>Edit</button>}
                  {!mine && <button role="menuitem" onClick={() => act(async () => { await store.api.reveal(chatId, { upToSeq: m.seq }); await refreshCloak(); })}>
                    Mark read up to here</button>}
                  {mine && <button role="menuitem" onClick={() => act(async () => {
                    const r = await store.api.receipts(chatId, m.messageId);
                    setNotice(`Delivered to: ${r.deliveredTo.map((u) => store.name(u)).join(', ') || 'nobody yet'}. Read by: ${r.readBy.map((u) => store.name(u)).join(', ') || 'nobody yet'}.`);
                  })}>Info</button>}
                  <button role="menuitem" onClick={() => act(async () => {
                    await store.api.remove(chatId, m.messageId, 'me');
                    store.dispatch({ type: 'local.hide', chatId, messageId: m.messageId });
                  })}>Delete for me</button>
                  {mine && <button role="menuitem" onClick={() => act(async () => {
                    const d = await store.api.remove(chatId, m.messageId, 'everyone');
                    if (d) store.dispatch({ type: 'message.deleted', message: d });
                  })}>Delete for everyone</button>}
                </div>
              )}
            </li>
          );
        })}
      </ol>
      {forwarding && <div class="forwardpick" role="dialog" aria-label="Forward to">
        <p>Forward “{forwarding.text}” to:</p>
        <ul class="plain">{Object.values(s.chats).filter((c) => c.chatId !== chatId).map((c) => <li key={c.chatId}>
          <button class="link" onClick={() => { const m = forwarding; setForwarding(null);
            act(async () => { await store.api.forward(c.chatId, m.messageId); setNotice('Forwarded to ' + (c.name || 'Unnamed') + '.'); }); }}>
            {c.name || 'Unnamed'}</button></li>)}</ul>
        <button type="button" class="link" onClick={() => setForwarding(null)}>Cancel forwarding</button>
      </div>}
      <form class="composer" onSubmit={submit}>
        {(replyTo || editing) && <div class="context">
          <span>{editing ? 'Editing' : 'Replying to'}: {(editing ?? replyTo)!.text}</span>
          <button type="button" class="link" aria-label="Cancel" onClick={() => { setReplyTo(null); setEditing(null); setDraft(''); }}>✕</button>
        </div>}
        <textarea aria-label="Message" placeholder="Message" rows={1} value={draft}
          onInput={(e) => { setDraft(e.currentTarget.value); if (!editing) store.typing(chatId, e.currentTarget.value.length > 0); }}
          onKeyDown={(e) => { if (e.key === 'Enter' && !e.shiftKey) submit(e); }} />
        <button type="submit" aria-label={editing ? 'Save edit' : 'Send'}>➤</button>
      </form>
    </section>
  );
}
