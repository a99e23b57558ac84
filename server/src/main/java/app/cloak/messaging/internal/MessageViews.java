package app.cloak.messaging.internal;

import app.cloak.media.MediaApi;
import app.cloak.messaging.Message;
import app.cloak.platform.crypto.DataCipher;
import app.cloak.shared.Times;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Turns stored rows into what one user sees: decrypted content, reactions, their star. */
@Component
class MessageViews {
    /**
     * Contents of messages opened in the last few seconds. A group's fan-out renders the same message for every
     * member's devices, each on its own thread; opening it once instead of once per device saves a decryption and a
     * JSON parse each (and, on a fresh virtual thread, Tink's per-thread cipher setup): the first render opens it,
     * the others wait for that ({@link Cache#get(Object, java.util.function.Function)} computes once per key). An
     * entry serves only the exact ciphertext it came from, so an edited or deleted message is opened anew; it lives
     * in memory only, briefly, and never reaches the disk.
     * Sized so that time, not size, ends an entry at the rates a node reaches (16,384 entries in 10 s: 1,600
     * messages/s): once the bound is reached, Caffeine admits a new entry only if it is used more often than the
     * one it would evict, and a message opened a moment ago loses against one that was read three times, so with
     * 4,096 entries for 30 s the deliveries of a busy node (ws-send at 400 msg/s) missed and decrypted again.
     * Sealing does not put the new message here: the serial send writer seals every message, and each put had
     * Caffeine wake a common-pool thread for its upkeep (a futex signal per put, 6 % of that one thread's time,
     * which bounds the send rate; upkeep run inline instead was 3.7 %). The first delivery opens it instead, on a
     * delivery thread.
     */
    private final Cache<String, Opened> opened = Caffeine.newBuilder().maximumSize(16_384)
            .expireAfterWrite(Duration.ofSeconds(10)).build();

    private record Opened(byte[] body, MessageContent content) {}

    private final MessageStore store;
    private final DataCipher cipher;
    private final MediaApi media;

    MessageViews(MessageStore store, DataCipher cipher, MediaApi media) {
        this.store = store;
        this.cipher = cipher;
        this.media = media;
    }

    List<Message> forUser(String userId, List<MessageStore.StoredMessage> rows) {
        List<String> ids = rows.stream().map(MessageStore.StoredMessage::id).toList();
        return render(userId, rows, store.reactions(ids), store.starredAmong(userId, ids));
    }

    /** {@link #forUser} with the marks already read ({@link MessageStore#marks}). */
    List<Message> forUser(String userId, List<MessageStore.StoredMessage> rows, MessageStore.Marks marks) {
        return render(userId, rows, marks.reactions(), marks.starred());
    }

    /**
     * A message its sender has just stored, in the storing transaction, from the content it was sealed from (nothing
     * to open): nobody can have reacted to it or starred it yet, so the two look-ups of {@link #forUser} are skipped
     * (the send writer renders one per send).
     */
    Message justStored(String userId, MessageStore.StoredMessage row, MessageContent content) {
        return render(userId, row, content, List.of(), false);
    }

    /** {@link #justStored} of a message read back (the feed's in-memory tail): its content opened, once per message. */
    Message justStored(String userId, MessageStore.StoredMessage row) {
        return justStored(userId, row, content(row));
    }

    private List<Message> render(String userId, List<MessageStore.StoredMessage> rows, Map<String, List<String[]>> reactions,
                                 Collection<String> starred) {
        List<Message> out = new ArrayList<>(rows.size());
        for (var row : rows) {
            out.add(render(userId, row, content(row), reactions.getOrDefault(row.id(), List.of()), starred.contains(row.id())));
        }
        return out;
    }

    private Message render(String userId, MessageStore.StoredMessage row, MessageContent content, List<String[]> reactions,
                           boolean starred) {
        List<Message.Reaction> rs = reactions.stream().map(r -> new Message.Reaction(r[0], r[1])).toList();
        return new Message(row.id(), row.chatId(), row.seq(), row.senderId(), row.type(),
                content == null ? null : content.text(), row.replyTo(), row.forwarded(), Times.iso(row.createdAt()),
                Times.isoOrNull(row.editedAt()), row.deletedAt() != null, rs, starred,
                content == null ? null : content.location(), content == null ? null : content.contact(),
                Times.isoOrNull(row.expiresAt()), media(userId, content), content != null && content.isViewOnce(),
                content == null ? null : content.senderName());
    }

    private Message.Media media(String userId, MessageContent content) {
        if (content == null || content.mediaId() == null) return null;
        return media.forViewer(content.mediaId(), userId)
                .map(m -> new Message.Media(m.mediaId(), m.mime(), m.size(), m.url(), m.thumbnailUrl(), m.thumbnail(),
                        m.thumbnailReason(), m.width(), m.height(), m.durationMs(), m.waveform())).orElse(null);
    }

    Message forUser(String userId, MessageStore.StoredMessage row) {
        return forUser(userId, List.of(row)).getFirst();
    }

    MessageContent content(MessageStore.StoredMessage row) {
        if (row.body() == null) return null;
        Opened known = opened.get(row.id(), id -> open(row));
        if (Arrays.equals(known.body(), row.body())) return known.content();
        Opened fresh = open(row);       // edited or deleted since it was opened
        opened.put(row.id(), fresh);
        return fresh.content();
    }

    private Opened open(MessageStore.StoredMessage row) {
        return new Opened(row.body().clone(), MessageContent.fromJson(cipher.decrypt(row.body(), context(row.id()))));
    }

    /** The stored body of a message: its content encrypted; thread-safe and free of the database (a bulk append seals on several cores). */
    byte[] seal(String messageId, MessageContent content) {
        return cipher.encrypt(content.toJson(), context(messageId));
    }

    private static String context(String messageId) {
        return "msg:" + messageId;
    }
}
