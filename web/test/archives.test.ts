import { describe, expect, it } from 'vitest';
import {
  activitySeries, type Analytics, type ArchiveSummary, bars, busiest, duration, exportFileName, fileProblem, heatmapRows, type ImportReport,
  isArchiveMe, mergeSummary, mergeTargets, otherDateOrders, percent, replyMatrix, reportSummary, score, sentimentBars, sentimentCoverage,
  sentimentSummary, typeRows, uploadLabel, uploadReducer, type UploadState,
} from '../src/archives';

const report = (over: Partial<ImportReport> = {}): ImportReport => ({
  messages: 6, byType: { text: 3, image: 1, media: 1, encryption_notice: 1, poll: 0 },
  unparsedLines: [{ line: 17, text: 'garbled' }], unparsedCount: 1, outOfOrder: 0,
  dateOrder: 'DMY', dateOrderReason: 'a day above 12 (25/03/2024)', platform: 'android', timezone: 'UTC',
  sourceSha256: 'ab'.repeat(32), sourceBytes: 2048, sourceName: 'WhatsApp Chat with Bob.txt',
  inserted: 6, duplicates: 0, mediaStored: 0, mediaMissing: 0, mediaRefused: 0, resequenced: false, ...over,
});

describe('parse report', () => {
  it('lists types most first with readable labels, leaving out zero counts', () => {
    expect(typeRows(report())).toEqual([
      { kind: 'text', label: 'text', count: 3 },
      { kind: 'encryption_notice', label: 'encryption notices', count: 1 },
      { kind: 'media', label: 'media (omitted)', count: 1 },
      { kind: 'image', label: 'photos', count: 1 },
    ]);
  });

  it('says what was read, the date order and why, and what could not be read', () => {
    expect(reportSummary(report())).toEqual([
      '6 messages read from WhatsApp Chat with Bob.txt (2.0 KB, Android layout).',
      'Dates read as DMY (day/month/year): a day above 12 (25/03/2024). Times in UTC.',
      '1 line could not be read (listed below).',
    ]);
  });

  it('mentions duplicates of a merge, out-of-order times, media and a resequenced archive only when they happened', () => {
    const lines = reportSummary(report({ messages: 10, inserted: 4, duplicates: 6, unparsedCount: 0, unparsedLines: [], outOfOrder: 2,
      mediaStored: 1, mediaMissing: 2, mediaRefused: 0, resequenced: true, platform: 'ios' }));
    expect(lines[0]).toContain('iPhone layout');
    expect(lines).toContain('4 new messages, 6 duplicates already in the archive.');
    expect(lines).toContain('Every line was understood.');
    expect(lines).toContain('2 messages had a time earlier than the one before it (out of order).');
    expect(lines).toContain('Media: 1 stored, 2 named but not in the upload, 0 not kept.');
    expect(lines.at(-1)).toMatch(/reopen the archive/);
  });

  it('says when only the first unparsed lines are listed', () => {
    expect(reportSummary(report({ unparsedCount: 250, unparsedLines: Array.from({ length: 100 }, (_, i) => ({ line: i + 1, text: 'x' })) })))
      .toContain('250 lines could not be read (listed below, the first 100).');
  });

  it('offers the other two date orders for a re-import', () => {
    expect(otherDateOrders('DMY')).toEqual(['MDY', 'YMD']);
    expect(otherDateOrders('MDY')).toEqual(['DMY', 'YMD']);
  });
});

describe('choosing a file', () => {
  it('accepts .txt and .zip, refuses empty files and other kinds with a reason', () => {
    expect(fileProblem({ name: 'WhatsApp Chat with Bob.txt', size: 10 })).toBeNull();
    expect(fileProblem({ name: 'export.ZIP', size: 10 })).toBeNull();
    expect(fileProblem({ name: 'a.txt', size: 0 })).toBe('a.txt is empty.');
    expect(fileProblem({ name: 'photo.jpg', size: 10 })).toMatch(/not a WhatsApp export/);
    expect(fileProblem(null)).toMatch(/Choose/);
  });
});

describe('upload progress', () => {
  it('moves from uploading to processing once every byte is sent, never backwards', () => {
    let s: UploadState = uploadReducer({ phase: 'idle' }, { type: 'start', fileName: 'chat.txt', total: 2000 });
    expect(percent(s)).toBe(0);
    s = uploadReducer(s, { type: 'progress', loaded: 1000, total: 2000 });
    expect(percent(s)).toBe(50);
    expect(uploadLabel(s)).toBe('Uploading chat.txt: 50 % (1000 B of 2.0 KB)');
    s = uploadReducer(s, { type: 'progress', loaded: 400, total: 2000 });
    expect(percent(s)).toBe(50);
    s = uploadReducer(s, { type: 'progress', loaded: 2000, total: 2000 });
    expect(s).toEqual({ phase: 'processing', fileName: 'chat.txt' });
    expect(uploadLabel(s)).toBe('Reading chat.txt…');
    // A late progress event after that changes nothing.
    expect(uploadReducer(s, { type: 'progress', loaded: 10, total: 2000 })).toBe(s);
  });

  it('ends in done or failed with the server\'s message; reset goes back to idle', () => {
    const up = uploadReducer({ phase: 'idle' }, { type: 'start', fileName: 'x.zip', total: 5 });
    const failed = uploadReducer(up, { type: 'failed', message: 'The zip holds more entries than allowed.' });
    expect(uploadLabel(failed)).toBe('The zip holds more entries than allowed.');
    expect(uploadReducer(failed, { type: 'reset' })).toEqual({ phase: 'idle' });
  });
});

