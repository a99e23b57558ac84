package app.cloak.messaging;

import java.util.Map;

/**
 * Sees a bulk append of outside messages ({@link MessagingApi#appendExternal}: an import, a bridged batch) chunk
 * by chunk, inside the appending transaction, so that what a module derives from the messages (search keeps its
 * index this way) is committed with them: an import of 45,000 messages answers when they can be found, and the
 * work needs neither a durable event with every id nor a second read of every message.
 *
 * <p>An append first {@link #begin begins} a batch with each listener. {@link Batch#prepare} then gets each
 * chunk's texts: pure CPU work (no transaction, no database), run on any thread, several chunks at once, while
 * earlier chunks are written. {@link Batch#write} gets each prepared chunk on the appending thread, in the
 * transaction, in chunk order, right after the chunk's messages were inserted. A failure in either rolls the whole
 * append back.
 */
public interface BulkAppendListener {
    /** A batch of one append to {@code chatId}; its {@link Batch#prepare} may keep per-batch caches (thread-safe). */
    Batch<?> begin(String chatId);

    interface Batch<P> {
        /** @param texts message id → its text (messages without one are left out), in seq order */
        P prepare(Map<String, String> texts);

        void write(P prepared);
    }
}
