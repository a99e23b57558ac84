import { useEffect, useRef, useState } from 'preact/hooks';
import { formatDuration, formatSize, mediaView, recordingTime } from '../media';
import type { Shown } from '../state';
import { useStore } from '../store';

/** The media part of a message bubble: inline image/video/audio, a document card, or view-once. */
export function MessageMedia({ m, onError }: { m: Shown; onError: (text: string) => void }) {
  const store = useStore();
  const view = mediaView(m, store.state.me);
  const refreshed = useRef(false);
  const [opened, setOpened] = useState<{ url: string; mime: string } | null>(null);
  // A signed URL lapses (CLOAK_MEDIA_URL_TTL): on a load error, fetch the message once more for a fresh one.
  const stale = () => {
    if (refreshed.current) return;
    refreshed.current = true;
    store.refreshMessage(m.chatId, m.messageId).catch(() => {});
  };
  useEffect(() => () => { if (opened) URL.revokeObjectURL(opened.url); }, [opened]);

  if (view.kind === 'none') return null;
  if (view.kind === 'gone') return <div class="media gone">Media no longer available</div>;
  if (view.kind === 'viewOnce') {
    const open = async () => {
      // Fetched once as a whole (a range request would also use up the one view), then shown from memory.
      const res = await fetch(m.media!.url!);
      if (res.status === 410) {
        store.dispatch({ type: 'message.updated', message: { ...m, media: m.media ? { ...m.media, url: null } : null } });
        onError('This view-once media was already opened.');
        return;
      }
      if (!res.ok) { onError(`Could not open the media (${res.status}).`); stale(); return; }
      const blob = await res.blob();
      setOpened({ url: URL.createObjectURL(blob), mime: blob.type || m.media!.mime });
    };
    const close = () => {
      setOpened(null);
      // Ours stays openable; for a recipient it is gone now, as the server will say too.
      if (!view.mine) store.dispatch({ type: 'message.updated', message: { ...m, media: m.media ? { ...m.media, url: null } : null } });
    };
    return <div class="media viewonce">
      {view.state === 'opened' ? <span class="viewonce-tag opened" data-viewonce="opened">① Opened</span>
        : <button class="viewonce-tag" data-viewonce="closed" onClick={() => open().catch((e) => onError(String(e.message)))}>① View once</button>}
      {opened && <div class="viewer" role="dialog" aria-label="View once" aria-modal="true"
        onKeyDown={(e) => { if (e.key === 'Escape') close(); }}>
        {opened.mime.startsWith('video/') ? <video src={opened.url} controls autoPlay />
          : opened.mime.startsWith('audio/') ? <audio src={opened.url} controls autoPlay />
          : <img src={opened.url} alt={m.text || 'View-once photo'} />}
        <button ref={(b) => b?.focus()} onClick={close}>Close</button>
      </div>}
    </div>;
  }
  const size = m.media ? formatSize(m.media.size) : '';
  switch (view.type) {
    case 'image':
      // The list shows the server's small thumbnail when there is one; the link opens the full photo.
      return <a class="media image" href={view.url} target="_blank" rel="noopener"><img src={view.thumb ?? view.url} alt={m.text || 'Photo'} loading="lazy" onError={stale} /></a>;
    case 'video':
      return <video class="media video" src={view.url} poster={view.thumb ?? undefined} controls preload="metadata" aria-label={m.text || 'Video'} onError={stale} />;
    case 'audio':
      return <div class="media audio"><span class="media-kind">{m.type === 'voice' ? '🎤 Voice note' : '🎵 Audio'}
          {view.durationMs != null && <> · {formatDuration(view.durationMs)}</>}</span>
        {view.waveform && <svg class="waveform" viewBox={`0 0 ${view.waveform.length * 3} 32`} preserveAspectRatio="none" aria-hidden="true">
          {view.waveform.map((v, i) => <rect key={i} x={i * 3} y={16 - Math.max(1, v * 0.16)} width="2" height={Math.max(2, v * 0.32)} rx="1" />)}
        </svg>}
        <audio src={view.url} controls preload="metadata" aria-label={m.type === 'voice' ? 'Voice note' : 'Audio'} onError={stale} /></div>;
    default:
      return <a class="media document" href={view.url} target="_blank" rel="noopener" download>
        <span class="doc-icon" aria-hidden="true">📄</span>
        <span><strong>{m.text || 'Document'}</strong><small>{m.media?.mime} · {size}</small></span></a>;
  }
}

/** The attachment waiting in the composer: a preview, a caption goes in the message box, view-once, progress. */
export function AttachmentPreview({ file, viewOnce, setViewOnce, progress, onCancel }: {
  file: File; viewOnce: boolean; setViewOnce: (v: boolean) => void; progress: number | null; onCancel: () => void;
}) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!file.type.startsWith('image/') && !file.type.startsWith('video/')) return;
    const u = URL.createObjectURL(file);
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [file]);
  return (
    <div class="attachment" role="group" aria-label="Attachment">
      {url && file.type.startsWith('image/') && <img src={url} alt="" />}
      {url && file.type.startsWith('video/') && <video src={url} muted />}
      <span class="name">{file.name} <small>{formatSize(file.size)}</small></span>
      <label class="switch"><input type="checkbox" checked={viewOnce} disabled={progress !== null} onChange={(e) => setViewOnce(e.currentTarget.checked)} /> View once</label>
      {progress !== null ? <progress max={1} value={progress} aria-label="Upload progress">{Math.round(progress * 100)}%</progress>
        : <button type="button" class="link" onClick={onCancel}>Remove attachment</button>}
    </div>
  );
}

/** Recording state for the voice-note button. */
export function RecordingBar({ startedAt, onCancel, onSend }: { startedAt: number; onCancel: () => void; onSend: () => void }) {
  const [, tick] = useState(0);
  useEffect(() => { const t = setInterval(() => tick((n) => n + 1), 250); return () => clearInterval(t); }, []);
  return (
    <div class="recording" role="group" aria-label="Recording a voice note">
      <span class="dot" aria-hidden="true">●</span>
      <span role="timer" aria-live="off">Recording {recordingTime(Date.now() - startedAt)}</span>
      <button type="button" class="link" onClick={onCancel}>Cancel recording</button>
      <button type="button" onClick={onSend}>Send voice note</button>
    </div>
  );
}
