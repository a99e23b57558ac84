import { useEffect, useState } from 'preact/hooks';
import type { PushState } from '../push';
import { useStore } from '../store';

/**
 * Settings: the notifications switch (subscribe + register, or unsubscribe + forget), and the account-wide choice
 * to show message previews in notifications (off by default; never for cloaked chats, the server sees to that).
 */
export function PushSwitch() {
  const store = useStore();
  const [state, setState] = useState<PushState | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [previews, setPreviews] = useState<boolean | null>(null);
  useEffect(() => { store.push.state().then(setState, () => setState('unsupported')); }, []);
  useEffect(() => { store.api.pushPreferences().then((p) => setPreviews(p.previews), () => setPreviews(null)); }, []);
  const choosePreviews = async (on: boolean) => {
    setBusy(true);
    setError('');
    try { setPreviews((await store.api.setPushPreviews(on)).previews); } catch (e) { setError((e as Error).message); } finally { setBusy(false); }
  };
  const toggle = async (on: boolean) => {
    setBusy(true);
    setError('');
    try {
      if (on) await store.push.enable(); else await store.push.disable();
      store.dismissPushOffer();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setState(await store.push.state().catch(() => 'unsupported' as const));
      setBusy(false);
    }
  };
  return (
    <fieldset class="push">
      <legend>Notifications</legend>
      <label class="switch"><input type="checkbox" checked={state === 'on'} disabled={busy || state === null || state === 'unsupported'}
        onChange={(e) => toggle(e.currentTarget.checked)} />
        Notify me of new messages on this device (shows who wrote; the text only if you allow previews below)</label>
      <label class="switch"><input type="checkbox" checked={previews === true} disabled={busy || previews === null}
        onChange={(e) => choosePreviews(e.currentTarget.checked)} />
        Show message previews in notifications (chat name and the start of the text; never for cloaked chats or view-once media)</label>
      {state === 'unsupported' && <p class="hint">This browser cannot receive push notifications.</p>}
      {state === 'denied' && <p class="hint">Notifications are blocked for this site; allow them in the browser's site settings.</p>}
      {error && <p class="error" role="alert">{error}</p>}
    </fieldset>
  );
}

/** The one-time offer after a first sent message: turn on, or not now (either way it does not come back). */
export function PushOffer() {
  const store = useStore();
  const [error, setError] = useState('');
  const on = async () => {
    try { await store.push.enable(); store.dismissPushOffer(); } catch (e) { setError((e as Error).message); }
  };
  return (
    <div class="banner" role="region" aria-label="Notifications">
      <span>Get a notification when a message arrives while Cloak is closed? It shows who wrote, never the text.</span>
      <button onClick={on}>Turn on notifications</button>
      <button class="link" onClick={() => store.dismissPushOffer()}>Not now</button>
      {error && <p class="error" role="alert">{error}</p>}
    </div>
  );
}
