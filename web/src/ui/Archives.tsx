import { useEffect, useReducer, useRef, useState } from 'preact/hooks';
import {
  activitySeries, type Analytics, type ArchiveDetails, type ArchiveSummary, bars, busiest, type DateOrder, dateOrderName, duration,
  EXPORT_FORMATS, type ExportFormat, exportFileName, fileProblem, type Granularity, heatmapRows, type ImportReport, type ImportResult,
  mergeSummary, mergeTargets, nameOf, otherDateOrders, type Participant, percent, replyMatrix, reportSummary, score, sentimentBars, sentimentCoverage,
  sentimentSummary, typeRows, uploadLabel, uploadReducer,
} from '../archives';
import { useStore } from '../store';

/** The "Import" pane: drop or pick an export, options, progress, then the parse report and "who is me". */
export function ArchiveImport({ onOpen }: { onOpen: (chatId: string) => void }) {
  const store = useStore();
  const [file, setFile] = useState<File | null>(null);
  const [dateOrder, setDateOrder] = useState<DateOrder | ''>('');
  const [timezone, setTimezone] = useState('');
  const [mergeInto, setMergeInto] = useState('');
  const [dragging, setDragging] = useState(false);
  const [state, send] = useReducer(uploadReducer, { phase: 'idle' });
  const [library, setLibrary] = useState<ArchiveSummary[]>([]);
  const input = useRef<HTMLInputElement>(null);
  const loadLibrary = () => store.api.archives().then((a) => setLibrary(a.archives), () => {});
  useEffect(() => { loadLibrary(); }, []);

  const run = async (f: File, opts: { dateOrder?: DateOrder | ''; timezone?: string; reimportOf?: string; mergeInto?: string }) => {
    const problem = fileProblem(f);
    if (problem) return send({ type: 'failed', message: problem });
    send({ type: 'start', fileName: f.name, total: f.size });
    try {
      const result = await store.api.importArchive(f, opts, (loaded, total) => send({ type: 'progress', loaded, total }));
      // The list and library first, then the report: nothing above it moves once it shows (e.g. "Import into" appearing).
      await Promise.all([store.loadChats().catch(() => {}), loadLibrary()]);
      send({ type: 'done', result });
    } catch (e) {
      send({ type: 'failed', message: (e as Error).message });
    }
  };
  const submit = (e: Event) => {
    e.preventDefault();
    if (!file) return send({ type: 'failed', message: fileProblem(null)! });
    run(file, { dateOrder, timezone, mergeInto });
  };
  const targets = mergeTargets(library);
  const busy = state.phase === 'uploading' || state.phase === 'processing';

  return (
    <section class="archiveimport" aria-label="Import a chat">
      <h2>Import a WhatsApp chat</h2>
      <p class="hint">In WhatsApp: open the chat → ⋮ / contact name → Export chat. Import the .txt or the .zip (with media) here.
        The archive is yours alone until you share it; it is read-only.</p>
      <form onSubmit={submit}>
        <div class={'dropzone' + (dragging ? ' dragging' : '')} role="group" aria-label="Export file"
          onDragOver={(e) => { e.preventDefault(); setDragging(true); }} onDragLeave={() => setDragging(false)}
          onDrop={(e) => { e.preventDefault(); setDragging(false); const f = e.dataTransfer?.files?.[0]; if (f) { setFile(f); send({ type: 'reset' }); } }}>
          <p>{file ? <>Chosen: <strong>{file.name}</strong></> : 'Drop the export here, or'}</p>
          <input ref={input} type="file" accept=".txt,.zip,text/plain,application/zip" aria-label="WhatsApp export file"
            onChange={(e) => { setFile(e.currentTarget.files?.[0] ?? null); send({ type: 'reset' }); }} />
        </div>
        {targets.length > 0 && <label>Import into
          <select value={mergeInto} onChange={(e) => setMergeInto(e.currentTarget.value)}>
            <option value="">A new archive</option>
            {targets.map((a) => <option key={a.archiveId} value={a.archiveId}>Add to “{a.name}” (a newer or overlapping export of it)</option>)}
          </select></label>}
        <details>
          <summary>Options</summary>
          <label>Date order
            <select value={dateOrder} onChange={(e) => setDateOrder(e.currentTarget.value as DateOrder | '')}>
              <option value="">Work it out from the dates</option>
              {(['DMY', 'MDY', 'YMD'] as DateOrder[]).map((o) => <option key={o} value={o}>{dateOrderName(o)}</option>)}
            </select></label>
          <label>Time zone of the export's times
            <input value={timezone} placeholder="UTC, e.g. Europe/Berlin" onInput={(e) => setTimezone(e.currentTarget.value)} /></label>
        </details>
        <button type="submit" disabled={busy}>Import</button>
      </form>
      {busy && <div class="uploadprogress">
        <progress max={100} value={state.phase === 'processing' ? undefined : percent(state)} aria-label="Import progress" />
        <p role="status">{uploadLabel(state)}</p>
      </div>}
      {state.phase === 'failed' && <p class="error" role="alert">{state.message}</p>}
      {state.phase === 'done' && <ImportOutcome key={state.result.archiveId + state.result.report.sourceSha256} result={state.result}
        onOpen={() => onOpen(state.result.chatId)}
        onReimport={file && !state.result.merged ? (o) => run(file, { dateOrder: o, timezone, reimportOf: state.result.archiveId }) : undefined} />}
      <h3>Your archives</h3>
      {library.length === 0 ? <p class="empty">None yet.</p> : <ul class="plain archivelist">
        {library.map((a) => <li key={a.archiveId}>
          <button class="link" onClick={() => onOpen(a.chatId)}>{a.name}</button>
          <small> {a.messages.toLocaleString('en')} messages{a.role !== 'owner' ? ` · shared with you (${a.role})` : ''}</small>
        </li>)}
      </ul>}
    </section>
  );
}

