// The scheduled-reveal form as pure functions: what the user picked → the request body, and a
// pending reveal → the form values for editing it (unit-tested in test/reveal.test.ts).

export type RevealMode = 'at' | 'after' | 'daily';

export interface RevealForm {
  mode: RevealMode;
  /** For 'at': a datetime-local value ("2026-12-01T18:00") read in the browser's zone. */
  at: string;
  /** For 'after': a number of minutes. */
  afterMinutes: string;
  /** For 'daily': the hour 0–23 in the browser's zone. */
  dailyHour: string;
  /** Up to which message (omit for "everything read so far"). */
  upToSeq?: number | null;
}

export interface RevealBody { upToSeq?: number; at?: string; afterSeconds?: number; dailyHour?: number; timeZone?: string }

export interface PendingReveal {
  revealId: string;
  chatId: string;
  upToSeq: number | null;
  fireAt: string;
  dailyHour: number | null;
  timeZone?: string | null;
}

export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The body for POST /chats/{id}/reveal or PATCH /reveals/{id}, or an error message for the form. */
export function revealBody(f: RevealForm, now = Date.now(), timeZone = browserZone()): RevealBody | { error: string } {
  const base: RevealBody = f.upToSeq ? { upToSeq: f.upToSeq } : {};
  switch (f.mode) {
    case 'at': {
      const t = f.at ? new Date(f.at).getTime() : NaN;
      if (Number.isNaN(t)) return { error: 'Pick a date and time.' };
      if (t <= now) return { error: 'Pick a time in the future.' };
      return { ...base, at: new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z') };
    }
    case 'after': {
      const m = Number(f.afterMinutes);
      if (!f.afterMinutes.trim() || !Number.isFinite(m) || m <= 0) return { error: 'Give a delay of at least one minute.' };
      return { ...base, afterSeconds: Math.round(m * 60) };
    }
    case 'daily': {
      const h = Number(f.dailyHour);
      if (!f.dailyHour.trim() || !Number.isInteger(h) || h < 0 || h > 23) return { error: 'Pick an hour from 0 to 23.' };
      return { ...base, dailyHour: h, timeZone };
    }
  }
}

/** A datetime-local value for an instant, in the browser's zone. */
export function localInput(iso: string | number): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function emptyForm(now = Date.now()): RevealForm {
  return { mode: 'after', at: localInput(now + 3600_000), afterMinutes: '60', dailyHour: '18', upToSeq: null };
}

/** The form prefilled from a pending reveal, for editing it. */
export function formFor(r: PendingReveal, now = Date.now()): RevealForm {
  const f = emptyForm(now);
  if (r.dailyHour !== null && r.dailyHour !== undefined) return { ...f, mode: 'daily', dailyHour: String(r.dailyHour), upToSeq: r.upToSeq };
  return { ...f, mode: 'at', at: localInput(r.fireAt), upToSeq: r.upToSeq };
}

/** "daily at 18:00 (Europe/Berlin), next 1 Dec 18:00" or "at 1 Dec 18:00". */
export function describeReveal(r: PendingReveal, fmt: (iso: string) => string = (iso) => new Date(iso).toLocaleString()): string {
  const what = r.upToSeq ? `up to message ${r.upToSeq}` : 'everything read so far';
  const when = r.dailyHour !== null && r.dailyHour !== undefined
    ? `daily at ${String(r.dailyHour).padStart(2, '0')}:00${r.timeZone ? ` (${r.timeZone})` : ''}, next ${fmt(r.fireAt)}`
    : `at ${fmt(r.fireAt)}`;
  return `Reveal ${what} ${when}`;
}
