// Wire shapes from API.md (the server may add fields; the client reads only these).

export interface Reaction { userId: string; emoji: string }

export interface Message {
  messageId: string;
  chatId: string;
  seq: number;
  senderId: string;
  type: string;
  text: string | null;
  replyTo: string | null;
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
  reactions?: Reaction[];
  starred?: boolean;
  forwarded?: boolean;
  /** Media types (image, video, audio, voice, document, sticker): url is signed and expires; null once gone. */
  media?: MediaRef | null;
  viewOnce?: boolean;
  /** Messages from outside Cloak (imported archives, WhatsApp): senderId starts with "x:" and this is the name to show. */
  senderName?: string | null;
}

export interface MediaRef {
  mediaId: string; mime: string; size: number; url: string | null;
  /** Server-derived (when it could): a small upright JPEG without metadata, pixel size, audio length and 64 peaks 0–100. */
  thumbnailUrl?: string | null; width?: number | null; height?: number | null; durationMs?: number | null; waveform?: number[] | null;
}

/** POST /api/v1/media's answer. */
export interface Uploaded { mediaId: string; type: string; mime: string; size: number; url: string; thumbnailUrl: string | null }

export interface Member { userId: string; role: string }

export interface Chat {
  chatId: string;
  type: string;
  name: string | null;
  members: Member[];
  lastMessage: Message | null;
  unreadCount: number;
  lastSeq: number;
  mutedUntil?: string | null;
  archived?: boolean;
  pinned?: boolean;
  createdAt?: string;
  removed?: boolean;
}

export interface CloakStatus {
  chatId: string;
  enabled: boolean;
  source: string;
  publicReadSeq: number;
  privateReadSeq: number;
  hiddenCount: number;
  othersSee: string;
}

export interface Policy { cloakByDefault: boolean; appearOffline: boolean; sendTyping: boolean; lastSeen?: string }

export interface Session { accessToken: string; refreshToken: string; userId: string; deviceId: string }

/** Server → client WebSocket events. */
export type ServerEvent =
  | { type: 'message.sent'; clientMsgId: string; messageId: string; chatId: string; seq: number }
  /** `cursor` (feed events, on the last of each batch): everything before it was sent; reconnect from there. */
  | { type: 'message.new' | 'message.updated'; message: Message; cursor?: string }
  /** `forMe`: deleted for this user only (on another of their devices): drop it, as that device did. */
  | { type: 'message.deleted'; message: Message; forMe?: boolean; cursor?: string }
  | { type: 'message.status'; chatId: string; userId: string; deliveredSeq: number; readSeq: number; privateReadSeq?: number; cursor?: string }
  | { type: 'typing'; chatId: string; userId: string; state: 'start' | 'stop' }
  | { type: 'presence'; userId: string; online: boolean; lastSeen: string | null }
  | { type: 'chat.updated'; chat: Chat; cursor?: string }
  | { type: 'sync.done'; cursor: string }
  | { type: 'error'; code: string; detail: string; ref?: string }
  | { type: 'pong' };
