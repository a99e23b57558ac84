import { describe, expect, it } from 'vitest';
import { describeReveal, emptyForm, formFor, revealBody } from '../src/reveal';

const NOW = Date.parse('2026-11-27T10:00:00Z');

describe('scheduled reveal form', () => {
  it('builds an "after" body in seconds', () => {
    expect(revealBody({ ...emptyForm(NOW), mode: 'after', afterMinutes: '90' }, NOW)).toEqual({ afterSeconds: 5400 });
  });
  it('keeps upToSeq when given', () => {
    expect(revealBody({ ...emptyForm(NOW), mode: 'after', afterMinutes: '1', upToSeq: 7 }, NOW)).toEqual({ upToSeq: 7, afterSeconds: 60 });
  });
  it('builds an "at" body as an RFC 3339 UTC instant', () => {
    const at = new Date(NOW + 2 * 3600_000);
    const local = `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}T${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
    expect(revealBody({ ...emptyForm(NOW), mode: 'at', at: local }, NOW)).toEqual({ at: '2026-11-27T12:00:00Z' });
  });
  it('refuses a time in the past and bad input', () => {
    expect(revealBody({ ...emptyForm(NOW), mode: 'at', at: '2020-01-01T10:00' }, NOW)).toHaveProperty('error');
    expect(revealBody({ ...emptyForm(NOW), mode: 'at', at: '' }, NOW)).toHaveProperty('error');
    expect(revealBody({ ...emptyForm(NOW), mode: 'after', afterMinutes: '0' }, NOW)).toHaveProperty('error');
    expect(revealBody({ ...emptyForm(NOW), mode: 'after', afterMinutes: '' }, NOW)).toHaveProperty('error');
    expect(revealBody({ ...emptyForm(NOW), mode: 'daily', dailyHour: '24' }, NOW)).toHaveProperty('error');
    expect(revealBody({ ...emptyForm(NOW), mode: 'daily', dailyHour: '7.5' }, NOW)).toHaveProperty('error');
  });
  it('sends a daily hour with the Intl time zone', () => {
    expect(revealBody({ ...emptyForm(NOW), mode: 'daily', dailyHour: '18' }, NOW, 'Europe/Berlin')).toEqual({ dailyHour: 18, timeZone: 'Europe/Berlin' });
    expect(revealBody({ ...emptyForm(NOW), mode: 'daily', dailyHour: '0' }, NOW, 'UTC')).toEqual({ dailyHour: 0, timeZone: 'UTC' });
  });
  it('prefills the form from a pending reveal for editing', () => {
    const daily = formFor({ revealId: 'r1', chatId: 'c1', upToSeq: null, fireAt: '2026-11-27T17:00:00Z', dailyHour: 18, timeZone: 'Europe/Berlin' }, NOW);
    expect(daily.mode).toBe('daily');
    expect(daily.dailyHour).toBe('18');
    const once = formFor({ revealId: 'r2', chatId: 'c1', upToSeq: 4, fireAt: '2026-11-28T10:00:00Z', dailyHour: null }, NOW);
    expect(once.mode).toBe('at');
    expect(once.upToSeq).toBe(4);
    expect(revealBody(once, NOW)).toEqual({ upToSeq: 4, at: '2026-11-28T10:00:00Z' });
  });
  it('describes a pending reveal', () => {
    const fmt = (iso: string) => iso;
    expect(describeReveal({ revealId: 'r', chatId: 'c', upToSeq: null, fireAt: 'T', dailyHour: 8, timeZone: 'UTC' }, fmt))
      .toBe('Reveal everything read so far daily at 08:00 (UTC), next T');
    expect(describeReveal({ revealId: 'r', chatId: 'c', upToSeq: 3, fireAt: 'T', dailyHour: null }, fmt)).toBe('Reveal up to message 3 at T');
  });
});
