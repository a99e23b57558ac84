import { useEffect, useState } from 'preact/hooks';
import { store as theStore, useStore } from '../store';
import { ArchiveImport } from './Archives';
import { ChatList } from './ChatList';
import { ChatView } from './ChatView';
import { Search } from './Search';
import { Settings } from './Settings';
import { Starred } from './Starred';
import { SignIn } from './SignIn';
import { PushOffer } from './PushSettings';

type Pane = 'chats' | 'search' | 'starred' | 'import' | 'settings';

export function App() {
  const store = useStore();
  const [pane, setPane] = useState<Pane>('chats');
  const [, setStarted] = useState(0);
  useEffect(() => { if (store.signedIn) store.start().then(() => { setStarted(1); openFromUrl(); }); }, []);
  // A notification click: the service worker names the chat (open tab) or opens /?chat=… (new tab).
  useEffect(() => {
    const onMessage = (e: MessageEvent) => {
      if (e.data?.type === 'open-chat' && typeof e.data.chatId === 'string') { store.openChat(e.data.chatId); setPane('chats'); }
    };
    navigator.serviceWorker?.addEventListener('message', onMessage);
    return () => navigator.serviceWorker?.removeEventListener('message', onMessage);
  }, []);

  if (store.signedIn && !store.state.me) return <p class="placeholder">Loading…</p>;
  if (!store.signedIn) {
    return <SignIn onDone={() => store.start().then(() => setStarted((n) => n + 1))} />;
  }
  const open = (chatId: string | null, around?: string) => { store.openChat(chatId, around); if (chatId) setPane('chats'); };
  const chatId = store.openChatId;
  return (
    <div class={'app' + (chatId ? ' has-chat' : '')}>
      <aside class="side">
        <nav class="tabs" aria-label="Sections">
          {(['chats', 'search', 'starred', 'import', 'settings'] as Pane[]).map((p) => (
            <button key={p} aria-pressed={pane === p} onClick={() => setPane(p)}>{p[0].toUpperCase() + p.slice(1)}</button>
          ))}
          <span class={'conn ' + (store.state.connected ? 'up' : 'down')} role="status">{store.state.connected ? 'online' : 'connecting…'}</span>
        </nav>
        {pane === 'chats' && <ChatList onOpen={open} />}
        {pane === 'search' && <Search onOpen={open} />}
        {pane === 'starred' && <Starred onOpen={open} />}
        {pane === 'import' && <ArchiveImport onOpen={open} />}
        {pane === 'settings' && <Settings />}
      </aside>
      <main class="pane">
        {store.offerPush && <PushOffer />}
        {chatId ? <ChatView key={chatId} chatId={chatId} onBack={() => open(null)} />
          : <p class="placeholder">Pick a chat, or start one with a phone number.</p>}
      </main>
    </div>
  );
}

function openFromUrl() {
  const chatId = new URLSearchParams(location.search).get('chat');
  if (!chatId) return;
  history.replaceState(null, '', '/');
  if (theStore.state.chats[chatId]) theStore.openChat(chatId);
}
