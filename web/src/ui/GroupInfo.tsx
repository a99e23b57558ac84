import { useState } from 'preact/hooks';
import { canAddMembers, memberActions, roleOf, sortedMembers } from '../group';
import { useStore } from '../store';
import type { Chat } from '../types';

/** A group's members with their roles; add, remove, promote, demote (as the caller's role allows); leave. */
export function GroupInfo({ chat, onLeft }: { chat: Chat; onLeft: () => void }) {
  const store = useStore();
  const me = store.state.me;
  const myRole = roleOf(chat, me);
  const [phones, setPhones] = useState('');
  const [error, setError] = useState('');
  const [done, setDone] = useState('');

  const apply = async (f: () => Promise<Chat | undefined>, msg: string) => {
    setError(''); setDone('');
    try {
      const c = await f();
      if (c) store.dispatch({ type: 'chat.updated', chat: c });
      setDone(msg);
    } catch (e) { setError(String((e as Error).message)); }
  };
  const add = (e: Event) => {
    e.preventDefault();
    apply(async () => {
      const list = phones.split(/[\s,;]+/).map((p) => p.trim()).filter(Boolean);
      const { users } = await store.api.lookup(list);
      if (users.length === 0) throw new Error('Nobody with ' + (list.length > 1 ? 'these numbers' : 'this number') + ' uses this server yet.');
      const c = await store.api.addMembers(chat.chatId, users.map((u) => u.userId));
      setPhones('');
      return c;
    }, 'Added.');
  };
  const leave = async () => {
    if (!confirm(`Leave "${chat.name || 'this group'}"?`)) return;
    setError('');
    try {
      await store.api.removeMember(chat.chatId, me!);
      store.dispatch({ type: 'chat.updated', chat: { ...chat, removed: true } });
      onLeft();
    } catch (e) { setError(String((e as Error).message)); }
  };

  return (
    <div class="groupinfo" role="region" aria-labelledby={'gi-' + chat.chatId}>
      <h3 id={'gi-' + chat.chatId}>Group info · {chat.members.length} members</h3>
      <ul class="plain members" aria-label="Members">
        {sortedMembers(chat, me).map((m) => {
          const name = store.name(m.userId);
          const can = memberActions(myRole, m, me);
          return <li key={m.userId}>
            <span class="who">{name}</span>
            {m.role !== 'member' && <span class="role">{m.role === 'owner' ? 'Owner' : 'Admin'}</span>}
            {can.promote && <button class="link" aria-label={`Make ${name} an admin`}
              onClick={() => apply(() => store.api.setRole(chat.chatId, m.userId, 'admin'), `${name} is an admin.`)}>Make admin</button>}
            {can.demote && <button class="link" aria-label={`Dismiss ${name} as admin`}
              onClick={() => apply(() => store.api.setRole(chat.chatId, m.userId, 'member'), `${name} is a member.`)}>Dismiss as admin</button>}
            {can.remove && <button class="link danger" aria-label={`Remove ${name}`}
              onClick={() => apply(() => store.api.removeMember(chat.chatId, m.userId), `${name} was removed.`)}>Remove</button>}
          </li>;
        })}
      </ul>
      {canAddMembers(myRole) && <form class="addmembers" onSubmit={add}>
        <label>Add members by phone number (comma separated)
          <input type="tel" required value={phones} onInput={(e) => setPhones(e.currentTarget.value)} placeholder="+15551230003" /></label>
        <button type="submit">Add</button>
      </form>}
      <button class="danger" onClick={leave}>Leave group</button>
      {error && <p class="error" role="alert">{error}</p>}
      {done && <p class="hint" role="status">{done}</p>}
    </div>
  );
}
