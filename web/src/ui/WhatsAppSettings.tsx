import { useEffect, useState } from 'preact/hooks';
import { type Call, EMPTY_LINK_FORM, failedCalls, lastErrorText, type Link, type LinkForm, linkBody, validateLink } from '../bridge';
import { useStore } from '../store';

const FIELDS: { key: keyof LinkForm; label: string; type: string; hint?: string }[] = [
  { key: 'phoneNumberId', label: 'Phone number id', type: 'text', hint: 'WhatsApp → API setup in Meta\'s dashboard (digits, not the phone number)' },
  { key: 'accessToken', label: 'Access token', type: 'password', hint: 'a System User token with whatsapp_business_messaging' },
  { key: 'appSecret', label: 'App secret', type: 'password', hint: 'App settings → Basic; checks that webhooks come from Meta' },
  { key: 'verifyToken', label: 'Verify token', type: 'text', hint: 'any text you choose; enter the same in Meta\'s webhook settings' },
  { key: 'graphBaseUrl', label: 'Graph API URL (optional)', type: 'url', hint: 'leave empty for Meta\'s' },
];

/** Settings → WhatsApp: link a Business number, the webhook URL to give Meta, links with their errors and calls. */
export function WhatsAppSettings() {
  const store = useStore();
  const [links, setLinks] = useState<Link[] | null>(null);
  const [calls, setCalls] = useState<Record<string, Call[]>>({});
  const [form, setForm] = useState<LinkForm>(EMPTY_LINK_FORM);
  const [touched, setTouched] = useState(false);
  const [created, setCreated] = useState<{ linkId: string; webhookUrl: string } | null>(null);
  const [error, setError] = useState('');
  const load = async () => {
    try {
      const { links } = await store.api.links();
      setLinks(links);
      const entries = await Promise.all(links.map(async (l) => [l.linkId, (await store.api.linkCalls(l.linkId)).calls] as const));
      setCalls(Object.fromEntries(entries));
    } catch (e) { setError((e as Error).message); }
  };
  useEffect(() => { load(); }, []);
  const errors = validateLink(form);
  const submit = async (e: Event) => {
    e.preventDefault();
    setTouched(true); setError('');
    if (Object.keys(errors).length) return;
    try {
      setCreated(await store.api.createLink(linkBody(form)));
      setForm(EMPTY_LINK_FORM); setTouched(false);
      load();
    } catch (err) { setError((err as Error).message); }
  };
  return (
    <section class="whatsapp" aria-label="WhatsApp">
      <h2>WhatsApp</h2>
      <p class="hint">Bring the chats of a <strong>WhatsApp Business</strong> number (Meta's Cloud API) into Cloak and read them privately.
        Personal WhatsApp accounts and existing family groups cannot be linked: Meta offers no way to.</p>
      {error && <p class="error" role="alert">{error}</p>}
      {created && <WebhookUrl url={created.webhookUrl} fresh />}
      {links && links.length > 0 && <ul class="plain links">{links.map((l) => <LinkItem key={l.linkId} link={l} calls={calls[l.linkId] ?? []} onChanged={load} />)}</ul>}
      <form class="linkform" onSubmit={submit} noValidate>
        <fieldset>
          <legend>Link a number</legend>
          {FIELDS.map((f) => {
            const err = touched ? errors[f.key] : undefined;
            return <label key={f.key}>{f.label}
              <input type={f.type} value={form[f.key]} autoComplete="off" aria-invalid={err ? 'true' : undefined} aria-describedby={'wa-' + f.key + '-hint'}
                onInput={(e) => setForm({ ...form, [f.key]: e.currentTarget.value })} />
              <small id={'wa-' + f.key + '-hint'} class={err ? 'error' : 'hint'}>{err ?? f.hint}</small>
            </label>;
          })}
          <button type="submit">Link number</button>
        </fieldset>
      </form>
    </section>
  );
}

function WebhookUrl({ url, fresh = false }: { url: string; fresh?: boolean }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try { await navigator.clipboard.writeText(url); setCopied(true); setTimeout(() => setCopied(false), 2000); } catch { setCopied(false); }
  };
  return (
    <div class={'webhookurl' + (fresh ? ' fresh' : '')}>
      {fresh && <p role="status">Linked. In Meta's dashboard (WhatsApp → Configuration → Webhook) paste this <em>Callback URL</em> with your verify token,
        and subscribe to the <code>messages</code> field:</p>}
      <label>Webhook URL<input readOnly value={url} onFocus={(e) => e.currentTarget.select()} /></label>
      <button type="button" onClick={copy}>{copied ? 'Copied' : 'Copy'}</button>
    </div>
  );
}

