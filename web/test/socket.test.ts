import { afterEach, describe, expect, it, vi } from 'vitest';
import { Connection } from '../src/socket';

/** A stand-in for the browser's WebSocket that records what the client sends. */
class FakeSocket {
  static OPEN = 1;
  static last: FakeSocket;
  readyState = 0;
  sent: unknown[] = [];
  onopen?: () => void;
  onmessage?: (e: { data: string }) => void;
  onclose?: (e: { code: number }) => void | Promise<void>;
  constructor(readonly url: string) { FakeSocket.last = this; }
  send(data: string) { this.sent.push(JSON.parse(data)); }
  close() {}
  open() { this.readyState = 1; this.onopen?.(); }
  receive(event: object) { this.onmessage?.({ data: JSON.stringify(event) }); }
}

function connection(cursor: string | null, refresh: () => Promise<boolean> = async () => true) {
  vi.stubGlobal('WebSocket', FakeSocket);
  const events: unknown[] = [];
  let token = 't';
  const c = new Connection({ token: () => token, cursor: () => cursor,
    refresh: async () => { token = 't2'; return refresh(); },
    dispatch: (e) => events.push(e), url: (t) => 'ws://test/ws?access_token=' + t });
  c.start();
  return { c, events, ws: FakeSocket.last };
}

afterEach(() => vi.unstubAllGlobals());

describe('connection', () => {
  it('connects with the saved cursor, so the server replays what was missed before anything live', () => {
    const { ws } = connection('42');
    expect(ws.url).toBe('ws://test/ws?access_token=t&cursor=42');
    ws.open();
    expect(ws.sent).toEqual([]);
  });

  it('asks for everything when there is no cursor yet', () => {
    const { ws } = connection(null);
    expect(ws.url).toBe('ws://test/ws?access_token=t&cursor=0');
  });

  it('starts over with a sync from the beginning when the cursor has expired', () => {
    const { ws, events } = connection('3');
    ws.open();
    ws.receive({ type: 'error', code: 'cursor_expired', detail: 'too old' });
    expect(ws.sent).toEqual([{ type: 'sync' }]);
    expect(events).toContainEqual({ type: 'error', code: 'cursor_expired', detail: 'too old' });
  });

  it('refreshes the token and reconnects at once when the server closes for an expired token (4002)', async () => {
    const { ws } = connection('5');
    ws.open();
    ws.readyState = 3;
    await ws.onclose?.({ code: 4002 });
    const again = FakeSocket.last;
    expect(again).not.toBe(ws);
    expect(again.url).toBe('ws://test/ws?access_token=t2&cursor=5');
  });

  it('stops after a 4002 when the session cannot be refreshed', async () => {
    const { ws } = connection('5', async () => false);
    ws.open();
    await ws.onclose?.({ code: 4002 });
    expect(FakeSocket.last).toBe(ws);
  });

  it('re-sends unacknowledged messages after a reconnect, but not acknowledged ones', () => {
    vi.useFakeTimers();
    const { c, ws } = connection('1');
    ws.open();
    c.send({ type: 'message.send', chatId: 'c', clientMsgId: 'a', text: 'one' });
    c.send({ type: 'message.send', chatId: 'c', clientMsgId: 'b', text: 'two' });
    ws.receive({ type: 'message.sent', clientMsgId: 'a', messageId: 'm1', chatId: 'c', seq: 1 });
    ws.readyState = 3;
    ws.onclose?.({ code: 1006 });
    vi.advanceTimersByTime(1000);
    const again = FakeSocket.last;
    expect(again).not.toBe(ws);
    again.open();
    expect(again.url).toContain('&cursor=1');
    expect(again.sent).toEqual([{ type: 'message.send', chatId: 'c', clientMsgId: 'b', text: 'two' }]);
    vi.useRealTimers();
  });

  it('does not fight a newer socket of the same device (close 4001)', () => {
    vi.useFakeTimers();
    const { ws } = connection('1');
    ws.open();
    ws.onclose?.({ code: 4001 });
    vi.advanceTimersByTime(30_000);
    expect(FakeSocket.last).toBe(ws);
    vi.useRealTimers();
  });
});
