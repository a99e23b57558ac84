package app.cloak.messaging.internal;

import app.cloak.media.MediaApi;
import app.cloak.messaging.Message;
import app.cloak.platform.crypto.DataCipher;
import app.cloak.shared.Times;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Turns stored rows into what one user sees: decrypted content, reactions, their star. */
@Component
class MessageViews {
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
        Map<String, List<String[]>> reactions = store.reactions(ids);
        Collection<String> starred = store.starredAmong(userId, ids);
        List<Message> out = new ArrayList<>(rows.size());
        for (var row : rows) {
            MessageContent content = content(row);
            List<Message.Reaction> rs = reactions.getOrDefault(row.id(), List.of()).stream()
                    .map(r -> new Message.Reaction(r[0], r[1])).toList();
            out.add(new Message(row.id(), row.chatId(), row.seq(), row.senderId(), row.type(),
                    content == null ? null : content.text(), row.replyTo(), row.forwarded(), Times.iso(row.createdAt()),
                    Times.isoOrNull(row.editedAt()), row.deletedAt() != null, rs, starred.contains(row.id()),
                    content == null ? null : content.location(), content == null ? null : content.contact(),
                    Times.isoOrNull(row.expiresAt()), media(userId, content), content != null && content.isViewOnce(),
                    content == null ? null : content.senderName()));
        }
        return out;
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
        return MessageContent.fromJson(cipher.decrypt(row.body(), context(row.id())));
    }

    byte[] seal(String messageId, MessageContent content) {
        return cipher.encrypt(content.toJson(), context(messageId));
    }

    private static String context(String messageId) {
        return "msg:" + messageId;
    }
}
