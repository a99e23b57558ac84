// The conversation reader's client-side logic: import state, the parse report as the user reads it, and the
// analytics reshaped into chart data (bars, heatmap cells) with text alternatives. No DOM here: tested in vitest.

export type DateOrder = 'DMY' | 'MDY' | 'YMD';

export interface ImportReport {
  messages: number;
  byType: Record<string, number>;
  unparsedLines: { line: number; text: string }[];
  unparsedCount: number;
  outOfOrder: number;
  dateOrder: DateOrder;
  dateOrderReason: string;
  platform: string;
  timezone: string;
  sourceSha256: string;
  sourceBytes: number;
  sourceName: string;
  inserted: number;
  duplicates: number;
  mediaStored: number;
  mediaMissing: number;
  mediaRefused: number;
  resequenced: boolean;
}

export interface Participant { authorKey: string; name: string; messages: number; isMe: boolean }

export interface ImportResult { archiveId: string; chatId: string; merged: boolean; report: ImportReport; participants: Participant[] }

export interface ArchiveSummary { archiveId: string; chatId: string; name: string; role: string; ownerId: string; messages: number; timezone: string; createdAt: string; updatedAt: string }

export interface ArchiveDetails {
  archiveId: string; chatId: string; name: string; role: 'owner' | 'analyst' | 'viewer'; ownerId: string; timezone: string;
  me: string | null; participants: Participant[];
  imports: { n: number; kind: string; sourceSha256: string; sourceBytes: number; importedAt: string; report: ImportReport }[];
  shares: { userId: string; role: string; sharedAt: string }[];
  createdAt: string; updatedAt: string;
}

export interface Period { period: string; messages: number }
export interface Term { term: string; count: number }

export interface Analytics {
  archiveId: string; me: string | null; language: string | null;
  totals: { messages: number; authoredMessages: number; words: number; media: number; emoji: number; participants: number;
    firstMessageAt: string | null; lastMessageAt: string | null; activeDays: number };
  participants: { authorKey: string; name: string; isMe: boolean; messages: number; words: number; media: number; emoji: number; sentiment: number | null }[];
  activity: { byDay: Period[]; byWeek: Period[]; byMonth: Period[] };
  heatmap: { weekdays: string[]; counts: number[][] };
  topWords: Term[]; topEmoji: Term[];
  responseTimes: { authorKey: string; replies: number; medianSeconds: number; meanSeconds: number }[];
  replies: { from: string; to: string; count: number }[];
  sentiment?: { lexiconLanguages: string[]; scoredLanguage: string | null; byMonth: { month: string; messages: number; positive: number; negative: number; average: number }[] };
}

export type ExportFormat = 'json' | 'csv' | 'html' | 'pdf';
export const EXPORT_FORMATS: { format: ExportFormat; label: string }[] = [
  { format: 'json', label: 'JSON' }, { format: 'csv', label: 'CSV' }, { format: 'html', label: 'HTML' }, { format: 'pdf', label: 'PDF' },
];

// ---- choosing a file -------------------------------------------------------------------------------------------

/** Why this file cannot be imported, or null. The server recognises zips by their bytes; this only catches the obvious. */
export function fileProblem(file: { name: string; size: number } | null | undefined): string | null {
  if (!file) return 'Choose a WhatsApp export (.txt or .zip).';
  if (file.size === 0) return `${file.name} is empty.`;
  if (!/\.(txt|zip)$/i.test(file.name)) return `${file.name} is not a WhatsApp export: choose the .txt or .zip that "Export chat" made.`;
  return null;
}

// ---- upload progress -------------------------------------------------------------------------------------------

export type UploadState =
  | { phase: 'idle' }
  | { phase: 'uploading'; fileName: string; loaded: number; total: number }
  | { phase: 'processing'; fileName: string }
  | { phase: 'done'; result: ImportResult }
  | { phase: 'failed'; message: string };

export type UploadEvent =
  | { type: 'start'; fileName: string; total: number }
  | { type: 'progress'; loaded: number; total: number }
  | { type: 'done'; result: ImportResult }
  | { type: 'failed'; message: string }
  | { type: 'reset' };

