// The REST client: bearer tokens, one refresh on 401, problem+json errors as ApiError.
import type { Analytics, ArchiveDetails, ArchiveSummary, DateOrder, ExportFormat, ImportResult } from './archives';
import type { Call, Link } from './bridge';
import type { PendingReveal, RevealBody } from './reveal';
import type { Chat, CloakStatus, Message, Policy, Session, Uploaded } from './types';

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, detail: string) {
    super(detail);
  }
}

const SESSION_KEY = 'cloak.session';

export function storedSession(): Session | null {
  try {
    return JSON.parse(localStorage.getItem(SESSION_KEY) ?? 'null') as Session | null;
  } catch {
    return null;
  }
}

export class Api {
  private refreshing: Promise<boolean> | null = null;

  constructor(public session: Session | null, private readonly onSignedOut: () => void = () => {}) {}

  private save(s: Session | null) {
    this.session = s;
    if (s) localStorage.setItem(SESSION_KEY, JSON.stringify(s));
    else localStorage.removeItem(SESSION_KEY);
  }

  async call<T>(method: string, path: string, body?: unknown, retried = false): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (this.session) headers.Authorization = 'Bearer ' + this.session.accessToken;
    const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (res.status === 401 && this.session && !retried && !path.startsWith('/api/v1/auth/')) {
      if (await this.refresh()) return this.call<T>(method, path, body, true);
    }
    if (!res.ok) {
      let code = 'http_' + res.status;
      let detail = res.statusText;
      try {
        const p = await res.json();
        code = p.code ?? code;
        detail = p.detail ?? p.title ?? detail;
      } catch { /* not problem+json */ }
      throw new ApiError(res.status, code, detail);
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Rotates the refresh token; false when the server refused it (the session is over), true when rotated or unreachable. */
  refresh(): Promise<boolean> {
    if (!this.refreshing) {
      this.refreshing = (async () => {
        try {
          const s = await this.call<Session>('POST', '/api/v1/auth/refresh', { refreshToken: this.session?.refreshToken });
          this.save(s);
          return true;
        } catch (e) {
          // Unreachable (offline, server down or failing): still signed in; callers try again later.
          if (!(e instanceof ApiError) || e.status >= 500) return true;
          this.save(null);
          this.onSignedOut();
          return false;
        } finally {
          this.refreshing = null;
        }
      })();
    }
    return this.refreshing;
  }

  // Auth
  requestCode = (phone: string) => this.call<{ expiresInSeconds: number }>('POST', '/api/v1/auth/otp', { phone });
  async verify(phone: string, code: string, deviceName: string) {
    this.save(await this.call<Session>('POST', '/api/v1/auth/verify', { phone, code, deviceName }));
  }
  async logout() {
    try { await this.call('POST', '/api/v1/auth/logout'); } finally { this.save(null); }
  }

  // Profile, contacts, devices
  me = () => this.call<{ userId: string; displayName: string; about?: string }>('GET', '/api/v1/me');
  updateMe = (displayName: string) => this.call('PATCH', '/api/v1/me', { displayName });
  user = (userId: string) => this.call<{ userId: string; displayName: string }>('GET', '/api/v1/users/' + enc(userId));
  lookup = (phones: string[]) => this.call<{ users: { userId: string; phone: string; displayName: string }[] }>('POST', '/api/v1/contacts/lookup', { phones });
  devices = () => this.call<{ devices: Record<string, unknown>[] }>('GET', '/api/v1/devices');
  revokeDevice = (deviceId: string) => this.call('DELETE', '/api/v1/devices/' + enc(deviceId));

  // Chats and messages
  chats = () => this.call<{ chats: Chat[] }>('GET', '/api/v1/chats');
  createDirect = (userId: string) => this.call<Chat>('POST', '/api/v1/chats', { type: 'direct', userId });
  createGroup = (name: string, memberIds: string[]) => this.call<Chat>('POST', '/api/v1/chats', { type: 'group', name, memberIds });
  addMembers = (chatId: string, userIds: string[]) => this.call<Chat>('POST', `/api/v1/chats/${enc(chatId)}/members`, { userIds });
  /** Removing someone answers the chat; removing yourself (leaving) answers 204. */
  removeMember = (chatId: string, userId: string) => this.call<Chat | undefined>('DELETE', `/api/v1/chats/${enc(chatId)}/members/${enc(userId)}`);
  setRole = (chatId: string, userId: string, role: 'admin' | 'member' | 'owner') =>
    this.call<Chat>('PUT', `/api/v1/chats/${enc(chatId)}/members/${enc(userId)}/role`, { role });
  chatSettings = (chatId: string, body: { muted?: boolean; mutedUntil?: string; archived?: boolean; pinned?: boolean }) =>
    this.call<Chat>('PUT', `/api/v1/chats/${enc(chatId)}/settings`, body);
  history = (chatId: string, beforeSeq?: number, limit = 50) =>
    this.call<{ messages: Message[] }>('GET', `/api/v1/chats/${enc(chatId)}/messages?limit=${limit}` + (beforeSeq ? `&beforeSeq=${beforeSeq}` : ''));
  /** The page around one message (half before, half from it on), for a jump from search. */
  historyAround = (chatId: string, messageId: string, limit = 50) =>
    this.call<{ messages: Message[] }>('GET', `/api/v1/chats/${enc(chatId)}/messages?limit=${limit}&around=${enc(messageId)}`);
  /** The page after a seq, oldest first (scrolling down inside a window loaded by a jump). */
  historyAfter = (chatId: string, afterSeq: number, limit = 50) =>
    this.call<{ messages: Message[] }>('GET', `/api/v1/chats/${enc(chatId)}/messages?limit=${limit}&afterSeq=${afterSeq}`);
  /** A media message over REST (the socket's message.send carries text only); idempotent on clientMsgId. */
  sendMedia = (chatId: string, body: { clientMsgId: string; type: string; mediaId: string; text?: string; viewOnce?: boolean; replyTo?: string }) =>
    this.call<Message>('POST', `/api/v1/chats/${enc(chatId)}/messages`, body);
  /** A fresh copy of one message (media URLs are signed and expire): the page of one around it. */
  message = async (chatId: string, messageId: string) =>
    (await this.historyAround(chatId, messageId, 1)).messages.find((m) => m.messageId === messageId);
  edit = (chatId: string, messageId: string, text: string) => this.call<Message>('PATCH', `/api/v1/chats/${enc(chatId)}/messages/${enc(messageId)}`, { text });
  remove = (chatId: string, messageId: string, scope: 'me' | 'everyone') =>
    this.call<Message | undefined>('DELETE', `/api/v1/chats/${enc(chatId)}/messages/${enc(messageId)}?for=${scope}`);
  react = (chatId: string, messageId: string, emoji: string | null) => emoji
    ? this.call<Message>('PUT', `/api/v1/chats/${enc(chatId)}/messages/${enc(messageId)}/reactions`, { emoji })
    : this.call<Message>('DELETE', `/api/v1/chats/${enc(chatId)}/messages/${enc(messageId)}/reactions`);
  star = (chatId: string, messageId: string, on: boolean) =>
    this.call<Message>(on ? 'PUT' : 'DELETE', `/api/v1/chats/${enc(chatId)}/messages/${enc(messageId)}/star`);
  starred = () => this.call<{ messages: Message[] }>('GET', '/api/v1/starred');
  /** Forwards a message (its content, marked forwarded) into another chat; idempotent on clientMsgId. */
  forward = (toChatId: string, messageId: string, clientMsgId = crypto.randomUUID()) =>
    this.call<Message>('POST', `/api/v1/chats/${enc(toChatId)}/messages`, { clientMsgId, forwardOf: messageId });
  receipts = (chatId: string, messageId: string) =>
    this.call<{ deliveredTo: string[]; readBy: string[] }>('GET', `/api/v1/chats/${enc(chatId)}/messages/${enc(messageId)}/receipts`);
  search = (q: string) => this.call<{ hits: { message: Message; snippet: string }[] }>('GET', '/api/v1/search?q=' + encodeURIComponent(q));

  // Web Push
  vapidKey = () => this.call<{ publicKey: string }>('GET', '/api/v1/push/vapid-public-key');
  addPushSubscription = (sub: { endpoint: string; keys: { p256dh: string; auth: string } }) => this.call('POST', '/api/v1/push/subscriptions', sub);
  removePushSubscription = (endpoint: string) => this.call('DELETE', '/api/v1/push/subscriptions', { endpoint });
  pushPreferences = () => this.call<{ previews: boolean }>('GET', '/api/v1/push/preferences');
  setPushPreviews = (previews: boolean) => this.call<{ previews: boolean }>('PATCH', '/api/v1/push/preferences', { previews });

  /**
   * Uploads a file as multipart part `file` with progress (XMLHttpRequest: fetch reports no upload progress).
   * Refusals come back as ApiError with the server's code (413 payload_too_large, 415 unsupported_media_type).
   */
  upload(file: Blob, onProgress: (fraction: number) => void = () => {}, retried = false): Promise<Uploaded> {
    return new Promise<{ status: number; text: string }>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', '/api/v1/media');
      if (this.session) xhr.setRequestHeader('Authorization', 'Bearer ' + this.session.accessToken);
      xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
      xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText });
      xhr.onerror = () => reject(new ApiError(0, 'network', 'The upload could not reach the server'));
      const form = new FormData();
      form.append('file', file, (file as File).name ?? 'file');
      xhr.send(form);
    }).then(async ({ status, text }) => {
      if (status === 401 && this.session && !retried && (await this.refresh())) return this.upload(file, onProgress, true);
      if (status >= 200 && status < 300) return JSON.parse(text) as Uploaded;
      throw uploadError(status, text);
    });
  }

  // Private reading
  policy = () => this.call<Policy>('GET', '/api/v1/privacy');
  patchPolicy = (p: Partial<Policy>) => this.call<Policy>('PATCH', '/api/v1/privacy', p);
  cloak = (chatId: string) => this.call<CloakStatus>('GET', `/api/v1/chats/${enc(chatId)}/cloak`);
  setCloak = (chatId: string, enabled: boolean, revealHidden = false) =>
    this.call<CloakStatus>('PUT', `/api/v1/chats/${enc(chatId)}/cloak`, { enabled, revealHidden });
  reveal = (chatId: string, body: RevealBody) =>
    this.call<{ revealId: string | null; status: string }>('POST', `/api/v1/chats/${enc(chatId)}/reveal`, body);
  reveals = () => this.call<{ reveals: PendingReveal[] }>('GET', '/api/v1/reveals');
  changeReveal = (revealId: string, body: RevealBody) => this.call<PendingReveal>('PATCH', '/api/v1/reveals/' + enc(revealId), body);
  cancelReveal = (revealId: string) => this.call('DELETE', '/api/v1/reveals/' + enc(revealId));
  audit = () => this.call<{ entries: { at: string; action: string; chatId: string | null; detail: unknown }[] }>('GET', '/api/v1/audit?limit=100');

  // Conversation reader (docs/conversation-reader.md)
  /**
   * Imports a WhatsApp export with upload progress: a new archive, a merge into `mergeInto` (an archive the caller
   * owns: messages it already holds are skipped) or a re-import replacing `reimportOf`'s content. `loaded`/`total`
   * are bytes of the multipart body; problem+json refusals come back as ApiError with the server's detail.
   */
  importArchive(file: Blob, opts: { dateOrder?: DateOrder | ''; timezone?: string; reimportOf?: string; mergeInto?: string },
    onProgress: (loaded: number, total: number) => void = () => {}, retried = false): Promise<ImportResult> {
    return new Promise<{ status: number; text: string }>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', opts.reimportOf ? `/api/v1/archives/${enc(opts.reimportOf)}/reimport` : '/api/v1/archives');
      if (this.session) xhr.setRequestHeader('Authorization', 'Bearer ' + this.session.accessToken);
      xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded, e.total); };
      xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText });
      xhr.onerror = () => reject(new ApiError(0, 'network', 'The upload could not reach the server'));
      const form = new FormData();
      form.append('file', file, (file as File).name ?? 'export.txt');
      if (opts.dateOrder) form.append('dateOrder', opts.dateOrder);
      if (opts.timezone?.trim()) form.append('timezone', opts.timezone.trim());
      if (opts.mergeInto && !opts.reimportOf) form.append('archiveId', opts.mergeInto);
      xhr.send(form);
    }).then(async ({ status, text }) => {
      if (status === 401 && this.session && !retried && (await this.refresh())) return this.importArchive(file, opts, onProgress, true);
      if (status >= 200 && status < 300) return JSON.parse(text) as ImportResult;
      let code = 'http_' + status;
      let detail = '';
      try { const p = JSON.parse(text); code = p.code ?? code; detail = p.detail ?? p.title ?? ''; } catch { /* not problem+json */ }
      throw new ApiError(status, code, detail || `The import failed (${status}).`);
    });
  }
  archives = () => this.call<{ archives: ArchiveSummary[] }>('GET', '/api/v1/archives');
  archive = (archiveId: string) => this.call<ArchiveDetails>('GET', '/api/v1/archives/' + enc(archiveId));
  setArchiveMe = (archiveId: string, authorKey: string | null) => this.call<ArchiveDetails>('PUT', `/api/v1/archives/${enc(archiveId)}/me`, { authorKey });
  shareArchive = (archiveId: string, userId: string, role: 'viewer' | 'analyst') =>
    this.call<{ userId: string; role: string; sharedAt: string }>('POST', `/api/v1/archives/${enc(archiveId)}/shares`, { userId, role });
  unshareArchive = (archiveId: string, userId: string) => this.call('DELETE', `/api/v1/archives/${enc(archiveId)}/shares/${enc(userId)}`);
  analytics = (archiveId: string) => this.call<Analytics>('GET', `/api/v1/archives/${enc(archiveId)}/analytics`);
  /** An export as a Blob with the server's file name (the bearer token cannot ride on a plain link). */
  async exportArchive(archiveId: string, format: ExportFormat, retried = false): Promise<{ blob: Blob; disposition: string | null }> {
    const res = await fetch(`/api/v1/archives/${enc(archiveId)}/export?format=${format}`, { headers: { Authorization: 'Bearer ' + this.session?.accessToken } });
    if (res.status === 401 && !retried && (await this.refresh())) return this.exportArchive(archiveId, format, true);
    if (!res.ok) {
      let detail = `The export failed (${res.status}).`;
      let code = 'http_' + res.status;
      try { const p = await res.json(); detail = p.detail ?? detail; code = p.code ?? code; } catch { /* not problem+json */ }
      throw new ApiError(res.status, code, detail);
    }
    return { blob: await res.blob(), disposition: res.headers.get('Content-Disposition') };
  }

  // WhatsApp bridge (docs/whatsapp-bridge.md)
  links = () => this.call<{ links: Link[] }>('GET', '/api/v1/bridge/whatsapp/links');
  createLink = (body: Record<string, string>) => this.call<{ linkId: string; webhookUrl: string }>('POST', '/api/v1/bridge/whatsapp/links', body);
  patchLink = (linkId: string, body: { accessToken?: string; appSecret?: string; verifyToken?: string; graphBaseUrl?: string; sendTyping?: boolean }) =>
    this.call<Link>('PATCH', '/api/v1/bridge/whatsapp/links/' + enc(linkId), body);
  deleteLink = (linkId: string) => this.call('DELETE', '/api/v1/bridge/whatsapp/links/' + enc(linkId));
  linkCalls = (linkId: string) => this.call<{ calls: Call[] }>('GET', `/api/v1/bridge/whatsapp/links/${enc(linkId)}/calls`);
}

const enc = encodeURIComponent;

/** A refused upload as the user should read it. */
export function uploadError(status: number, body: string): ApiError {
  let code = 'http_' + status;
  let detail = '';
  try { const p = JSON.parse(body); code = p.code ?? code; detail = p.detail ?? ''; } catch { /* not problem+json */ }
  if (status === 413) return new ApiError(status, code, 'That file is too large to send' + (detail ? ` (${detail})` : '') + '.');
  if (status === 415) return new ApiError(status, code, 'That kind of file cannot be sent. Allowed: JPEG, PNG, GIF, WebP, MP4, WebM, Ogg/Opus, MP3, M4A, PDF.');
  return new ApiError(status, code, detail || `The upload failed (${status}).`);
}
