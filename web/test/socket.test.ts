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
  onclose?: (e: { code: number }) => void;
  constructor(readonly url: string) { FakeSocket.last = this; }
  send(data: string) { this.sent.push(JSON.parse(data)); }
  close() {}
  open() { this.readyState = 1; this.onopen?.(); }
  receive(event: object) { this.onmessage?.({ data: JSON.stringify(event) }); }
}

function connection(cursor: string | null) {
  vi.stubGlobal('WebSocket', FakeSocket);
  const events: unknown[] = [];
  const c = new Connection({ token: () => 't', cursor: () => cursor, refresh: async () => true,
    dispatch: (e) => events.push(e), url: (t) => 'ws://test/ws?access_token=' + t });
  c.start();
  return { c, events, ws: FakeSocket.last };
}

afterEach(() => vi.unstubAllGlobals());

describe('connection', () => {
  it('syncs from the saved cursor as soon as it opens', () => {
    const { ws } = connection('42');
    ws.open();
    expect(ws.sent[0]).toEqual({ type: 'sync', cursor: '42' });
  });

  it('asks for everything when there is no cursor yet', () => {
    const { ws } = connection(null);
    ws.open();
    expect(ws.sent[0]).toEqual({ type: 'sync' });
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
    expect(again.sent).toEqual([{ type: 'sync', cursor: '1' }, { type: 'message.send', chatId: 'c', clientMsgId: 'b', text: 'two' }]);
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