function ImportOutcome({ result, onOpen, onReimport }: { result: ImportResult; onOpen: () => void; onReimport?: (o: DateOrder) => void }) {
  return (
    <div class="importoutcome">
      {result.merged && <p class="mergeresult" role="status">{mergeSummary(result.report)}</p>}
      <ParseReport report={result.report} onReimport={onReimport} />
      <MePicker archiveId={result.archiveId} participants={result.participants} />
      <button onClick={onOpen}>Open the archive</button>
    </div>
  );
}

/** The parse report: messages by type, what could not be read, the date order and why. */
export function ParseReport({ report, onReimport }: { report: ImportReport; onReimport?: (o: DateOrder) => void }) {
  const rows = typeRows(report);
  return (
    <section class="parsereport" aria-label="Parse report">
      <h3>Parse report</h3>
      <ul>{reportSummary(report).map((l, i) => <li key={i}>{l}</li>)}</ul>
      {onReimport && <p class="reimport">{otherDateOrders(report.dateOrder).map((o) =>
        <button key={o} class="link" onClick={() => onReimport(o)}>Re-import with date order {dateOrderName(o)}</button>)}</p>}
      <table class="bytype">
        <caption>Messages by type</caption>
        <thead><tr><th scope="col">Type</th><th scope="col">Messages</th></tr></thead>
        <tbody>{rows.map((r) => <tr key={r.kind}><th scope="row">{r.label}</th><td>{r.count.toLocaleString('en')}</td></tr>)}</tbody>
      </table>
      {report.unparsedLines.length > 0 && <details class="unparsed">
        <summary>Lines that could not be read ({report.unparsedCount})</summary>
        <ol>{report.unparsedLines.map((u) => <li key={u.line} value={u.line}><span class="lineno">line {u.line}:</span> <code>{u.text}</code></li>)}</ol>
      </details>}
      <p class="provenance"><small>SHA-256 of the file: <code>{report.sourceSha256}</code></small></p>
    </section>
  );
}

function MePicker({ archiveId, participants, me: initial = null, onChanged }: { archiveId: string; participants: Participant[]; me?: string | null;
  onChanged?: (d: ArchiveDetails) => void }) {
  const store = useStore();
  const [me, setMe] = useState<string | null>(initial ?? participants.find((p) => p.isMe)?.authorKey ?? null);
  const [error, setError] = useState('');
  const choose = async (key: string | null) => {
    const before = me;
    setError('');
    setMe(key);   // at once: a controlled radio must not spring back while the server answers
    try {
      const d = await store.api.setArchiveMe(archiveId, key);
      setMe(d.me);
      store.setArchiveMe(d.chatId, d.me);
      onChanged?.(d);
    } catch (e) { setMe(before); setError((e as Error).message); }
  };
  return (
    <fieldset class="mepicker">
      <legend>Which one is you?</legend>
      {participants.map((p) => <label key={p.authorKey}>
        <input type="radio" name={'me-' + archiveId} checked={me === p.authorKey} onChange={() => choose(p.authorKey)} />
        {p.name} <small>({p.messages.toLocaleString('en')} messages)</small></label>)}
      <label><input type="radio" name={'me-' + archiveId} checked={me === null} onChange={() => choose(null)} /> None of them</label>
      {error && <p class="error" role="alert">{error}</p>}
    </fieldset>
  );
}

