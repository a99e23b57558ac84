import { useRef, useState } from 'preact/hooks';
import { moveFocus } from '../keys';
import { mediaLabel } from '../media';
import { chatSections, isMuted, tick, typingIn } from '../state';
import type { Chat } from '../types';
import { useStore } from '../store';
import { time } from './format';
import { Ticks } from './Ticks';

export function ChatList({ onOpen }: { onOpen: (chatId: string) => void }) {
  const store = useStore();
  const s = store.state;
  const [creating, setCreating] = useState<'direct' | 'group' | null>(null);
  const [showArchived, setShowArchived] = useState(false);
  const { main: chats, archived } = chatSections(s);
  // Roving tabindex: the list is one Tab stop; arrow keys, Home and End move between chats.
  const [roving, setRoving] = useState<string | null>(null);
  const all = [...chats, ...(showArchived ? archived : [])];
  const current = all.find((c) => c.chatId === roving)?.chatId ?? all.find((c) => c.chatId === store.openChatId)?.chatId ?? all[0]?.chatId;
  const listRef = useRef<HTMLDivElement>(null);
  const keys = (e: KeyboardEvent) => { if (listRef.current) moveFocus(listRef.current, 'button.chatitem', e); };
  const item = (c: Chat) => <Item key={c.chatId} c={c} onOpen={onOpen} tabIndex={c.chatId === current ? 0 : -1} onFocus={() => setRoving(c.chatId)} />;
  return (
    <section class="chatlist" aria-label="Chats">
      <div class="toolbar">
        <button onClick={() => setCreating(creating === 'direct' ? null : 'direct')}>New chat</button>
        <button onClick={() => setCreating(creating === 'group' ? null : 'group')}>New group</button>
      </div>
      {creating && <NewChat kind={creating} onDone={(id) => { setCreating(null); if (id) onOpen(id); }} />}
      {chats.length === 0 && archived.length === 0 && <p class="empty">No chats yet. Start one with a phone number.</p>}
      {store.fromCache && <p class="hint offline" role="status">Offline: showing what this browser kept.</p>}
      <div ref={listRef} onKeyDown={keys}>
      <ul aria-label="Chats">{chats.map(item)}</ul>
      {archived.length > 0 && <>
        <button class="archivedtoggle link" aria-expanded={showArchived} aria-controls="archived-chats" onClick={() => setShowArchived(!showArchived)}>
          Archived ({archived.length})</button>
        {showArchived && <ul id="archived-chats" aria-label="Archived chats">{archived.map(item)}</ul>}
      </>}
      </div>
    </section>
  );
}

function Item({ c, onOpen, tabIndex, onFocus }: { c: Chat; onOpen: (chatId: string) => void; tabIndex: number; onFocus: () => void }) {
  const store = useStore();
  const s = store.state;
  const muted = isMuted(c);
  const typing = typingIn(s, c.chatId);
  const last = c.lastMessage;
  const t = last ? tick(s, last) : null;
  return (
    <li>
      <button class={'chatitem' + (store.openChatId === c.chatId ? ' active' : '')} onClick={() => onOpen(c.chatId)} tabIndex={tabIndex} onFocus={onFocus}
        aria-current={store.openChatId === c.chatId ? 'true' : undefined}>
        <span class="avatar" aria-hidden="true">{(c.name || '?').slice(0, 1).toUpperCase()}</span>
        <span class="main">
          <span class="row"><strong class="name">{c.name || 'Unnamed'}</strong>
            {c.type === 'whatsapp' && <span class="wabadge" title="A WhatsApp chat, through the linked Business number">WhatsApp</span>}
            {c.type === 'archive' && <span class="archbadge" title="An imported WhatsApp export, read-only">Imported</span>}
            <small>{c.pinned && <span class="flag" role="img" aria-label="pinned">📌</span>}{muted && <span class="flag" role="img" aria-label="muted">🔕</span>}{time(last?.createdAt)}</small></span>
          <span class="row">
            <span class="preview">
              {typing.length > 0 ? <em class="typing">{c.type === 'group' ? store.name(typing[0]) + ' is ' : ''}typing…</em>
                : last ? <>{t && <Ticks tick={t} />}{(c.type === 'group' || c.type === 'archive' || last.senderId.startsWith('x:')) && last.senderId !== s.me && store.sender(last) ? store.sender(last) + ': ' : ''}
                  {last.deleted ? <i>message deleted</i> : mediaLabel(last) ?? last.text}</> : <i>no messages yet</i>}
            </span>
            {c.unreadCount > 0 && <span class={'badge' + (muted ? ' muted' : '')} aria-label={`${c.unreadCount} unread`}>{c.unreadCount}</span>}
          </span>
        </span>
      </button>
    </li>
  );
}

function NewChat({ kind, onDone }: { kind: 'direct' | 'group'; onDone: (chatId: string | null) => void }) {
  const store = useStore();
  const [phones, setPhones] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState('');
  const submit = async (e: Event) => {
    e.preventDefault();
    setError('');
    try {
      const list = phones.split(/[\s,;]+/).map((p) => p.trim()).filter(Boolean);
      const { users } = await store.api.lookup(list);
      if (users.length === 0) return setError('Nobody with ' + (list.length > 1 ? 'these numbers' : 'this number') + ' uses this server yet.');
      const chat = kind === 'direct' ? await store.api.createDirect(users[0].userId)
        : await store.api.createGroup(name.trim(), users.map((u) => u.userId));
      await store.loadChats();
      onDone(chat.chatId);
    } catch (err) {
      setError(String((err as Error).message));
    }
  };
  return (
    <form class="newchat" onSubmit={submit}>
      {kind === 'group' && <label>Group name<input required maxLength={100} value={name} onInput={(e) => setName(e.currentTarget.value)} /></label>}
      <label>{kind === 'direct' ? 'Phone number of the person' : 'Phone numbers of the members (comma separated)'}
        <input type="tel" required value={phones} onInput={(e) => setPhones(e.currentTarget.value)} placeholder="+15551230002" /></label>
      <div class="row">
        <button type="submit">{kind === 'direct' ? 'Start chat' : 'Create group'}</button>
        <button type="button" class="link" onClick={() => onDone(null)}>Cancel</button>
      </div>
      {error && <p class="error" role="alert">{error}</p>}
    </form>
  );
}
