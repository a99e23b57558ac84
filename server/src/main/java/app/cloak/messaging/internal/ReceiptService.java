package app.cloak.messaging.internal;

import app.cloak.chats.ChatsApi;
import app.cloak.shared.ApiProblem;
import app.cloak.shared.Caller;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Delivered/read watermarks per member. {@code read_seq} is what other members see;
 * {@code private_read_seq} is what the member's own devices agree on. Until private reading (cloak)
 * lands both move together; the cloak rules will decide which one a read moves.
 */
@Service
public class ReceiptService {
    public record ReadState(long publicReadSeq, long privateReadSeq) {}
    public record Receipts(List<String> deliveredTo, List<String> readBy) {}

    private final MessageStore store;
    private final MessageService messages;
    private final ChatsApi chats;

    ReceiptService(MessageStore store, MessageService messages, ChatsApi chats) {
        this.store = store;
        this.messages = messages;
        this.chats = chats;
    }

    @Transactional
    public ReadState markRead(Caller caller, String chatId, Long upToSeq) {
        long upTo = checkSeq(caller, chatId, upToSeq);
        var wm = store.advance(chatId, caller.userId(), upTo, upTo, upTo);
        return new ReadState(wm.readSeq(), wm.privateReadSeq());
    }

    @Transactional
    public long markDelivered(Caller caller, String chatId, Long upToSeq) {
        long upTo = checkSeq(caller, chatId, upToSeq);
        return store.advance(chatId, caller.userId(), upTo, 0, 0).deliveredSeq();
    }

    public ReadState readState(String userId, String chatId) {
        var wm = store.watermark(chatId, userId);
        return new ReadState(wm.readSeq(), Math.max(wm.readSeq(), wm.privateReadSeq()));
    }

    public long unreadCount(String userId, String chatId) {
        return store.countUnread(chatId, userId, readState(userId, chatId).privateReadSeq());
    }

    /** Who has the message, and who has read it (by their public watermark). Sender only. */
    public Receipts receipts(Caller caller, String chatId, String messageId) {
        var message = messages.inChat(caller.userId(), chatId, messageId);
        if (!message.senderId().equals(caller.userId())) {
            throw ApiProblem.forbidden("not_sender", "Only the sender can see who received and read a message");
        }
        Set<String> members = chats.chatFor(caller.userId(), chatId).orElseThrow().members().stream()
                .map(m -> m.userId()).collect(Collectors.toSet());
        var marks = store.watermarks(chatId).stream()
                .filter(w -> !w.userId().equals(caller.userId()) && members.contains(w.userId())).toList();
        return new Receipts(
                marks.stream().filter(w -> Math.max(w.deliveredSeq(), w.readSeq()) >= message.seq()).map(w -> w.userId()).sorted().toList(),
                marks.stream().filter(w -> w.readSeq() >= message.seq()).map(w -> w.userId()).sorted().toList());
    }

    private long checkSeq(Caller caller, String chatId, Long upToSeq) {
        messages.requireMember(caller.userId(), chatId);
        long last = store.lastSeq(chatId);
        if (upToSeq == null) return last;
        if (upToSeq < 1 || upToSeq > last) {
            throw ApiProblem.badRequest("invalid_seq", "upToSeq must be between 1 and the chat's last seq (" + last + ")");
        }
        return upToSeq;
    }
}