/** An archive's details beside its history: report, "me", analytics, exports, sharing (per role). */
export function ArchivePanel({ chatId }: { chatId: string }) {
  const store = useStore();
  const [details, setDetails] = useState<ArchiveDetails | null>(null);
  const [analytics, setAnalytics] = useState<Analytics | null>(null);
  const [error, setError] = useState('');
  const load = async () => {
    try {
      const { archives } = await store.api.archives();
      const summary = archives.find((a) => a.chatId === chatId);
      if (!summary) return setError('This archive is not available to you.');
      const d = await store.api.archive(summary.archiveId);
      setDetails(d);
      if (d.role !== 'viewer') setAnalytics(await store.api.analytics(d.archiveId));
    } catch (e) { setError((e as Error).message); }
  };
  useEffect(() => { load(); }, [chatId]);
  if (error) return <p class="error" role="alert">{error}</p>;
  if (!details) return <p class="placeholder">Loading the archive…</p>;
  const last = details.imports[details.imports.length - 1];
  return (
    <div class="archivepanel">
      {last && <ParseReport report={last.report} />}
      {details.role === 'owner' && <MergeExport archiveId={details.archiveId} chatId={details.chatId} onMerged={load} />}
      {details.role === 'owner' && <MePicker key={details.participants.map((p) => p.authorKey).join()} archiveId={details.archiveId}
        participants={details.participants} me={details.me} onChanged={() => load()} />}
      {analytics && <Dashboard a={analytics} />}
      {details.role !== 'viewer' && <Exports archiveId={details.archiveId} />}
      {details.role === 'owner' && <Sharing details={details} onChanged={load} />}
    </div>
  );
}

/** "Add a newer export to this archive": a longer or overlapping export merged in without duplicates (owner only). */
function MergeExport({ archiveId, chatId, onMerged }: { archiveId: string; chatId: string; onMerged: () => void }) {
  const store = useStore();
  const [file, setFile] = useState<File | null>(null);
  const [state, send] = useReducer(uploadReducer, { phase: 'idle' });
  const busy = state.phase === 'uploading' || state.phase === 'processing';
  const merge = async (e: Event) => {
    e.preventDefault();
    const problem = fileProblem(file);
    if (problem || !file) return send({ type: 'failed', message: problem ?? fileProblem(null)! });
    send({ type: 'start', fileName: file.name, total: file.size });
    try {
      const result = await store.api.importArchive(file, { mergeInto: archiveId }, (loaded, total) => send({ type: 'progress', loaded, total }));
      send({ type: 'done', result });
      // The new messages: the history is read again (a merge of older messages renumbers the whole archive).
      if (store.openChatId === chatId) await store.openChat(chatId);
      await store.loadChats();
      onMerged();
    } catch (err) { send({ type: 'failed', message: (err as Error).message }); }
  };
  return (
    <section class="mergeexport" aria-label="Add a newer export">
      <h3>Add a newer export to this archive</h3>
      <p class="hint">Export the same chat again later and add it here: messages already in the archive are skipped, only the new ones are added.</p>
      <form class="row" onSubmit={merge}>
        <input type="file" accept=".txt,.zip,text/plain,application/zip" aria-label="Newer export file"
          onChange={(e) => { setFile(e.currentTarget.files?.[0] ?? null); send({ type: 'reset' }); }} />
        <button type="submit" disabled={busy}>Add to this archive</button>
      </form>
      {busy && <div class="uploadprogress">
        <progress max={100} value={state.phase === 'processing' ? undefined : percent(state)} aria-label="Merge progress" />
        <p role="status">{uploadLabel(state)}</p>
      </div>}
      {state.phase === 'failed' && <p class="error" role="alert">{state.message}</p>}
      {state.phase === 'done' && <p class="mergeresult" role="status">{mergeSummary(state.result.report)} Its parse report is shown above.</p>}
    </section>
  );
}

