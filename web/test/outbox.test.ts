import { describe, expect, it } from 'vitest';
import { memoryBackend, Outbox, type Queued } from '../src/offline/outbox';

const q = (id: string, at: string, userId = 'u1'): Queued => ({ clientMsgId: id, chatId: 'c1', text: 't' + id, replyTo: null, at, userId });

describe('outbox', () => {
  it('keeps a send until it is acknowledged, across a reload', async () => {
    const backend = memoryBackend();
    const a = new Outbox(backend);
    a.enqueue(q('k1', '2026-11-27T10:00:01Z'));
    a.enqueue(q('k2', '2026-11-27T10:00:02Z'));
    await a.settled();
    expect(backend.map.size).toBe(2);
    // Reload: a new page restores both, oldest first.
    const b = new Outbox(backend);
    expect((await b.restore('u1')).map((x) => x.clientMsgId)).toEqual(['k1', 'k2']);
    expect(b.ack('k1')).toBe(true);
    await b.settled();
    expect([...backend.map.keys()]).toEqual(['k2']);
    expect((await new Outbox(backend).restore('u1')).map((x) => x.clientMsgId)).toEqual(['k2']);
  });

  it('dedupes by clientMsgId: a retry of the same send is one entry and one frame', async () => {
    const box = new Outbox(memoryBackend());
    expect(box.enqueue(q('k1', '2026-11-27T10:00:01Z'))).toBe(true);
    expect(box.enqueue(q('k1', '2026-11-27T10:00:05Z'))).toBe(false);
    expect(box.pending()).toHaveLength(1);
    expect(box.pending().map(Outbox.frame)).toEqual([{ type: 'message.send', chatId: 'c1', clientMsgId: 'k1', msgType: 'text', text: 'tk1' }]);
  });

  it('an ack right after the enqueue leaves nothing behind (writes are serialised)', async () => {
    let slow = true;
    const inner = memoryBackend();
    const backend = { ...inner, put: async (x: Queued) => { if (slow) await new Promise((r) => setTimeout(r, 20)); await inner.put(x); } };
    const box = new Outbox(backend);
    box.enqueue(q('k1', '2026-11-27T10:00:01Z'));
    box.ack('k1');
    await box.settled();
    slow = false;
    expect(inner.map.size).toBe(0);
    expect(box.ack('k1')).toBe(false); // a second message.sent for it is ignored
  });

  it('restores only the signed-in user\'s sends, sorted by time', async () => {
    const backend = memoryBackend();
    const box = new Outbox(backend);
    box.enqueue(q('late', '2026-11-27T10:00:09Z'));
    box.enqueue(q('other', '2026-11-27T10:00:00Z', 'u2'));
    box.enqueue(q('early', '2026-11-27T10:00:01Z'));
    await box.settled();
    expect((await new Outbox(backend).restore('u1')).map((x) => x.clientMsgId)).toEqual(['early', 'late']);
  });

  it('keeps working in memory when storage fails', async () => {
    const box = new Outbox({ all: async () => { throw new Error('blocked'); }, put: async () => { throw new Error('quota'); }, delete: async () => { throw new Error('x'); } });
    box.enqueue(q('k1', '2026-11-27T10:00:01Z'));
    await box.settled();
    expect(box.has('k1')).toBe(true);
    await expect(box.restore('u1')).rejects.toThrow('blocked');
    expect(box.ack('k1')).toBe(true);
  });
});
