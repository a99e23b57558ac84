import { describe, expect, it } from 'vitest';
import { uploadError } from '../src/api';
import { asM4a, formatDuration, formatSize, mediaLabel, mediaView, recorderMime, recordingTime } from '../src/media';

const base = { senderId: 'u-bob', deleted: false, viewOnce: false };
const media = (url: string | null) => ({ mediaId: 'md1', mime: 'image/png', size: 2048, url });

describe('media messages', () => {
  it('uses the server thumbnail and voice waveform when the message carries them', () => {
    const withThumb = { ...media('/full'), thumbnailUrl: '/thumb' };
    expect(mediaView({ ...base, type: 'image', media: withThumb }, 'u-me')).toMatchObject({ url: '/full', thumb: '/thumb' });
    expect(mediaView({ ...base, type: 'image', media: media('/full') }, 'u-me')).toMatchObject({ thumb: null, waveform: null });
    const voice = { ...media('/v'), mime: 'audio/wav', durationMs: 7_400, waveform: [0, 50, 100] };
    expect(mediaView({ ...base, type: 'voice', media: voice }, 'u-me')).toMatchObject({ type: 'audio', waveform: [0, 50, 100], durationMs: 7_400 });
    expect(mediaView({ ...base, type: 'voice', media: { ...voice, waveform: [] } }, 'u-me')).toMatchObject({ waveform: null });
    expect(formatDuration(7_400)).toBe('0:07');
    expect(formatDuration(62_000)).toBe('1:02');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
  });

  it('show inline by type with the signed url', () => {
    expect(mediaView({ ...base, type: 'image', media: media('/api/v1/media/md1?sig=x') }, 'u-me')).toEqual({ kind: 'inline', type: 'image', url: '/api/v1/media/md1?sig=x', thumb: null, waveform: null, durationMs: null });
    expect(mediaView({ ...base, type: 'voice', media: media('/u') }, 'u-me')).toMatchObject({ type: 'audio' });
    expect(mediaView({ ...base, type: 'video', media: media('/u') }, 'u-me')).toMatchObject({ type: 'video' });
    expect(mediaView({ ...base, type: 'document', media: media('/u') }, 'u-me')).toMatchObject({ type: 'document' });
    expect(mediaView({ ...base, type: 'text', media: undefined }, 'u-me')).toEqual({ kind: 'none' });
  });

  it('view-once: "View once" while the url is there, "Opened" once it is null (or the media gone)', () => {
    expect(mediaView({ ...base, viewOnce: true, type: 'image', media: media('/u') }, 'u-me')).toEqual({ kind: 'viewOnce', state: 'closed', mine: false });
    expect(mediaView({ ...base, viewOnce: true, type: 'image', media: media(null) }, 'u-me')).toEqual({ kind: 'viewOnce', state: 'opened', mine: false });
    expect(mediaView({ ...base, viewOnce: true, type: 'image', media: null }, 'u-me')).toMatchObject({ kind: 'viewOnce', state: 'opened' });
    expect(mediaView({ ...base, viewOnce: true, senderId: 'u-me', type: 'image', media: media('/u') }, 'u-me')).toMatchObject({ mine: true });
  });

  it('media that is gone says so; a deleted message shows none', () => {
    expect(mediaView({ ...base, type: 'image', media: null }, 'u-me')).toEqual({ kind: 'gone' });
    expect(mediaView({ ...base, deleted: true, type: 'image', media: media('/u') }, 'u-me')).toEqual({ kind: 'none' });
  });

  it('labels for the chat list', () => {
    expect(mediaLabel({ type: 'image', text: null, viewOnce: false })).toBe('📷 Photo');
    expect(mediaLabel({ type: 'image', text: 'Beach', viewOnce: false })).toBe('📷 Beach');
    expect(mediaLabel({ type: 'voice', text: null, viewOnce: false })).toBe('🎤 Voice note');
    expect(mediaLabel({ type: 'image', text: 'secret', viewOnce: true })).toBe('📷 Photo (view once)');
    expect(mediaLabel({ type: 'text', text: 'hi', viewOnce: false })).toBeNull();
  });

  it('sizes and recording times read naturally', () => {
    expect(formatSize(512)).toBe('512 B');
    expect(formatSize(2048)).toBe('2.0 KB');
    expect(formatSize(5 * 1024 * 1024)).toBe('5.0 MB');
    expect(recordingTime(65_400)).toBe('1:05');
  });

  it('voice notes are recorded in a container the server takes as audio (never WebM)', () => {
    expect(recorderMime((t) => t.startsWith('audio/ogg'))).toBe('audio/ogg;codecs=opus');
    expect(recorderMime((t) => t === 'audio/mp4' || t.startsWith('audio/webm'))).toBe('audio/mp4');
    expect(recorderMime((t) => t.startsWith('audio/webm'))).toBeNull();
  });

  it('an MP4 recording is relabelled M4A (the brand the server reads as audio); other bytes are untouched', () => {
    const mp4 = new Uint8Array([0, 0, 0, 0x18, ...'ftypisom'].map((c) => (typeof c === 'string' ? c.charCodeAt(0) : c)).concat([0, 0, 2, 0]));
    const out = asM4a(new Uint8Array(mp4));
    expect(String.fromCharCode(...out.slice(4, 12))).toBe('ftypM4A ');
    expect([...out.slice(12)]).toEqual([0, 0, 2, 0]);
    const ogg = new Uint8Array([...'OggS'].map((c) => c.charCodeAt(0)).concat(Array(12).fill(0)));
    expect(asM4a(ogg)).toBe(ogg);
  });

  it('refused uploads read as clear errors: too large, wrong kind', () => {
    const big = uploadError(413, JSON.stringify({ code: 'payload_too_large', detail: 'image/png uploads are limited to 16777216 bytes' }));
    expect(big.status).toBe(413);
    expect(big.code).toBe('payload_too_large');
    expect(big.message).toContain('too large');
    const kind = uploadError(415, JSON.stringify({ code: 'unsupported_media_type' }));
    expect(kind.message).toMatch(/cannot be sent.*PDF/);
    expect(uploadError(500, 'oops').message).toBe('The upload failed (500).');
  });
});
