// The REST client: bearer tokens, one refresh on 401, problem+json errors as ApiError.
import type { PendingReveal, RevealBody } from './reveal';
import type { Chat, CloakStatus, Message, Policy, Session } from './types';

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
}

const enc = encodeURIComponent;
