// Sends made while offline (or not yet acknowledged) survive a reload: each is kept, keyed by its
// clientMsgId, until the server's message.sent (or an error naming it) arrives. The server is
// idempotent on clientMsgId, so handing the same frame to a new connection never doubles it.

export interface Queued {
  clientMsgId: string;
  chatId: string;
  text: string;
  replyTo: string | null;
  /** When the user pressed send (ISO), for the optimistic bubble and the order of resends. */
  at: string;
  /** The signed-in user who queued it: another account on this browser never sends it. */
  userId: string;
}

/** Where the queue is kept: IndexedDB in the browser, a Map in tests. */
export interface OutboxBackend {
  all(): Promise<Queued[]>;
  put(item: Queued): Promise<void>;
  delete(clientMsgId: string): Promise<void>;
}

export class Outbox {
  private items = new Map<string, Queued>();
  /** Storage operations run one after another, so an ack never races ahead of its enqueue. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly backend: OutboxBackend) {}

  private serial<T>(f: () => Promise<T>): Promise<T> {
    const next = this.chain.then(f, f);
    this.chain = next.catch(() => {});
    return next;
  }

  /** Loads what an earlier page left queued for this user, oldest first. */
  async restore(userId: string): Promise<Queued[]> {
    const all = await this.serial(() => this.backend.all());
    for (const q of all) if (q.userId === userId) this.items.set(q.clientMsgId, q);
    return this.pending();
  }

  /** Keeps a send until it is acknowledged; the same clientMsgId twice is one entry. Returns whether it is new. */
  enqueue(item: Queued): boolean {
    if (this.items.has(item.clientMsgId)) return false;
    this.items.set(item.clientMsgId, item);
    this.serial(() => this.backend.put(item)).catch(() => {});
    return true;
  }

  /** The server has it (message.sent), or refused it for good: forget it. */
  ack(clientMsgId: string): boolean {
    if (!this.items.delete(clientMsgId)) return false;
    this.serial(() => this.backend.delete(clientMsgId)).catch(() => {});
    return true;
  }

  has(clientMsgId: string): boolean {
    return this.items.has(clientMsgId);
  }

  /** Unacknowledged sends, oldest first (the order to send them in). */
  pending(): Queued[] {
    return [...this.items.values()].sort((a, b) => a.at.localeCompare(b.at));
  }

  /** Resolves once every storage write so far has landed. */
  settled(): Promise<void> {
    return this.chain.then(() => undefined);
  }

  /** The message.send frame for a queued send. */
  static frame(q: Queued): Record<string, unknown> & { type: string } {
    return { type: 'message.send', chatId: q.chatId, clientMsgId: q.clientMsgId, msgType: 'text', text: q.text, ...(q.replyTo ? { replyTo: q.replyTo } : {}) };
  }
}

export function memoryBackend(map = new Map<string, Queued>()): OutboxBackend & { map: Map<string, Queued> } {
  return {
    map,
    all: async () => [...map.values()],
    put: async (q) => { map.set(q.clientMsgId, q); },
    delete: async (id) => { map.delete(id); },
  };
}
