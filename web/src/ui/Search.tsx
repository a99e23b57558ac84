import { useState } from 'preact/hooks';
import { useStore } from '../store';
import type { Message } from '../types';
import { snippetParts, time } from './format';

export function Search({ onOpen }: { onOpen: (chatId: string, around?: string) => void }) {
  const store = useStore();
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<{ message: Message; snippet: string }[] | null>(null);
  const [error, setError] = useState('');
  const run = async (e: Event) => {
    e.preventDefault();
    setError('');
    try { setHits((await store.api.search(q.trim())).hits); } catch (err) { setError(String((err as Error).message)); }
  };
  return (
    <section class="search" aria-label="Search">
      <form onSubmit={run} role="search">
        <label>Search all chats<input type="search" required value={q} onInput={(e) => setQ(e.currentTarget.value)} /></label>
        <button type="submit">Search</button>
      </form>
      {error && <p class="error" role="alert">{error}</p>}
      {hits && hits.length === 0 && <p class="empty">No messages match.</p>}
      {hits && <ul class="hits">
        {hits.map((h) => <li key={h.message.messageId}>
          <button onClick={() => onOpen(h.message.chatId, h.message.messageId)}>
            <strong>{store.state.chats[h.message.chatId]?.name ?? 'Chat'}</strong> · {store.name(h.message.senderId)} · <small>{time(h.message.createdAt)}</small>
            <p>{snippetParts(h.snippet).map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}</p>
          </button>
        </li>)}
      </ul>}
    </section>
  );
}
