// The WhatsApp bridge's client-side logic: the link form's validation, and which Graph calls to show as failed.

export interface LinkError { code: string; message: string; at: string }

export interface Link {
  linkId: string;
  phoneNumberId: string;
  graphBaseUrl: string;
  webhookUrl: string;
  sendTyping: boolean;
  createdAt: string;
  updatedAt: string;
  lastError: LinkError | null;
}

export interface Call {
  callId: string;
  kind: 'read' | 'reply';
  chatId: string;
  state: 'pending' | 'sent' | 'failed';
  attempts: number;
  errorCode: string | null;
  error: string | null;
  wamid: string | null;
  messageId: string | null;
  upToSeq: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface LinkForm { phoneNumberId: string; accessToken: string; appSecret: string; verifyToken: string; graphBaseUrl: string }

export const EMPTY_LINK_FORM: LinkForm = { phoneNumberId: '', accessToken: '', appSecret: '', verifyToken: '', graphBaseUrl: '' };

/** Field → what is wrong with it; empty when the form can be sent. */
export function validateLink(f: LinkForm): Partial<Record<keyof LinkForm, string>> {
  const errors: Partial<Record<keyof LinkForm, string>> = {};
  const id = f.phoneNumberId.trim();
  if (!id) errors.phoneNumberId = 'Enter the phone number id from WhatsApp → API setup.';
  else if (!/^\d{5,20}$/.test(id)) {
    errors.phoneNumberId = /^\+/.test(id) ? 'This is the phone number itself; Meta shows the phone number id (digits only) under API setup.'
      : 'The phone number id is digits only, e.g. 106540352242922.';
  }
  if (!f.accessToken.trim()) errors.accessToken = 'Enter the access token (a System User token with whatsapp_business_messaging).';
  else if (/\s/.test(f.accessToken.trim())) errors.accessToken = 'An access token has no spaces: check what was pasted.';
  if (!f.appSecret.trim()) errors.appSecret = 'Enter the app secret (App settings → Basic).';
  if (!f.verifyToken.trim()) errors.verifyToken = 'Choose a verify token: any text, given to Meta and to Cloak.';
  const url = f.graphBaseUrl.trim();
  if (url) {
    let parsed: URL | null = null;
    try { parsed = new URL(url); } catch { /* below */ }
    if (!parsed || !/^https?:$/.test(parsed.protocol)) errors.graphBaseUrl = 'Leave empty for Meta\'s Graph API, or enter a full URL such as https://graph.facebook.com/v26.0.';
  }
  return errors;
}

/** The body of POST /links: trimmed, without an empty Graph URL (the server's default applies). */
export function linkBody(f: LinkForm): Record<string, string> {
  const body: Record<string, string> = {
    phoneNumberId: f.phoneNumberId.trim(), accessToken: f.accessToken.trim(), appSecret: f.appSecret.trim(), verifyToken: f.verifyToken.trim(),
  };
  if (f.graphBaseUrl.trim()) body.graphBaseUrl = f.graphBaseUrl.trim();
  return body;
}

/** Failed calls (optionally of one chat), newest first, as the user should read them. */
export function failedCalls(calls: Call[], chatId?: string): { callId: string; chatId: string; text: string; at: string }[] {
  return calls.filter((c) => c.state === 'failed' && (!chatId || c.chatId === chatId))
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
    .map((c) => ({
      callId: c.callId, chatId: c.chatId, at: c.updatedAt,
      text: `${c.kind === 'read' ? 'Read receipt' : 'Reply'} not delivered to WhatsApp after ${c.attempts} ${c.attempts === 1 ? 'try' : 'tries'}`
        + (c.errorCode ? ` (error ${c.errorCode}${c.error ? ': ' + c.error : ''})` : c.error ? ` (${c.error})` : '') + '.',
    }));
}

/** The link's last error in one line, or null. */
export function lastErrorText(l: Link): string | null {
  return l.lastError ? `${l.lastError.code}: ${l.lastError.message}` : null;
}

export const isWhatsApp = (chat: { type: string } | undefined | null) => chat?.type === 'whatsapp';
export const isArchive = (chat: { type: string } | undefined | null) => chat?.type === 'archive';

/**
 * The name to show for a message's sender when it came from outside Cloak (senderId "x:…": an imported archive's
 * author or a WhatsApp contact); null for Cloak users (their names come from the user directory).
 */
export function externalSender(m: { senderId: string; senderName?: string | null }): string | null {
  if (!m.senderId.startsWith('x:')) return null;
  if (m.senderId === 'x:~system') return '';
  return m.senderName?.trim() || m.senderId.slice(2);
}
