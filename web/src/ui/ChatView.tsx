import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { moveFocus } from '../keys';
import { asM4a, mediaLabel, recorderMime } from '../media';
import { isMuted, type Shown, shownMessages, tick, typingIn } from '../state';
import { useStore } from '../store';
import type { CloakStatus } from '../types';
import { lastSeen, time } from './format';
import { isArchiveMe } from '../archives';
import { ArchivePanel } from './Archives';
import { GroupInfo } from './GroupInfo';
import { AttachmentPreview, MessageMedia, RecordingBar } from './Media';
import { RevealScheduler } from './RevealScheduler';
import { Ticks } from './Ticks';
import { useVirtualizer } from './virtual';
import { WhatsAppNote } from './WhatsAppSettings';

const REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🙏'];
const EDIT_WINDOW_MS = 15 * 60 * 1000;
/** How close (px) to an end of the loaded history scrolling has to come to load the next page. */
const LOAD_MARGIN = 300;

const preview = (m: Shown) => (m.deleted ? 'deleted message' : m.text || mediaLabel(m) || '');

export function ChatView({ chatId, onBack }: { chatId: string; onBack: () => void }) {
  const store = useStore();
  const s = store.state;
  const chat = s.chats[chatId];
  const messages = shownMessages(s, chatId);
  const hasGap = s.gapAfter[chatId] !== undefined;
  const [cloak, setCloak] = useState<CloakStatus | null>(null);
  const [replyTo, setReplyTo] = useState<Shown | null>(null);
  const [editing, setEditing] = useState<Shown | null>(null);
  const [menuFor, setMenuFor] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [draft, setDraft] = useState('');
  const [scheduling, setScheduling] = useState(false);
  const [info, setInfo] = useState(false);
  const [archiveInfo, setArchiveInfo] = useState(false);
  const [forwarding, setForwarding] = useState<Shown | null>(null);
  const [attachment, setAttachment] = useState<File | null>(null);
  const [viewOnce, setViewOnce] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [dragging, setDragging] = useState(false);
  const [recording, setRecording] = useState<{ recorder: MediaRecorder; startedAt: number; chunks: Blob[]; send: boolean } | null>(null);
  const [highlight, setHighlight] = useState<string | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const loading = useRef<'older' | 'newer' | null>(null);
  /** The oldest seq loaded when the server last had nothing older (no new request until that changes). */
  const exhaustedAt = useRef<number | null>(null);

  // Only the rows in view (plus overscan) are in the DOM. Anchored to the end: older pages put above keep
  // the rows on screen still; new messages follow when the view is at the bottom.
  const v = useVirtualizer({
    count: messages.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 64,
    getItemKey: (i) => messages[i].clientMsgId ?? messages[i].messageId,
    overscan: 8,
    paddingStart: 12,
    paddingEnd: 12,
    anchorTo: 'end',
    // Not while a window in the past is shown: a newer page put below must not pull the view down (and the
    // next page after it, and so on).
    followOnAppend: !hasGap,
    scrollEndThreshold: 40,
  });

  const refreshCloak = () => store.api.cloak(chatId).then(setCloak, () => {});
  const myMark = s.watermarks[chatId]?.[s.me ?? '']?.read ?? 0;
  // The server moves the watermarks a moment after our read frame: ask again shortly after.
  useEffect(() => {
    refreshCloak();
    const later = setTimeout(refreshCloak, 600);
    return () => clearTimeout(later);
  }, [chatId, s.privateRead[chatId], myMark]);
  useEffect(() => { store.readOpenChat(); }, [messages.length, s.connected]);
  // An archive: whose messages are "mine" is the participant picked as "me".
  const isArchive = chat?.type === 'archive';
  useEffect(() => { if (isArchive) store.loadArchiveMe(chatId).catch(() => {}); }, [chatId, isArchive]);
  const archiveMe = isArchive ? store.archiveMe[chatId] : null;
  useEffect(() => () => { recording?.recorder.stream.getTracks().forEach((t) => t.stop()); }, [recording]);

  // A jump from search: once the window around the hit is loaded, bring it to the middle and highlight it.
  const focus = store.focus?.chatId === chatId ? store.focus : null;
  const focusIndex = focus ? messages.findIndex((m) => m.messageId === focus.messageId) : -1;
  const focused = useRef(0);
  useLayoutEffect(() => {
    if (!focus || focusIndex < 0 || focused.current === focus.n) return;
    focused.current = focus.n;
    v.scrollToIndex(focusIndex, { align: 'center' });
    setHighlight(focus.messageId);
  }, [focus?.n, focusIndex]);
  useEffect(() => {
    if (!highlight) return;
    const t = setTimeout(() => setHighlight(null), 4000);
    return () => clearTimeout(t);
  }, [highlight]);

  // The first page: show its end (the newest message), unless a jump asked for a message.
  const started = useRef(false);
  useLayoutEffect(() => {
    if (started.current || messages.length === 0 || focus) return;
    started.current = true;
    v.scrollToIndex(messages.length - 1, { align: 'end' });
  }, [messages.length]);

  const onScroll = async () => {
    const el = scroller.current;
    if (!el || loading.current) return;
    const first = messages.find((m) => !m.pending)?.seq ?? null;
    if (el.scrollTop < LOAD_MARGIN && first !== null && exhaustedAt.current !== first) {
      loading.current = 'older';
      try { if ((await store.loadOlder(chatId)) === 0) exhaustedAt.current = first; } catch { /* offline: try on the next scroll */ }
      loading.current = null;
    } else if (hasGap && el.scrollHeight - el.scrollTop - el.clientHeight < LOAD_MARGIN) {
      loading.current = 'newer';
      try { await store.loadNewer(chatId); } catch { /* offline */ }
      loading.current = null;
    }
  };
  // A short window (fewer rows than fill the view) cannot scroll: load more until it can.
  useEffect(() => {
    const el = scroller.current;
    if (el && messages.length > 0 && el.scrollHeight <= el.clientHeight + LOAD_MARGIN) onScroll();
  }, [messages.length, hasGap]);

  if (!chat) return <section class="chatview empty"><p>Chat not found.</p></section>;
  const readOnly = chat.type === 'archive';
  const other = chat.type === 'direct' ? chat.members.find((m) => m.userId !== s.me)?.userId : undefined;
  const typing = typingIn(s, chatId);
  const status = typing.length > 0 ? (chat.type === 'group' ? typing.map((u) => store.name(u)).join(', ') + ' typing…' : 'typing…')
    : readOnly ? 'Imported archive' : chat.type === 'whatsapp' ? 'WhatsApp' : other ? lastSeen(s.presence[other]) : `${chat.members.length} members`;
  const byId = new Map((s.messages[chatId] ?? []).map((m) => [m.messageId, m]));

  const sendAttachment = async (file: Blob, voice = false) => {
    const caption = voice ? '' : draft.trim();
    setProgress(0);
    try {
      await store.sendMedia(chatId, file, { caption: caption || (voice || file.type.startsWith('image/') || file.type.startsWith('video/') ? undefined : (file as File).name),
        viewOnce: !voice && viewOnce, voice, replyTo: replyTo?.messageId ?? null }, setProgress);
      if (!voice) { setAttachment(null); setViewOnce(false); setDraft(''); }
      setReplyTo(null);
      v.scrollToIndex(Math.max(0, shownMessages(store.state, chatId).length - 1), { align: 'end' });
    } catch (err) {
      setNotice((err as Error).message);
    } finally {
      setProgress(null);
    }
  };

  const pick = (files: FileList | null | undefined) => {
    const f = files?.[0];
    if (f) { setAttachment(f); setNotice(''); }
  };

  const startRecording = async () => {
    const mime = typeof MediaRecorder === 'undefined' ? null : recorderMime((t) => MediaRecorder.isTypeSupported(t));
    if (!mime || !navigator.mediaDevices) return setNotice('This browser cannot record voice notes in a format the server accepts.');
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      const recorder = new MediaRecorder(stream, { mimeType: mime });
      const rec = { recorder, startedAt: Date.now(), chunks: [] as Blob[], send: false };
      recorder.ondataavailable = (e) => { if (e.data.size) rec.chunks.push(e.data); };
      recorder.onstop = async () => {
        stream.getTracks().forEach((t) => t.stop());
        setRecording(null);
        if (!rec.send) return;
        const raw = new Uint8Array(await new Blob(rec.chunks).arrayBuffer());
        const type = mime.startsWith('audio/mp4') ? 'audio/mp4' : 'audio/ogg';
        await sendAttachment(new File([mime.startsWith('audio/mp4') ? asM4a(raw) : raw], 'voice' + (type === 'audio/mp4' ? '.m4a' : '.ogg'), { type }), true);
      };
      recorder.start(250);
      setRecording(rec);
    } catch (err) {
      setNotice('The microphone is not available: ' + (err as Error).message);
    }
  };
  const stopRecording = (send: boolean) => {
    if (!recording) return;
    recording.send = send;
    recording.recorder.stop();
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (progress !== null) return;
    if (attachment && !editing) return sendAttachment(attachment);
    const text = draft.trim();
    if (!text) return;
    if (editing) {
      try {
        store.dispatch({ type: 'message.updated', message: await store.api.edit(chatId, editing.messageId, text) });
      } catch (err) { setNotice((err as Error).message); }
      setEditing(null);
    } else {
      setDraft('');
      // Written while looking at the past (after a jump): the chat goes back to its newest messages first.
      if (hasGap) await store.openChat(chatId);
      store.sendText(chatId, text, replyTo?.messageId ?? null);
      setReplyTo(null);
      v.scrollToIndex(shownMessages(store.state, chatId).length - 1, { align: 'end' });
    }
    setDraft('');
  };

  /** Closes the open message menu; with returnFocus, focus goes back to the message's "⋯" button. */
  const closeMenu = (returnFocus: boolean) => {
    const id = menuFor;
    setMenuFor(null);
    if (returnFocus && id) requestAnimationFrame(() => scroller.current?.querySelector<HTMLElement>(`li[data-mid="${CSS.escape(id)}"] button.more`)?.focus());
  };
  const menuKeys = (e: KeyboardEvent) => {
    if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); closeMenu(true); return; }
    if (e.key === 'Tab') { closeMenu(false); return; }
    moveFocus(e.currentTarget as HTMLElement, '[role="menuitem"]', e, 'both');
  };

  const act = async (f: () => Promise<unknown>) => {
    closeMenu(true);
    try { await f(); } catch (err) { setNotice((err as Error).message); }
  };

  const setting = (body: { pinned?: boolean; muted?: boolean; archived?: boolean }) =>
    act(async () => store.dispatch({ type: 'chat.updated', chat: await store.api.chatSettings(chatId, body) }));

  const toggleCloak = (enabled: boolean) => act(async () => {
    let revealHidden = false;
    if (!enabled && cloak && cloak.hiddenCount > 0) {
      revealHidden = confirm(`You read ${cloak.hiddenCount} message(s) here privately. Reveal them now (OK) or keep them hidden (Cancel)?`);
    }
    setCloak(await store.api.setCloak(chatId, enabled, revealHidden));
  });

  return (
    <section class={'chatview' + (dragging ? ' dragging' : '')} aria-label={'Chat with ' + (chat.name || 'Unnamed')}
      onDragOver={(e) => { if (e.dataTransfer?.types.includes('Files')) { e.preventDefault(); setDragging(true); } }}
      onDragLeave={(e) => { if (e.currentTarget === e.target) setDragging(false); }}
      onDrop={(e) => { e.preventDefault(); setDragging(false); pick(e.dataTransfer?.files); }}>
      <header class="chathead">
        <button class="back" onClick={onBack} aria-label="Back to chats">←</button>
        <div class="title">
          <h2>{chat.name || 'Unnamed'}</h2>
          <small class="status" aria-live="polite">{status}</small>
        </div>
        <div class="chatsettings" role="group" aria-label="Chat settings">
          <button class="link" aria-pressed={!!chat.pinned} onClick={() => setting({ pinned: !chat.pinned })}>{chat.pinned ? 'Unpin' : 'Pin'}</button>
          <button class="link" aria-pressed={isMuted(chat)} onClick={() => setting({ muted: !isMuted(chat) })}>{isMuted(chat) ? 'Unmute' : 'Mute'}</button>
          <button class="link" aria-pressed={!!chat.archived} onClick={() => setting({ archived: !chat.archived })}>{chat.archived ? 'Unarchive' : 'Archive'}</button>
        </div>
        {chat.type === 'archive' && <button class="link" aria-expanded={archiveInfo} aria-controls={'archiveinfo-' + chatId} onClick={() => setArchiveInfo(!archiveInfo)}>
          Report, analytics, export</button>}
        {chat.type === 'group' && <button class="link" aria-expanded={info} aria-controls={'groupinfo-' + chatId} onClick={() => setInfo(!info)}>Group info</button>}
        {!readOnly && <label class="switch" title="While on, reading here sends no read receipts, typing or presence">
          <input type="checkbox" checked={cloak?.enabled ?? false} disabled={!cloak} onChange={(e) => toggleCloak(e.currentTarget.checked)} />
          Read privately
        </label>}
      </header>
      {readOnly && <p class="readonly" role="note">Imported archive, read-only: these messages came from a WhatsApp export; nothing can be sent here.</p>}
      {chat.type === 'whatsapp' && <WhatsAppNote chatId={chatId} />}
      {cloak && !readOnly && <p class={'otherssee' + (cloak.enabled ? ' on' : '')} aria-label="What others see">
        {cloak.enabled ? 'Cloak is on. ' : ''}{cloak.othersSee}
        {cloak.hiddenCount > 0 && <button class="link" onClick={() => act(async () => { await store.api.reveal(chatId, {}); await refreshCloak(); })}>Reveal all</button>}
        <button class="link" aria-expanded={scheduling} aria-controls={'reveals-' + chatId} onClick={() => setScheduling(!scheduling)}>Schedule reveal…</button>
      </p>}
      {archiveInfo && readOnly && <div id={'archiveinfo-' + chatId} class="revealpanel archiveinfo"><ArchivePanel chatId={chatId} /></div>}
      {info && chat.type === 'group' && <div id={'groupinfo-' + chatId} class="revealpanel"><GroupInfo chat={chat} onLeft={onBack} /></div>}
      {scheduling && <div id={'reveals-' + chatId} class="revealpanel"><RevealScheduler chatId={chatId} onChanged={refreshCloak} /></div>}
      {notice && <p class="error" role="alert" onClick={() => setNotice('')}>{notice}</p>}
      <div class="messages" ref={scroller} onScroll={onScroll} tabIndex={0} role="region" aria-label="Conversation history">
        <ol aria-label="Conversation" style={{ height: v.getTotalSize() + 'px' }}>
          {v.getVirtualItems().map((row) => {
            const m = messages[row.index];
            const mine = m.senderId === s.me || (readOnly && isArchiveMe(m.senderId, archiveMe));
            const t = tick(s, m);
            const quoted = m.replyTo ? byId.get(m.replyTo) : undefined;
            const privately = !mine && cloak && m.seq > cloak.publicReadSeq && m.seq <= Math.max(cloak.privateReadSeq, s.privateRead[chatId] ?? 0);
            const open = menuFor === m.messageId;
            return (
              <li key={row.key} data-index={row.index} ref={v.measureElement} data-mid={m.messageId}
                class={'msg ' + (mine ? 'mine' : 'theirs') + (open ? ' menuopen' : '') + (highlight === m.messageId ? ' highlight' : '')}
                style={{ transform: `translateY(${row.start}px)` }} data-seq={m.pending ? undefined : m.seq}
                aria-setsize={-1} aria-posinset={m.pending ? undefined : m.seq}>
                <div class="bubble">
                  {(chat.type !== 'direct' || m.senderId.startsWith('x:')) && !mine && store.sender(m) && <div class="sender" dir="auto">{store.sender(m)}</div>}
                  {m.forwarded && <div class="forwarded">↪ Forwarded</div>}
                  {m.replyTo && <blockquote class="quote">{quoted ? preview(quoted) : 'an earlier message'}</blockquote>}
                  <MessageMedia m={m} onError={setNotice} />
                  {(m.deleted || m.text) && !(m.type === 'document' && !m.viewOnce && m.media?.url) &&
                    <div class="text">{m.deleted ? <i>This message was deleted</i> : m.text}</div>}
                  <div class="meta">
                    {m.starred && <span class="star" role="img" aria-label="starred">★</span>}
                    {privately && <span class="private" title="Read privately: the sender does not know">seen privately</span>}
                    {m.editedAt && !m.deleted && <span>edited</span>}
                    <time dateTime={m.createdAt}>{time(m.createdAt)}</time>
                    {t && <Ticks tick={t} />}
                    {t === 'failed' && <button class="link" onClick={() => store.retry(m.clientMsgId!)}>Retry</button>}
                  </div>
                  {(m.reactions?.length ?? 0) > 0 && <div class="reactions" aria-label="Reactions">
                    {m.reactions!.map((r) => <span title={store.name(r.userId)} key={r.userId}>{r.emoji}</span>)}
                  </div>}
                </div>
                {!m.pending && !m.deleted && !readOnly && <button class="more" aria-label="Message actions" aria-haspopup="menu" aria-expanded={open}
                  aria-controls={open ? 'menu-' + m.messageId : undefined}
                  onClick={() => (open ? closeMenu(true) : setMenuFor(m.messageId))}>⋯</button>}
                {open && (
                  <div class="menu" role="menu" id={'menu-' + m.messageId} aria-label="Message actions" onKeyDown={menuKeys}
                    ref={(el) => { if (el && !el.contains(document.activeElement)) el.querySelector<HTMLElement>('[role="menuitem"]')?.focus(); }}>
                    <button role="menuitem" tabIndex={-1} onClick={() => { setReplyTo(m); closeMenu(false); }}>Reply</button>
                    <span class="reactpick" role="group" aria-label="React">{REACTIONS.map((e) => <button role="menuitem" tabIndex={-1} aria-label={'React ' + e} key={e}
                      onClick={() => act(async () => store.dispatch({ type: 'message.updated', message: await store.api.react(chatId, m.messageId, e) }))}>{e}</button>)}</span>
                    <button role="menuitem" tabIndex={-1} onClick={() => act(async () => store.dispatch({ type: 'message.updated', message: await store.api.star(chatId, m.messageId, !m.starred) }))}>
                      {m.starred ? 'Unstar' : 'Star'}</button>
                    {!m.viewOnce && <button role="menuitem" tabIndex={-1} onClick={() => { setForwarding(m); closeMenu(false); }}>Forward…</button>}
                    {mine && m.type === 'text' && Date.now() - Date.parse(m.createdAt) < EDIT_WINDOW_MS &&
                      <button role="menuitem" tabIndex={-1} onClick={() => { setEditing(m); setDraft(m.text ?? ''); closeMenu(false); }}>Edit</button>}
                    {!mine && <button role="menuitem" tabIndex={-1} onClick={() => act(async () => { await store.api.reveal(chatId, { upToSeq: m.seq }); await refreshCloak(); })}>
                      Mark read up to here</button>}
                    {mine && <button role="menuitem" tabIndex={-1} onClick={() => act(async () => {
                      const r = await store.api.receipts(chatId, m.messageId);
                      setNotice(`Delivered to: ${r.deliveredTo.map((u) => store.name(u)).join(', ') || 'nobody yet'}. Read by: ${r.readBy.map((u) => store.name(u)).join(', ') || 'nobody yet'}.`);
                    })}>Info</button>}
                    <button role="menuitem" tabIndex={-1} onClick={() => act(async () => {
                      await store.api.remove(chatId, m.messageId, 'me');
                      store.dispatch({ type: 'local.hide', chatId, messageId: m.messageId });
                    })}>Delete for me</button>
                    {mine && <button role="menuitem" tabIndex={-1} onClick={() => act(async () => {
                      const d = await store.api.remove(chatId, m.messageId, 'everyone');
                      if (d) store.dispatch({ type: 'message.deleted', message: d });
                    })}>Delete for everyone</button>}
                  </div>
                )}
              </li>
            );
          })}
        </ol>
      </div>
      {hasGap && <button class="tolatest" onClick={() => store.openChat(chatId)}>Jump to the latest messages ↓</button>}
      {forwarding && <div class="forwardpick" role="dialog" aria-label="Forward to">
        <p>Forward “{preview(forwarding)}” to:</p>
        <ul class="plain">{Object.values(s.chats).filter((c) => c.chatId !== chatId).map((c) => <li key={c.chatId}>
          <button class="link" onClick={() => { const m = forwarding; setForwarding(null);
            act(async () => { await store.api.forward(c.chatId, m.messageId); setNotice('Forwarded to ' + (c.name || 'Unnamed') + '.'); }); }}>
            {c.name || 'Unnamed'}</button></li>)}</ul>
        <button type="button" class="link" onClick={() => setForwarding(null)}>Cancel forwarding</button>
      </div>}
      {recording && <RecordingBar startedAt={recording.startedAt} onCancel={() => stopRecording(false)} onSend={() => stopRecording(true)} />}
      {!readOnly && <form class="composer" onSubmit={submit}>
        {(replyTo || editing) && <div class="context">
          <span>{editing ? 'Editing' : 'Replying to'}: {preview((editing ?? replyTo)!)}</span>
          <button type="button" class="link" aria-label="Cancel" onClick={() => { setReplyTo(null); setEditing(null); setDraft(''); }}>✕</button>
        </div>}
        {attachment && <AttachmentPreview file={attachment} viewOnce={viewOnce} setViewOnce={setViewOnce} progress={progress}
          onCancel={() => { setAttachment(null); setViewOnce(false); }} />}
        {!attachment && progress !== null && <progress max={1} value={progress} aria-label="Upload progress" />}
        {!editing && <>
          <input ref={fileInput} type="file" hidden accept="image/*,video/*,audio/*,application/pdf,.pdf"
            onChange={(e) => { pick(e.currentTarget.files); e.currentTarget.value = ''; }} />
          <button type="button" class="icon" aria-label="Attach a file" title="Attach a photo, video or document"
            onClick={() => fileInput.current?.click()}>📎</button>
        </>}
        <textarea aria-label="Message" placeholder={attachment ? 'Add a caption' : 'Message'} rows={1} value={draft}
          onInput={(e) => { setDraft(e.currentTarget.value); if (!editing) store.typing(chatId, e.currentTarget.value.length > 0); }}
          onKeyDown={(e) => { if (e.key === 'Enter' && !e.shiftKey) submit(e); }} />
        {!editing && !attachment && !draft.trim() && !recording
          ? <button type="button" aria-label="Record a voice note" title="Record a voice note" onClick={startRecording}>🎤</button>
          : <button type="submit" aria-label={editing ? 'Save edit' : 'Send'} disabled={progress !== null}>➤</button>}
      </form>}
    </section>
  );
}