const analytics = (over: Partial<Analytics> = {}): Analytics => ({
  archiveId: 'ar_1', me: null, language: 'en',
  totals: { messages: 7, authoredMessages: 6, words: 14, media: 1, emoji: 4, participants: 2, firstMessageAt: '2024-03-01T08:00', lastMessageAt: '2024-03-04T20:30', activeDays: 3 },
  participants: [{ authorKey: 'ann', name: 'Ann', isMe: false, messages: 4, words: 10, media: 1, emoji: 3, sentiment: 1 },
    { authorKey: 'bob', name: 'Bob', isMe: true, messages: 2, words: 4, media: 0, emoji: 1, sentiment: 0 }],
  activity: { byDay: [{ period: '2024-03-01', messages: 4 }, { period: '2024-03-04', messages: 2 }], byWeek: [{ period: '2024-W09', messages: 4 }, { period: '2024-W10', messages: 2 }],
    byMonth: [{ period: '2024-03', messages: 6 }] },
  heatmap: { weekdays: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'],
    counts: Array.from({ length: 7 }, (_, d) => Array.from({ length: 24 }, (_, h) => (d === 4 && h === 8 ? 4 : d === 0 && h === 20 ? 2 : 0))) },
  topWords: [{ term: 'rain', count: 3 }], topEmoji: [{ term: '😀', count: 3 }],
  responseTimes: [{ authorKey: 'bob', replies: 2, medianSeconds: 90, meanSeconds: 120 }], replies: [{ from: 'bob', to: 'ann', count: 2 }],
  ...over,
});

describe('chart data', () => {
  it('scales bars to the largest; an all-zero series has zero bars, not NaN', () => {
    expect(bars([{ label: 'a', value: 2 }, { label: 'b', value: 8 }]).map((b) => b.share)).toEqual([0.25, 1]);
    expect(bars([{ label: 'a', value: 0 }]).map((b) => b.share)).toEqual([0]);
    expect(bars([])).toEqual([]);
  });

  it('shows activity per day while that fits, else per week, else per month; or what the user picked', () => {
    expect(activitySeries(analytics()).granularity).toBe('day');
    const many = analytics({ activity: { byDay: Array.from({ length: 400 }, (_, i) => ({ period: 'd' + i, messages: i })),
      byWeek: Array.from({ length: 58 }, (_, i) => ({ period: 'w' + i, messages: 1 })), byMonth: [{ period: 'm', messages: 1 }] } });
    expect(activitySeries(many).granularity).toBe('week');
    expect(activitySeries(many, 'day', 60).bars).toHaveLength(400);
    expect(activitySeries(many, undefined, 20).granularity).toBe('month');
    expect(activitySeries(analytics(), 'month').bars).toEqual([{ label: '2024-03', value: 6, share: 1 }]);
  });

  it('turns the heatmap into 7 rows of 24 cells with levels relative to the busiest hour', () => {
    const rows = heatmapRows(analytics().heatmap);
    expect(rows.map((r) => r.day)).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    expect(rows.every((r) => r.cells.length === 24)).toBe(true);
    expect(rows[4].cells[8]).toEqual({ day: 'Fri', hour: 8, count: 4, level: 1 });
    expect(rows[0].cells[20].level).toBe(0.5);
    expect(busiest(analytics().heatmap)).toBe('Busiest: Fri 08:00–09:00 (4 messages)');
    expect(busiest({ weekdays: ['MONDAY'], counts: [Array(24).fill(0)] })).toBeNull();
  });

  it('writes durations in a readable unit', () => {
    expect([duration(42), duration(90), duration(3 * 3600 + 1800), duration(2 * 86400)]).toEqual(['42 s', '2 min', '3.5 h', '2.0 d']);
  });

  it('names the download as the server suggests', () => {
    expect(exportFileName('attachment; filename="archive-ar_1.csv"', 'ar_1', 'csv')).toBe('archive-ar_1.csv');
    expect(exportFileName(null, 'ar_1', 'pdf')).toBe('archive-ar_1.pdf');
  });
});

