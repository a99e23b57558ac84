package app.cloak.messaging;

/**
 * Sees each message a send stores, inside the sending transaction, so that what a module derives from its text is
 * committed with it (search keeps its index this way: a message can be found the moment its send is acknowledged,
 * and no later pass reads the text back). Bulk appends have {@link BulkAppendListener} instead.
 *
 * <p>{@link #prepare} does the pure CPU work on the text (no transaction, no database, any thread): messaging calls it
 * on the sender's own thread before the send waits for the serial send writer, so the writer only writes.
 * {@link #stored} then runs on the writer, in the sends' transaction: for a batch of sends (a group commit), once for
 * all the batch's stored messages, after the last of them and outside the savepoint each send runs in (SQLite's FTS5
 * writes out its pending terms at every savepoint: one segment per message otherwise); for a send on its own, right
 * after its message row. If it throws, the batch's sends are retried one by one, each told on its own, and a send
 * whose {@code stored} still throws is refused with nothing of it stored. Only messages with a text (a text message,
 * a caption) are passed on.
 */
public interface SendListener<P> {
    /** @param text the text the message will carry */
    P prepare(String text);

    /** In the sends' transaction: these messages were stored, each with its prepared text, in the order sent. */
    void stored(java.util.List<Stored<P>> messages);

    record Stored<P>(String messageId, String chatId, P prepared) {}
}