/** Once every byte is sent the server still parses and stores: the bar turns into "reading the export…". */
export function uploadReducer(state: UploadState, e: UploadEvent): UploadState {
  switch (e.type) {
    case 'start': return { phase: 'uploading', fileName: e.fileName, loaded: 0, total: e.total };
    case 'progress': {
      if (state.phase !== 'uploading') return state;
      const loaded = Math.max(state.loaded, Math.min(e.loaded, e.total));
      return loaded >= e.total ? { phase: 'processing', fileName: state.fileName } : { ...state, loaded, total: e.total };
    }
    case 'done': return { phase: 'done', result: e.result };
    case 'failed': return { phase: 'failed', message: e.message };
    case 'reset': return { phase: 'idle' };
  }
}

/** Whole per cent for the progress bar's label (0 when nothing is known yet). */
export function percent(state: UploadState): number {
  if (state.phase === 'processing' || state.phase === 'done') return 100;
  if (state.phase !== 'uploading' || state.total <= 0) return 0;
  return Math.floor((state.loaded / state.total) * 100);
}

export function uploadLabel(state: UploadState): string {
  switch (state.phase) {
    case 'idle': return '';
    case 'uploading': return `Uploading ${state.fileName}: ${percent(state)} % (${bytes(state.loaded)} of ${bytes(state.total)})`;
    case 'processing': return `Reading ${state.fileName}…`;
    case 'done': return 'Imported.';
    case 'failed': return state.message;
  }
}

export function bytes(n: number): string {
  if (n < 1024) return n + ' B';
  if (n < 1024 * 1024) return (n / 1024).toFixed(1) + ' KB';
  if (n < 1024 ** 3) return (n / 1024 / 1024).toFixed(1) + ' MB';
  return (n / 1024 ** 3).toFixed(2) + ' GB';
}

// ---- the parse report ------------------------------------------------------------------------------------------

const KIND_LABELS: Record<string, string> = {
  text: 'text', image: 'photos', video: 'videos', audio: 'audio', voice: 'voice notes', document: 'documents', sticker: 'stickers',
  gif: 'GIFs', contact: 'contact cards', location: 'locations', live_location: 'live locations', poll: 'polls',
  deleted: 'deleted messages', view_once: 'view-once messages', call: 'calls', system: 'system notices',
  encryption_notice: 'encryption notices', unsupported: 'unsupported', media: 'media (omitted)',
};

export const kindLabel = (kind: string) => KIND_LABELS[kind] ?? kind.replace(/_/g, ' ');

