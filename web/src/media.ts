// Media helpers without a browser: what a message shows, sizes, the recorder's format.
import type { Message } from './types';

export const MEDIA_TYPES = ['image', 'video', 'audio', 'voice', 'document', 'sticker'];

export function formatSize(bytes: number): string {
  if (bytes < 1024) return bytes + ' B';
  if (bytes < 1024 * 1024) return (bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0) + ' KB';
  return (bytes / 1024 / 1024).toFixed(1) + ' MB';
}

/** How a media message is shown: the media's state for this viewer. */
export type MediaView =
  | { kind: 'none' }
  | { kind: 'gone' }
  | { kind: 'viewOnce'; state: 'closed' | 'opened'; mine: boolean }
  | { kind: 'inline'; type: 'image' | 'video' | 'audio' | 'document'; url: string; thumb: string | null;
      waveform: number[] | null; durationMs: number | null };

export function mediaView(m: Pick<Message, 'type' | 'media' | 'viewOnce' | 'senderId' | 'deleted'>, me: string | null): MediaView {
  if (!MEDIA_TYPES.includes(m.type) || m.deleted) return { kind: 'none' };
  if (!m.media) return m.viewOnce ? { kind: 'viewOnce', state: 'opened', mine: m.senderId === me } : { kind: 'gone' };
  if (m.viewOnce) return { kind: 'viewOnce', state: m.media.url ? 'closed' : 'opened', mine: m.senderId === me };
  if (!m.media.url) return { kind: 'gone' };
  const type = m.type === 'image' || m.type === 'sticker' ? 'image' : m.type === 'video' ? 'video'
    : m.type === 'audio' || m.type === 'voice' ? 'audio' : 'document';
  return { kind: 'inline', type, url: m.media.url, thumb: m.media.thumbnailUrl ?? null,
    waveform: m.media.waveform?.length ? m.media.waveform : null, durationMs: m.media.durationMs ?? null };
}

/** "0:07", "1:02:03": a voice note's or audio's length. */
export function formatDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600), m = Math.floor((total % 3600) / 60), s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** One line for the chat list or a quote: the caption, or what kind of media it is. */
export function mediaLabel(m: Pick<Message, 'type' | 'text' | 'viewOnce'>): string | null {
  const label: Record<string, string> = { image: '📷 Photo', video: '🎥 Video', audio: '🎵 Audio', voice: '🎤 Voice note', document: '📄 Document', sticker: 'Sticker' };
  if (!(m.type in label)) return null;
  if (m.viewOnce) return label[m.type] + ' (view once)';
  return m.text ? label[m.type].split(' ')[0] + ' ' + m.text : label[m.type];
}

/**
 * The container MediaRecorder should write voice notes in: one the server accepts as audio. Ogg/Opus where the
 * browser can (Firefox); otherwise MP4 audio (Chromium, Safari), relabelled M4A by {@link asM4a}. WebM is not
 * asked for, though the server would take it: it sniffs a WebM without a video track as audio (`audio/webm`, Opus
 * decoded for the waveform).
 */
export function recorderMime(isTypeSupported: (mime: string) => boolean): string | null {
  for (const t of ['audio/ogg;codecs=opus', 'audio/ogg', 'audio/mp4']) if (isTypeSupported(t)) return t;
  return null;
}

/**
 * An audio-only MP4 as MediaRecorder writes it starts with an `ftyp` box whose major brand (e.g. `isom`) says
 * nothing about audio; the server tells M4A (audio) from MP4 (video) by that brand. This sets it to `M4A `, which
 * is what an audio-only MP4 is. Anything that is not an ISO-BMFF file comes back unchanged.
 */
export function asM4a(bytes: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  const ascii = (at: number, s: string) => [...s].every((c, i) => bytes[at + i] === c.charCodeAt(0));
  if (bytes.length < 12 || !ascii(4, 'ftyp') || ascii(8, 'M4A ')) return bytes;
  const out = bytes.slice();
  out.set([...'M4A '].map((c) => c.charCodeAt(0)), 8);
  return out;
}

export function recordingTime(ms: number): string {
  const s = Math.floor(ms / 1000);
  return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
}