function Exports({ archiveId }: { archiveId: string }) {
  const store = useStore();
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [error, setError] = useState('');
  const download = async (format: ExportFormat) => {
    setBusy(format); setError('');
    try {
      const { blob, disposition } = await store.api.exportArchive(archiveId, format);
      const url = URL.createObjectURL(blob);
      const a = Object.assign(document.createElement('a'), { href: url, download: exportFileName(disposition, archiveId, format) });
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) { setError((e as Error).message); } finally { setBusy(null); }
  };
  return (
    <section class="exports" aria-label="Export">
      <h3>Export</h3>
      <div class="row">{EXPORT_FORMATS.map(({ format, label }) =>
        <button key={format} disabled={busy !== null} onClick={() => download(format)}>{busy === format ? 'Preparing…' : 'Download ' + label}</button>)}</div>
      {error && <p class="error" role="alert">{error}</p>}
    </section>
  );
}

function Sharing({ details, onChanged }: { details: ArchiveDetails; onChanged: () => void }) {
  const store = useStore();
  const [phone, setPhone] = useState('');
  const [role, setRole] = useState<'viewer' | 'analyst'>('viewer');
  const [error, setError] = useState('');
  const share = async (e: Event) => {
    e.preventDefault(); setError('');
    try {
      const { users } = await store.api.lookup([phone.trim()]);
      if (!users.length) return setError('Nobody with this number uses this server.');
      await store.api.shareArchive(details.archiveId, users[0].userId, role);
      setPhone('');
      onChanged();
    } catch (err) { setError((err as Error).message); }
  };
  return (
    <section class="sharing" aria-label="Sharing">
      <h3>Shared with</h3>
      {details.shares.length === 0 ? <p class="empty">Only you.</p> : <ul class="plain">
        {details.shares.map((s) => <li key={s.userId}>{store.name(s.userId)} ({s.role === 'analyst' ? 'analyst: reads, analytics, export' : 'viewer: reads'})
          <button class="link" onClick={async () => { await store.api.unshareArchive(details.archiveId, s.userId).catch((e) => setError(e.message)); onChanged(); }}>Stop sharing</button></li>)}
      </ul>}
      <form class="row" onSubmit={share}>
        <label>Phone number<input type="tel" required value={phone} onInput={(e) => setPhone(e.currentTarget.value)} /></label>
        <label>Role<select value={role} onChange={(e) => setRole(e.currentTarget.value as 'viewer' | 'analyst')}>
          <option value="viewer">viewer</option><option value="analyst">analyst</option></select></label>
        <button type="submit">Share</button>
      </form>
      {error && <p class="error" role="alert">{error}</p>}
    </section>
  );
}

// ---- the analytics dashboard: plain SVG/CSS charts, each with a table alternative ---------------------------------

function Chart({ title, summary, children, table, note }: { title: string; summary?: string | null; children: preact.ComponentChildren;
  table: preact.ComponentChildren; note?: preact.ComponentChildren }) {
  return (
    <figure class="chart" aria-label={title}>
      <figcaption><strong>{title}</strong>{summary && <> — {summary}</>}</figcaption>
      <div aria-hidden="true">{children}</div>
      {note && <p class="hint chartnote">{note}</p>}
      <details><summary>As a table</summary>{table}</details>
    </figure>
  );
}

