// The device's one WebSocket: reconnects with backoff, connects with the saved cursor (`?cursor=`: the server
// replays what was missed, then sync.done, before anything live), and re-sends unacknowledged messages (the
// server absorbs a repeated clientMsgId). When the access token expires the server closes with 4002: the
// client refreshes the token and reconnects at once.
import type { ServerEvent } from './types';

export interface SocketDeps {
  token: () => string | null;
  cursor: () => string | null;
  /** A new access token; false when the session is over. */
  refresh: () => Promise<boolean>;
  dispatch: (event: ServerEvent | { type: 'connection'; connected: boolean }) => void;
  url?: (token: string) => string;
}

type Frame = Record<string, unknown> & { type: string };

export function backoff(attempt: number): number {
  return Math.min(10_000, 500 * 2 ** attempt) * (0.75 + Math.random() * 0.5);
}

export class Connection {
  private ws: WebSocket | null = null;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private ping: ReturnType<typeof setInterval> | null = null;
  private stopped = false;
  /** Sends not yet acknowledged by message.sent, in the order they were made. */
  readonly unacked = new Map<string, Frame>();

  constructor(private readonly deps: SocketDeps) {}

  start() {
    this.stopped = false;
    this.open();
  }

  stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.ws?.close(1000);
    this.ws = null;
  }

  get isOpen() {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  send(frame: Frame): boolean {
    if (frame.type === 'message.send') this.unacked.set(frame.clientMsgId as string, frame);
    if (!this.isOpen) return false;
    this.ws!.send(JSON.stringify(frame));
    return true;
  }

  private open() {
    const token = this.deps.token();
    if (!token || this.stopped) return;
    const base = this.deps.url?.(token)
      ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws?access_token=${encodeURIComponent(token)}`;
    const ws = new WebSocket(`${base}&cursor=${encodeURIComponent(this.deps.cursor() ?? '0')}`);
    this.ws = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      this.attempt = 0;
      this.deps.dispatch({ type: 'connection', connected: true });
      for (const frame of this.unacked.values()) ws.send(JSON.stringify(frame));
      this.ping = setInterval(() => ws.readyState === WebSocket.OPEN && ws.send('{"type":"ping"}'), 20_000);
    };
    ws.onmessage = (e) => {
      let event: ServerEvent;
      try {
        event = JSON.parse(e.data as string) as ServerEvent;
      } catch {
        return;
      }
      if (event.type === 'message.sent') this.unacked.delete(event.clientMsgId);
      if (event.type === 'error' && event.ref) this.unacked.delete(event.ref);
      // The saved cursor is older than the server's feed keeps: start over (the store reloads the chats).
      if (event.type === 'error' && event.code === 'cursor_expired') ws.send('{"type":"sync"}');
      this.deps.dispatch(event);
    };
    ws.onclose = async (e) => {
      if (this.ping) clearInterval(this.ping);
      if (this.ws !== ws) return;
      this.ws = null;
      this.deps.dispatch({ type: 'connection', connected: false });
      // 4001: a newer socket of this device took over; two tabs must not take turns forever.
      if (this.stopped || e.code === 4001) return;
      // 4002: the access token this socket was opened with expired; a fresh one reconnects at once.
      if (e.code === 4002) {
        if (await this.deps.refresh()) this.open();
        return;
      }
      // Refused before opening: most likely the access token expired.
      if (!opened && this.attempt > 0 && !(await this.deps.refresh())) return;
      this.timer = setTimeout(() => this.open(), backoff(this.attempt++));
    };
  }

  /** Reconnect now (e.g. the browser came back online). */
  nudge() {
    if (this.ws || this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.open();
  }
}