/** The types found, most first (ties by label), as rows for the report's table. */
export function typeRows(report: ImportReport): { kind: string; label: string; count: number }[] {
  return Object.entries(report.byType ?? {}).filter(([, n]) => n > 0)
    .map(([kind, count]) => ({ kind, label: kindLabel(kind), count }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

const ORDER_NAMES: Record<DateOrder, string> = { DMY: 'day/month/year', MDY: 'month/day/year', YMD: 'year/month/day' };
export const dateOrderName = (o: DateOrder) => `${o} (${ORDER_NAMES[o] ?? o})`;

/** The other date orders the user can re-import with. */
export const otherDateOrders = (o: DateOrder): DateOrder[] => (['DMY', 'MDY', 'YMD'] as DateOrder[]).filter((x) => x !== o);

const plural = (n: number, one: string, many = one + 's') => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** The report's headline sentences, in the order the screen shows them. */
export function reportSummary(r: ImportReport): string[] {
  const lines = [
    `${plural(r.messages, 'message')} read from ${r.sourceName || 'the upload'} (${bytes(r.sourceBytes)}, ${r.platform === 'ios' ? 'iPhone' : r.platform === 'android' ? 'Android' : r.platform} layout).`,
  ];
  if (r.inserted !== r.messages || r.duplicates > 0) lines.push(`${plural(r.inserted, 'new message')}, ${plural(r.duplicates, 'duplicate')} already in the archive.`);
  lines.push(`Dates read as ${dateOrderName(r.dateOrder)}: ${r.dateOrderReason}. Times in ${r.timezone}.`);
  lines.push(r.unparsedCount === 0 ? 'Every line was understood.' : `${plural(r.unparsedCount, 'line')} could not be read (listed below${r.unparsedCount > r.unparsedLines.length ? `, the first ${r.unparsedLines.length}` : ''}).`);
  if (r.outOfOrder > 0) lines.push(`${plural(r.outOfOrder, 'message')} had a time earlier than the one before it (out of order).`);
  if (r.mediaStored + r.mediaMissing + r.mediaRefused > 0) {
    lines.push(`Media: ${r.mediaStored} stored, ${r.mediaMissing} named but not in the upload, ${r.mediaRefused} not kept.`);
  }
  if (r.resequenced) lines.push('Older messages were merged in: reopen the archive to see them in order.');
  return lines;
}

// ---- charts ----------------------------------------------------------------------------------------------------

export interface Bar { label: string; value: number; /** 0..1 of the largest */ share: number }

/** Values as bars scaled to the largest (an all-zero series has zero-height bars, not NaN). */
export function bars(items: { label: string; value: number }[]): Bar[] {
  const max = items.reduce((m, i) => Math.max(m, i.value), 0);
  return items.map((i) => ({ ...i, share: max > 0 ? i.value / max : 0 }));
}

export type Granularity = 'day' | 'week' | 'month';

/**
 * Activity over time: per month when the archive spans long, else per week, else per day (at most `maxBars` bars),
 * unless the user picked one.
 */
export function activitySeries(a: Analytics, want?: Granularity, maxBars = 60): { granularity: Granularity; bars: Bar[] } {
  const pick = (g: Granularity) => (g === 'day' ? a.activity.byDay : g === 'week' ? a.activity.byWeek : a.activity.byMonth) ?? [];
  const granularity: Granularity = want ?? (pick('day').length <= maxBars ? 'day' : pick('week').length <= maxBars ? 'week' : 'month');
  return { granularity, bars: bars(pick(granularity).map((p) => ({ label: p.period, value: p.messages }))) };
}

const WEEKDAY_SHORT: Record<string, string> = { MONDAY: 'Mon', TUESDAY: 'Tue', WEDNESDAY: 'Wed', THURSDAY: 'Thu', FRIDAY: 'Fri', SATURDAY: 'Sat', SUNDAY: 'Sun' };

export interface HeatCell { day: string; hour: number; count: number; /** 0..1 of the busiest hour */ level: number }

/** The hour × weekday grid as rows of 24 cells, with each cell's share of the busiest. */
export function heatmapRows(h: Analytics['heatmap']): { day: string; cells: HeatCell[] }[] {
  const max = h.counts.reduce((m, row) => Math.max(m, ...row), 0);
  return h.weekdays.map((w, i) => {
    const day = WEEKDAY_SHORT[w] ?? w;
    return { day, cells: Array.from({ length: 24 }, (_, hour) => {
      const count = h.counts[i]?.[hour] ?? 0;
      return { day, hour, count, level: max > 0 ? count / max : 0 };
    }) };
  });
}

/** The busiest hour of the week in words (the heatmap's one-line summary), or null when empty. */
export function busiest(h: Analytics['heatmap']): string | null {
  let best: HeatCell | null = null;
  for (const row of heatmapRows(h)) for (const c of row.cells) if (c.count > 0 && (!best || c.count > best.count)) best = c;
  return best ? `Busiest: ${best.day} ${String(best.hour).padStart(2, '0')}:00–${String(best.hour + 1).padStart(2, '0')}:00 (${plural(best.count, 'message')})` : null;
}

/** A duration in the largest sensible unit: 45 s, 12 min, 3.5 h, 2.0 d. */
export function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–';
  if (seconds < 60) return Math.round(seconds) + ' s';
  if (seconds < 3600) return Math.round(seconds / 60) + ' min';
  if (seconds < 86400) return (seconds / 3600).toFixed(1) + ' h';
  return (seconds / 86400).toFixed(1) + ' d';
}

/** A participant's name by author key (falls back to the key). */
export function nameOf(a: Analytics, key: string): string {
  return a.participants.find((p) => p.authorKey === key)?.name || key;
}

/** The file name the server suggested (Content-Disposition), else archive-<id>.<ext>. */
export function exportFileName(disposition: string | null, archiveId: string, format: ExportFormat): string {
  const m = disposition ? /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition) : null;
  return m ? decodeURIComponent(m[1]) : `archive-${archiveId}.${format}`;
}

// ---- merging a newer export ------------------------------------------------------------------------------------

/** What a merge did, as the server counted it: messages new to the archive, and those it already held. */
export function mergeSummary(r: Pick<ImportReport, 'messages' | 'inserted' | 'duplicates'>): string {
  return `Merged: ${plural(r.inserted, 'new message')} added, ${plural(r.duplicates, 'duplicate')} skipped (already in the archive), of ${plural(r.messages, 'message')} in the file.`;
}

/** The archives an export can be merged into: only the caller's own (only the owner merges). */
export const mergeTargets = (library: ArchiveSummary[]) => library.filter((a) => a.role === 'owner');

// ---- "me" in an archive's history ------------------------------------------------------------------------------

/**
 * Whether a message of an archive is the participant picked as "me" (shown right-aligned like one's own). Archive
 * senders are "x:<authorKey>"; system notices ("x:~system") are never "me".
 */
export function isArchiveMe(senderId: string, me: string | null | undefined): boolean {
  return !!me && senderId === 'x:' + me;
}

// ---- sentiment trend -------------------------------------------------------------------------------------------

const LANGUAGE_NAMES: Record<string, string> = {
  de: 'German', en: 'English', es: 'Spanish', fr: 'French', pt: 'Portuguese', it: 'Italian', nl: 'Dutch', ru: 'Russian',
  id: 'Indonesian', tr: 'Turkish', ar: 'Arabic',
};
export const languageName = (code: string) => LANGUAGE_NAMES[code] ?? code;

/** Which languages the sentiment lexicon covers and how this archive was scored, in one sentence. */
export function sentimentCoverage(s: NonNullable<Analytics['sentiment']>): string {
  const langs = s.lexiconLanguages.map(languageName);
  const list = langs.length > 1 ? langs.slice(0, -1).join(', ') + ' and ' + langs[langs.length - 1] : langs[0] ?? 'no language';
  return `The word list covers ${list} (plus common emoji in any language); `
    + (s.scoredLanguage ? `this chat was scored as ${languageName(s.scoredLanguage)}.` : 'this chat is in another language, so only its emoji were scored.');
}

export interface SentimentBar { month: string; messages: number; positive: number; negative: number; average: number;
  /** -1..1: the average relative to the largest average (either sign), for a bar above or below the zero line */ share: number }

/** Months as bars around zero, scaled to the largest |average| (an all-zero series stays flat, not NaN). */
export function sentimentBars(s: NonNullable<Analytics['sentiment']>): SentimentBar[] {
  const max = s.byMonth.reduce((m, x) => Math.max(m, Math.abs(x.average)), 0);
  return s.byMonth.map((x) => ({ ...x, share: max > 0 ? x.average / max : 0 }));
}

/** A score as the tables show it: up to two decimals, with a sign for positive ones (−0.5, 0, +1.25). */
export function score(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '–';
  const s = Math.abs(n).toLocaleString('en', { maximumFractionDigits: 2 });
  return n > 0 ? '+' + s : n < 0 ? '−' + s : '0';
}

/** The overall tone in words, from the scored messages of all months. */
export function sentimentSummary(s: NonNullable<Analytics['sentiment']>): string | null {
  const scored = s.byMonth.reduce((n, m) => n + m.messages, 0);
  if (scored === 0) return null;
  const pos = s.byMonth.reduce((n, m) => n + m.positive, 0);
  const neg = s.byMonth.reduce((n, m) => n + m.negative, 0);
  return `${plural(pos, 'positive message')}, ${plural(neg, 'negative message')} of ${plural(scored, 'scored message')}`;
}

// ---- who replies to whom ---------------------------------------------------------------------------------------

export interface ReplyMatrix {
  /** Column and row order: participants by messages, those in no reply left out. */
  people: { key: string; name: string }[];
  rows: { key: string; name: string; total: number; cells: { to: string; count: number; /** 0..1 of the largest */ level: number }[] }[];
  /** People left out to keep the grid readable (the table alternative holds every pair). */
  omitted: number;
}

/** The replies as a grid: rows = who replied, columns = to whom; at most `max` people (the most active). */
export function replyMatrix(a: Analytics, max = 12): ReplyMatrix {
  const involved = new Set(a.replies.flatMap((r) => [r.from, r.to]));
  const order = [...a.participants].sort((x, y) => y.messages - x.messages).map((p) => p.authorKey).filter((k) => involved.has(k));
  for (const k of involved) if (!order.includes(k)) order.push(k);
  const keys = order.slice(0, max);
  const count = new Map(a.replies.map((r) => [r.from + '\u0000' + r.to, r.count]));
  const top = a.replies.reduce((m, r) => Math.max(m, r.count), 0);
  return {
    people: keys.map((key) => ({ key, name: nameOf(a, key) })),
    rows: keys.map((from) => {
      const cells = keys.map((to) => { const n = count.get(from + '\u0000' + to) ?? 0; return { to, count: n, level: top > 0 ? n / top : 0 }; });
      return { key: from, name: nameOf(a, from), total: a.replies.filter((r) => r.from === from).reduce((n, r) => n + r.count, 0), cells };
    }),
    omitted: order.length - keys.length,
  };
}