describe('merging a newer export', () => {
  it('says how many messages were added and how many duplicates skipped, as the server counted them', () => {
    expect(mergeSummary({ messages: 1805, inserted: 3, duplicates: 1802 }))
      .toBe('Merged: 3 new messages added, 1,802 duplicates skipped (already in the archive), of 1,805 messages in the file.');
    expect(mergeSummary({ messages: 1, inserted: 1, duplicates: 0 })).toBe('Merged: 1 new message added, 0 duplicates skipped (already in the archive), of 1 message in the file.');
  });

  it('offers only the caller\'s own archives as merge targets', () => {
    const a = (archiveId: string, role: string): ArchiveSummary => ({ archiveId, chatId: 'c_' + archiveId, name: archiveId, role, ownerId: 'u', messages: 1,
      timezone: 'UTC', createdAt: '', updatedAt: '' });
    expect(mergeTargets([a('ar_1', 'owner'), a('ar_2', 'analyst'), a('ar_3', 'viewer'), a('ar_4', 'owner')]).map((x) => x.archiveId)).toEqual(['ar_1', 'ar_4']);
  });
});

describe('"me" in an archive', () => {
  it('matches the sender x:<authorKey> of the participant picked, never a system notice or nobody', () => {
    expect(isArchiveMe('x:bob stone', 'bob stone')).toBe(true);
    expect(isArchiveMe('x:ann lee', 'bob stone')).toBe(false);
    expect(isArchiveMe('x:~system', 'bob stone')).toBe(false);
    expect(isArchiveMe('x:bob stone', null)).toBe(false);
    expect(isArchiveMe('u_123', undefined)).toBe(false);
  });
});

describe('sentiment and replies charts', () => {
  const sentiment = { lexiconLanguages: ['de', 'en', 'es', 'fr', 'pt'], scoredLanguage: 'en' as string | null,
    byMonth: [{ month: '2024-03', messages: 5, positive: 3, negative: 1, average: 1.6 }, { month: '2024-04', messages: 4, positive: 0, negative: 2, average: -0.8 },
      { month: '2024-05', messages: 0, positive: 0, negative: 0, average: 0 }] };

  it('names the languages the lexicon covers and how this chat was scored', () => {
    expect(sentimentCoverage(sentiment)).toBe('The word list covers German, English, Spanish, French and Portuguese (plus common emoji in any language); this chat was scored as English.');
    expect(sentimentCoverage({ ...sentiment, scoredLanguage: null })).toMatch(/only its emoji were scored\.$/);
  });

  it('draws months above and below zero, scaled to the largest |average|; an all-zero trend stays flat', () => {
    expect(sentimentBars(sentiment).map((b) => b.share)).toEqual([1, -0.5, 0]);
    expect(sentimentBars({ ...sentiment, byMonth: [{ month: 'm', messages: 0, positive: 0, negative: 0, average: 0 }] })[0].share).toBe(0);
    expect(sentimentSummary(sentiment)).toBe('3 positive messages, 3 negative messages of 9 scored messages');
    expect(sentimentSummary({ ...sentiment, byMonth: [] })).toBeNull();
  });

  it('writes scores with a sign and at most two decimals', () => {
    expect([score(1.6), score(-0.8), score(0), score(1 / 3), score(null)]).toEqual(['+1.6', '−0.8', '0', '+0.33', '–']);
  });

  it('makes the replies a grid: rows who replied, columns to whom, most active first, counts and levels', () => {
    const m = replyMatrix(analytics({ replies: [{ from: 'bob', to: 'ann', count: 2 }, { from: 'ann', to: 'bob', count: 1 }] }));
    expect(m.people.map((p) => p.name)).toEqual(['Ann', 'Bob']);
    expect(m.rows.map((r) => [r.name, r.total, r.cells.map((c) => c.count)])).toEqual([['Ann', 1, [0, 1]], ['Bob', 2, [2, 0]]]);
    expect(m.rows[1].cells[0].level).toBe(1);
    expect(m.rows[0].cells[1].level).toBe(0.5);
    expect(m.omitted).toBe(0);
  });

  it('keeps the grid to the most active people and counts those left out; nobody in no reply', () => {
    const people = Array.from({ length: 5 }, (_, i) => ({ authorKey: 'p' + i, name: 'P' + i, isMe: false, messages: 10 - i, words: 0, media: 0, emoji: 0, sentiment: null }));
    const replies = [{ from: 'p0', to: 'p1', count: 1 }, { from: 'p1', to: 'p2', count: 1 }, { from: 'p3', to: 'p0', count: 4 }];
    const m = replyMatrix(analytics({ participants: people, replies }), 3);
    expect(m.people.map((p) => p.key)).toEqual(['p0', 'p1', 'p2']);
    expect(m.omitted).toBe(1);
    expect(replyMatrix(analytics({ participants: people, replies })).people.map((p) => p.key)).toEqual(['p0', 'p1', 'p2', 'p3']);
    expect(replyMatrix(analytics({ replies: [] })).rows).toEqual([]);
  });
});