export function Dashboard({ a }: { a: Analytics }) {
  const [gran, setGran] = useState<Granularity | undefined>(undefined);
  const activity = activitySeries(a, gran);
  const people = bars(a.participants.map((p) => ({ label: p.name + (p.isMe ? ' (me)' : ''), value: p.messages })));
  const words = bars(a.topWords.slice(0, 15).map((t) => ({ label: t.term, value: t.count })));
  const emoji = bars(a.topEmoji.slice(0, 10).map((t) => ({ label: t.term, value: t.count })));
  const heat = heatmapRows(a.heatmap);
  const W = 600, H = 120;
  const bw = activity.bars.length ? W / activity.bars.length : W;
  const t = a.totals;
  return (
    <section class="dashboard" aria-label="Analytics">
      <h3>Analytics</h3>
      <dl class="totals">
        <div><dt>Messages</dt><dd>{t.authoredMessages.toLocaleString('en')}</dd></div>
        <div><dt>Words</dt><dd>{t.words.toLocaleString('en')}</dd></div>
        <div><dt>Media</dt><dd>{t.media.toLocaleString('en')}</dd></div>
        <div><dt>Emoji</dt><dd>{t.emoji.toLocaleString('en')}</dd></div>
        <div><dt>Active days</dt><dd>{t.activeDays.toLocaleString('en')}</dd></div>
        <div><dt>From – to</dt><dd>{t.firstMessageAt?.slice(0, 10) ?? '–'} – {t.lastMessageAt?.slice(0, 10) ?? '–'}</dd></div>
      </dl>
      <Chart title="Activity over time" summary={`messages per ${activity.granularity}`} table={<Table head={[activity.granularity, 'messages']} rows={activity.bars.map((b) => [b.label, b.value])} />}>
        <svg class="activity" viewBox={`0 0 ${W} ${H + 16}`} role="img">
          {activity.bars.map((b, i) => <rect key={b.label} x={i * bw + 1} width={Math.max(1, bw - 2)} y={H - b.share * H} height={b.share * H}><title>{b.label}: {b.value}</title></rect>)}
          {activity.bars.length > 0 && <>
            <text x={0} y={H + 13}>{activity.bars[0].label}</text>
            <text x={W} y={H + 13} text-anchor="end">{activity.bars[activity.bars.length - 1].label}</text></>}
        </svg>
      </Chart>
      <div class="row granularity" role="group" aria-label="Activity per">
        {(['day', 'week', 'month'] as Granularity[]).map((g) => <button key={g} class="link" aria-pressed={activity.granularity === g} onClick={() => setGran(g)}>per {g}</button>)}
      </div>
      <Chart title="When messages are sent" summary={busiest(a.heatmap)}
        table={<Table head={['day', ...Array.from({ length: 24 }, (_, h) => String(h))]} rows={heat.map((r) => [r.day, ...r.cells.map((c) => c.count)])} />}>
        <div class="heatmap">
          {heat.map((r) => <div class="heatrow" key={r.day}><span class="day">{r.day}</span>
            {r.cells.map((c) => <span class="cell" key={c.hour} title={`${c.day} ${c.hour}:00 – ${c.count}`} style={{ opacity: c.count ? 0.15 + 0.85 * c.level : 1 }} data-empty={c.count === 0 || undefined} />)}</div>)}
          <div class="heatrow hours"><span class="day" />{[0, 6, 12, 18].map((h) => <span key={h} class="hourlabel" style={{ gridColumn: `${h + 2} / span 6` }}>{h}:00</span>)}</div>
        </div>
      </Chart>
      <Chart title="Messages per participant" table={<Table head={['participant', 'messages', 'words', 'media', 'emoji']}
        rows={a.participants.map((p) => [p.name + (p.isMe ? ' (me)' : ''), p.messages, p.words, p.media, p.emoji])} />}>
        <HBars items={people} />
      </Chart>
      <div class="twocol">
        <Chart title="Top words" table={<Table head={['word', 'count']} rows={a.topWords.slice(0, 15).map((w) => [w.term, w.count])} />}><HBars items={words} /></Chart>
        <Chart title="Top emoji" table={<Table head={['emoji', 'count']} rows={a.topEmoji.slice(0, 10).map((w) => [w.term, w.count])} />}><HBars items={emoji} /></Chart>
      </div>
      <Chart title="Response times" summary="median time to answer the other side (within 24 h)"
        table={<Table head={['participant', 'replies', 'median', 'mean']} rows={a.responseTimes.map((r) => [nameOf(a, r.authorKey), r.replies, duration(r.medianSeconds), duration(r.meanSeconds)])} />}>
        <HBars items={bars(a.responseTimes.map((r) => ({ label: nameOf(a, r.authorKey), value: r.medianSeconds })))} format={duration} />
      </Chart>
      <Replies a={a} />
      {a.sentiment && <Sentiment s={a.sentiment} a={a} />}
    </section>
  );
}

