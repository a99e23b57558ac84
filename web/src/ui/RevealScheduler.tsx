import { useEffect, useState } from 'preact/hooks';
import { browserZone, describeReveal, emptyForm, formFor, type PendingReveal, revealBody, type RevealForm } from '../reveal';
import { useStore } from '../store';

/** Schedule a reveal for one chat (at a time, after a delay, daily at an hour), and edit or cancel pending ones. */
export function RevealScheduler({ chatId, onChanged }: { chatId: string; onChanged: () => void }) {
  const store = useStore();
  const [pending, setPending] = useState<PendingReveal[]>([]);
  const [form, setForm] = useState<RevealForm>(() => emptyForm());
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState('');
  const [done, setDone] = useState('');

  const load = () => store.api.reveals().then((r) => setPending(r.reveals.filter((x) => x.chatId === chatId)), (e) => setError(String(e.message)));
  useEffect(() => { load(); setEditing(null); setForm(emptyForm()); setError(''); setDone(''); }, [chatId]);

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(''); setDone('');
    const body = revealBody(form);
    if ('error' in body) return setError(body.error);
    try {
      if (editing) await store.api.changeReveal(editing, body);
      else await store.api.reveal(chatId, body);
      const was = editing;
      setEditing(null);
      setForm(emptyForm());
      await load();
      setDone(was ? 'Reveal changed.' : 'Reveal scheduled.');
      onChanged();
    } catch (err) { setError(String((err as Error).message)); }
  };
  const cancel = async (r: PendingReveal) => {
    setError(''); setDone('');
    try {
      await store.api.cancelReveal(r.revealId);
      if (editing === r.revealId) { setEditing(null); setForm(emptyForm()); }
      await load();
      setDone('Reveal cancelled.');
    } catch (err) { setError(String((err as Error).message)); }
  };
  const set = (p: Partial<RevealForm>) => setForm({ ...form, ...p });
  const modes: [RevealForm['mode'], string][] = [['after', 'After a delay'], ['at', 'At a time'], ['daily', 'Daily at an hour']];

  return (
    <div class="revealsched">
      <h3 id={'rs-' + chatId}>Scheduled reveals</h3>
      {pending.length === 0 ? <p class="empty">None pending for this chat.</p> : <ul class="plain pending" aria-labelledby={'rs-' + chatId}>
        {pending.map((r) => <li key={r.revealId} class={editing === r.revealId ? 'editing' : ''}>
          <span>{describeReveal(r)}</span>
          <button type="button" class="link" aria-label={'Edit: ' + describeReveal(r)}
            onClick={() => { setEditing(r.revealId); setForm(formFor(r)); setDone(''); }}>Edit</button>
          <button type="button" class="link danger" aria-label={'Cancel: ' + describeReveal(r)} onClick={() => cancel(r)}>Cancel</button>
        </li>)}
      </ul>}
      <form onSubmit={submit} aria-label={editing ? 'Edit scheduled reveal' : 'Schedule a reveal'}>
        <fieldset>
          <legend>{editing ? 'Change the pending reveal' : 'Reveal what I read privately'}</legend>
          <div class="modes" role="radiogroup" aria-label="When">
            {modes.map(([m, label]) => <label class="switch" key={m}>
              <input type="radio" name={'mode-' + chatId} value={m} checked={form.mode === m} onChange={() => set({ mode: m })} />{label}</label>)}
          </div>
          {form.mode === 'after' && <label>Delay in minutes
            <input type="number" min={1} step={1} required value={form.afterMinutes} onInput={(e) => set({ afterMinutes: e.currentTarget.value })} /></label>}
          {form.mode === 'at' && <label>Date and time
            <input type="datetime-local" required value={form.at} onInput={(e) => set({ at: e.currentTarget.value })} /></label>}
          {form.mode === 'daily' && <label>Hour of the day (0–23, {browserZone()})
            <input type="number" min={0} max={23} step={1} required value={form.dailyHour} onInput={(e) => set({ dailyHour: e.currentTarget.value })} /></label>}
          {form.upToSeq ? <p class="hint">Up to message {form.upToSeq}.</p> : null}
          <div class="row">
            <button type="submit">{editing ? 'Save changes' : 'Schedule reveal'}</button>
            {editing && <button type="button" class="link" onClick={() => { setEditing(null); setForm(emptyForm()); }}>Stop editing</button>}
          </div>
        </fieldset>
      </form>
      {error && <p class="error" role="alert">{error}</p>}
      {done && <p class="hint" role="status">{done}</p>}
    </div>
  );
}