function LinkItem({ link, calls, onChanged }: { link: Link; calls: Call[]; onChanged: () => void }) {
  const store = useStore();
  const [token, setToken] = useState('');
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const failed = failedCalls(calls);
  const patch = async (body: Parameters<typeof store.api.patchLink>[1], done: string) => {
    setError(''); setNotice('');
    try { await store.api.patchLink(link.linkId, body); setNotice(done); onChanged(); } catch (e) { setError((e as Error).message); }
  };
  const lastError = lastErrorText(link);
  return (
    <li class="link-item">
      <h3>Number id {link.phoneNumberId}</h3>
      <WebhookUrl url={link.webhookUrl} />
      {lastError ? <p class="error">Last error ({new Date(link.lastError!.at).toLocaleString()}): {lastError}</p> : <p class="hint">No errors.</p>}
      <label class="switch"><input type="checkbox" checked={link.sendTyping} onChange={(e) => patch({ sendTyping: e.currentTarget.checked }, 'Saved.')} />
        Send typing indicators</label>
      <p class="hint">Off by default. WhatsApp cannot show "typing" without also marking the conversation read, so when on, each reveal's
        read receipt also shows you typing for up to 25 seconds. Nothing is ever sent while you only read.</p>
      <form class="row" onSubmit={(e) => { e.preventDefault(); if (token.trim()) patch({ accessToken: token.trim() }, 'Token updated.').then(() => setToken('')); }}>
        <label>New access token<input type="password" autoComplete="off" value={token} onInput={(e) => setToken(e.currentTarget.value)} /></label>
        <button type="submit" disabled={!token.trim()}>Update token</button>
      </form>
      {failed.length > 0 && <details open class="failedcalls"><summary>Calls to WhatsApp that failed ({failed.length})</summary>
        <ul>{failed.map((f) => <li key={f.callId}>{store.state.chats[f.chatId]?.name || f.chatId}: {f.text} <small>{new Date(f.at).toLocaleString()}</small></li>)}</ul>
      </details>}
      <button class="danger" onClick={async () => {
        if (!confirm('Unlink this number? Its secrets are deleted and no new messages arrive; the chats stay readable. Remove the callback URL in Meta\'s dashboard too.')) return;
        try { await store.api.deleteLink(link.linkId); onChanged(); } catch (e) { setError((e as Error).message); }
      }}>Unlink</button>
      {notice && <p role="status">{notice}</p>}
      {error && <p class="error" role="alert">{error}</p>}
    </li>
  );
}

/** In a WhatsApp chat: what reading privately means there, and replies/receipts that did not reach WhatsApp. */
export function WhatsAppNote({ chatId }: { chatId: string }) {
  const store = useStore();
  const [failed, setFailed] = useState<ReturnType<typeof failedCalls>>([]);
  useEffect(() => {
    let live = true;
    (async () => {
      try {
        const { links } = await store.api.links();
        const all = (await Promise.all(links.map((l) => store.api.linkCalls(l.linkId)))).flatMap((c) => c.calls);
        if (live) setFailed(failedCalls(all, chatId));
      } catch { /* the note still shows */ }
    })();
    return () => { live = false; };
  }, [chatId, store.state.chats[chatId]?.lastSeq]);
  return (
    <div class="wanote" role="note" aria-label="WhatsApp chat">
      <p><span class="wabadge">WhatsApp</span> Reading here stays private: WhatsApp is told nothing while you read.
        A reveal (“Reveal all”, “Mark read up to here” or a scheduled one) sends <strong>one</strong> read receipt to WhatsApp,
        covering every message up to the newest one revealed.</p>
      {failed.length > 0 && <ul class="error">{failed.map((f) => <li key={f.callId}>{f.text}</li>)}</ul>}
    </div>
  );
}
