import { useState } from 'preact/hooks';
import { ApiError } from '../api';
import { store } from '../store';

/** Phone → code → name. In embedded mode the code is printed in the server log. */
export function SignIn({ onDone }: { onDone: () => void }) {
  const [step, setStep] = useState<'phone' | 'code' | 'name'>('phone');
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const run = (f: () => Promise<void>) => async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      await f();
    } catch (err) {
      setError(err instanceof ApiError ? messageFor(err) : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="signin">
      <h1>Cloak</h1>
      <p class="tagline">Reading is private until you decide otherwise.</p>
      {step === 'phone' && (
        <form onSubmit={run(async () => { await store.api.requestCode(phone.trim()); setStep('code'); })}>
          <label>Phone number<input type="tel" autoComplete="tel" placeholder="+15551230001" required value={phone}
            onInput={(e) => setPhone(e.currentTarget.value)} /></label>
          <button type="submit" disabled={busy}>Send code</button>
        </form>
      )}
      {step === 'code' && (
        <form onSubmit={run(async () => {
          await store.api.verify(phone.trim(), code.trim(), navigator.userAgent.includes('Mobile') ? 'phone browser' : 'browser');
          const me = await store.api.me();
          if (me.displayName) onDone(); else setStep('name');
        })}>
          <p class="hint" role="note">We sent a code to {phone}. On a self-hosted server in embedded mode there is no SMS:
            the code is written to the <strong>server log</strong> as <code>OTP for {phone}: 123456</code>.</p>
          <label>Code<input inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]*" required value={code}
            onInput={(e) => setCode(e.currentTarget.value)} /></label>
          <button type="submit" disabled={busy}>Verify</button>
          <button type="button" class="link" onClick={() => setStep('phone')}>Use another number</button>
        </form>
      )}
      {step === 'name' && (
        <form onSubmit={run(async () => { await store.api.updateMe(name.trim()); onDone(); })}>
          <label>Your name<input autoComplete="name" required maxLength={64} value={name}
            onInput={(e) => setName(e.currentTarget.value)} /></label>
          <button type="submit" disabled={busy}>Continue</button>
        </form>
      )}
      {error && <p class="error" role="alert">{error}</p>}
    </main>
  );
}

function messageFor(e: ApiError): string {
  switch (e.code) {
    case 'invalid_code': return 'That code is not right (or it expired). Try again.';
    case 'rate_limited': return 'Too many tries. Wait a little and try again.';
    case 'invalid_phone': return 'Write the number in international form, e.g. +15551230001.';
    default: return e.message;
  }
}
