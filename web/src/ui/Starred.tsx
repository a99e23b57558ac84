import { useEffect, useState } from 'preact/hooks';
import { useStore } from '../store';
import type { Message } from '../types';
import { time } from './format';

/** Messages I starred, newest first; opening one opens its chat. */
export function Starred({ onOpen }: { onOpen: (chatId: string, around?: string) => void }) {
  const store = useStore();
  const [list, setList] = useState<Message[] | null>(null);
  const [error, setError] = useState('');
  useEffect(() => { store.api.starred().then((r) => setList(r.messages), (e) => setError(String(e.message))); }, []);
  return (
    <section class="starred" aria-label="Starred messages">
      {error && <p class="error" role="alert">{error}</p>}
      {list && list.length === 0 && <p class="empty">No starred messages. Star one from its ⋯ menu.</p>}
      {list && <ul class="hits">
        {list.map((m) => <li key={m.messageId}>
          <button onClick={() => onOpen(m.chatId, m.messageId)}>
            <strong>{store.state.chats[m.chatId]?.name ?? 'Chat'}</strong> · {store.name(m.senderId)} · <small>{time(m.createdAt)}</small>
            <p>★ {m.deleted ? <i>deleted</i> : m.text}</p>
          </button>
        </li>)}
      </ul>}
    </section>
  );
}
