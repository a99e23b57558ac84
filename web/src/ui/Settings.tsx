import { useEffect, useState } from 'preact/hooks';
import { useStore } from '../store';
import { describeReveal } from '../reveal';
import type { Policy } from '../types';
import { PushSwitch } from './PushSettings';
import { WhatsAppSettings } from './WhatsAppSettings';

type Reveal = Awaited<ReturnType<ReturnType<typeof useStore>['api']['reveals']>>['reveals'][number];
type Entry = Awaited<ReturnType<ReturnType<typeof useStore>['api']['audit']>>['entries'][number];

/** Privacy defaults, pending reveals, the audit log, devices, sign out. */
export function Settings() {
  const store = useStore();
  const [policy, setPolicy] = useState<Policy | null>(null);
  const [reveals, setReveals] = useState<Reveal[]>([]);
  const [audit, setAudit] = useState<Entry[]>([]);
  const [devices, setDevices] = useState<Record<string, unknown>[]>([]);
  const [error, setError] = useState('');

  const load = () => Promise.all([
    store.api.policy().then(setPolicy),
    store.api.reveals().then((r) => setReveals(r.reveals)),
    store.api.audit().then((a) => setAudit(a.entries)),
    store.api.devices().then((d) => setDevices(d.devices)),
  ]).catch((e) => setError(String(e.message)));
  useEffect(() => { load(); }, []);

  const patch = async (p: Partial<Policy>) => {
    try { setPolicy(await store.api.patchPolicy(p)); await load(); } catch (e) { setError(String((e as Error).message)); }
  };
  const chatName = (id: string | null) => (id && store.state.chats[id]?.name) || id || '';

  return (
    <section class="settings" aria-label="Settings">
      <h2>Private reading</h2>
      {error && <p class="error" role="alert">{error}</p>}
      {policy && <fieldset>
        <legend>Defaults</legend>
        <label class="switch"><input type="checkbox" checked={policy.cloakByDefault} onChange={(e) => patch({ cloakByDefault: e.currentTarget.checked })} />
          Read privately in every chat unless I change it per chat</label>
        <label class="switch"><input type="checkbox" checked={policy.appearOffline} onChange={(e) => patch({ appearOffline: e.currentTarget.checked })} />
          Appear offline (others see my last seen frozen)</label>
        <label class="switch"><input type="checkbox" checked={policy.sendTyping} onChange={(e) => patch({ sendTyping: e.currentTarget.checked })} />
          Let others see when I am typing</label>
      </fieldset>}
      <h3>Pending reveals</h3>
      {reveals.length === 0 ? <p class="empty">None scheduled.</p> : <ul class="plain">
        {reveals.map((r) => <li key={r.revealId}>
          {chatName(r.chatId)}: {describeReveal(r)}
          <button class="link" onClick={async () => { await store.api.cancelReveal(r.revealId); load(); }}>Cancel</button>
        </li>)}
      </ul>}
      <h3>Audit log <a href="#" onClick={async (e) => { e.preventDefault(); await downloadCsv(store.api.session?.accessToken); }}>Export CSV</a></h3>
      {audit.length === 0 ? <p class="empty">Nothing yet.</p> : <table class="audit">
        <thead><tr><th>When</th><th>What</th><th>Chat</th><th>Detail</th></tr></thead>
        <tbody>{audit.map((a, i) => <tr key={i}><td>{new Date(a.at).toLocaleString()}</td><td>{a.action}</td>
          <td>{chatName(a.chatId)}</td><td><code>{JSON.stringify(a.detail)}</code></td></tr>)}</tbody>
      </table>}
      <h2>Notifications</h2>
      <PushSwitch />
      <WhatsAppSettings />
      <h2>Devices</h2>
      <ul class="plain">
        {devices.map((d) => {
          const id = String(d.deviceId ?? d.id);
          const current = id === store.api.session?.deviceId;
          return <li key={id}>{String(d.name ?? d.deviceName ?? 'device')} {current ? <em>(this browser)</em>
            : <button class="link" onClick={async () => { await store.api.revokeDevice(id); load(); }}>Sign out that device</button>}</li>;
        })}
      </ul>
      <button onClick={() => store.signOut()}>Sign out</button>
    </section>
  );
}

async function downloadCsv(token: string | undefined) {
  const res = await fetch('/api/v1/audit?format=csv', { headers: { Authorization: 'Bearer ' + token } });
  const url = URL.createObjectURL(await res.blob());
  const a = Object.assign(document.createElement('a'), { href: url, download: 'cloak-audit.csv' });
  a.click();
  URL.revokeObjectURL(url);
}