/** Who replies to whom: a grid (rows: who replied, columns: to whom), the full matrix as the table. */
function Replies({ a }: { a: Analytics }) {
  const grid = replyMatrix(a);
  const full = replyMatrix(a, Infinity);
  const top = a.replies.reduce((best, r) => (!best || r.count > best.count ? r : best), null as Analytics['replies'][number] | null);
  return (
    <Chart title="Who replies to whom" note={grid.omitted > 0 ? `${grid.omitted} less active participants are only in the table.` : undefined} summary={top ? `most often ${nameOf(a, top.from)} to ${nameOf(a, top.to)} (${top.count.toLocaleString('en')} replies)` : null}
      table={<Table corner="replied ↓ to →" head={full.people.map((p) => p.name)}
        rows={full.rows.map((r) => [r.name, ...r.cells.map((c) => (c.to === r.key ? '–' : c.count))])} />}>
      {grid.rows.length === 0 ? <p class="empty">No replies yet.</p> : <div class="replygrid" style={{ gridTemplateColumns: `minmax(5em, 9em) repeat(${grid.people.length}, minmax(2.5em, 1fr))` }}>
        <span class="corner">replied ↓ to →</span>
        {grid.people.map((p) => <span key={p.key} class="colhead" dir="auto">{p.name}</span>)}
        {grid.rows.map((r) => [<span key={r.key} class="rowhead" dir="auto">{r.name}</span>,
          ...r.cells.map((c) => c.to === r.key
            ? <span key={r.key + c.to} class="rcell self">–</span>
            : <span key={r.key + c.to} class="rcell" style={{ '--level': Math.round(c.level * 35) + '%' }}>{c.count.toLocaleString('en')}</span>)])}
      </div>}
    </Chart>
  );
}

/** The sentiment trend: each month's average score above or below zero, and what the lexicon covers. */
function Sentiment({ s, a }: { s: NonNullable<Analytics['sentiment']>; a: Analytics }) {
  const months = sentimentBars(s);
  // The axis words on the left, then the months (a bar at most 40 wide, so one month is not a wall).
  const W = 600, H = 120, mid = H / 2, left = 64;
  const bw = months.length ? Math.min((W - left) / months.length, 40) : W - left;
  const first = months[0]?.month, lastMonth = months[months.length - 1]?.month;
  return (
    <Chart title="Sentiment over time" summary={sentimentSummary(s)}
      note={`${sentimentCoverage(s)} Scores come from a word list (−3 to +3 per word or emoji), so irony and context are missed.`}
      table={<>
        <Table head={['month', 'scored messages', 'positive', 'negative', 'average score']}
          rows={s.byMonth.map((m) => [m.month, m.messages, m.positive, m.negative, score(m.average)])} />
        <Table head={['participant', 'average score']} rows={a.participants.map((p) => [p.name + (p.isMe ? ' (me)' : ''), score(p.sentiment)])} />
      </>}>
      {months.length === 0 ? <p class="empty">No scored messages.</p> : <svg class="sentiment" viewBox={`0 0 ${W} ${H + 16}`} role="img">
        <line class="zero" x1={left} x2={W} y1={mid} y2={mid} />
        {months.map((m, i) => {
          const h = Math.abs(m.share) * (mid - 4);
          return <rect key={m.month} class={m.average < 0 ? 'neg' : 'pos'} x={left + i * bw + 1} width={Math.max(1, bw - 2)} y={m.average < 0 ? mid : mid - h} height={Math.max(h, 1)}>
            <title>{m.month}: {score(m.average)}</title></rect>;
        })}
        <text x={0} y={12}>positive</text>
        <text x={left - 6} y={mid + 4} text-anchor="end">0</text>
        <text x={0} y={H - 2}>negative</text>
        <text x={left} y={H + 13}>{first}</text>
        {lastMonth !== first && <text x={Math.max(left + months.length * bw, left + 140)} y={H + 13} text-anchor="end">{lastMonth}</text>}
      </svg>}
    </Chart>
  );
}

function HBars({ items, format = (n: number) => n.toLocaleString('en') }: { items: { label: string; value: number; share: number }[]; format?: (n: number) => string }) {
  if (items.length === 0) return <p class="empty">Nothing to show.</p>;
  return (
    <ul class="hbars">
      {items.map((b) => <li key={b.label}><span class="label" dir="auto">{b.label}</span>
        <span class="track"><span class="fill" style={{ width: (b.share * 100).toFixed(1) + '%' }} /></span><span class="value">{format(b.value)}</span></li>)}
    </ul>
  );
}

/** A table alternative; `corner` set: the first column holds row headers named by it (a matrix). */
function Table({ head, rows, corner }: { head: string[]; rows: (string | number)[][]; corner?: string }) {
  return (
    <div class="tablewrap"><table>
      <thead><tr>{corner !== undefined && <th scope="col">{corner}</th>}{head.map((h, i) => <th scope="col" key={i}>{h}</th>)}</tr></thead>
      <tbody>{rows.map((r, i) => <tr key={i}>{r.map((c, j) => j === 0 ? <th scope="row" key={j}>{c}</th> : <td key={j}>{c}</td>)}</tr>)}</tbody>
    </table></div>
  );
}
