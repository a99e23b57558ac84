package app.cloak.messaging.internal;

import app.cloak.chats.ChatsApi;
import app.cloak.privacy.CloakRules;
import app.cloak.privacy.PrivacyApi;
import app.cloak.shared.ApiProblem;
import app.cloak.shared.Caller;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Delivered/read watermarks per member. {@code read_seq} is what other members see;
 * {@code private_read_seq} is what the member's own devices agree on; the cloak rules
 * (privacy.CloakRules) decide which one a read moves.
 */
@Service
public class ReceiptService {
    public record ReadState(long publicReadSeq, long privateReadSeq) {}
    public record Receipts(List<String> deliveredTo, List<String> readBy) {}

    private final MessageStore store;
    private final MessageService messages;
    private final ChatsApi chats;
    private final ChangeFeedStore feed;
    private final ChangeRecorder changes;
    private final PrivacyApi privacy;

    ReceiptService(MessageStore store, MessageService messages, ChatsApi chats, ChangeFeedStore feed, ChangeRecorder changes,
                   PrivacyApi privacy) {
        this.store = store;
        this.messages = messages;
        this.chats = chats;
        this.feed = feed;
        this.changes = changes;
        this.privacy = privacy;
    }

    /**
     * Reading: while the chat is cloaked for the reader only the private watermark moves, and only the
     * reader's own devices hear of it (CloakRules.read). Nor does a cloaked read move the delivered
     * watermark: its timing would tell others when the chat was opened.
     */
    @Transactional
    public ReadState markRead(Caller caller, String chatId, Long upToSeq) {
        long upTo = checkSeq(caller, chatId, upToSeq);
        var before = store.watermark(chatId, caller.userId());
        boolean cloaked = privacy.cloakedForRead(caller.userId(), chatId);
        var next = CloakRules.read(state(before), cloaked, upTo);
        var after = store.advance(chatId, caller.userId(), cloaked ? 0 : upTo, next.publicRead(), next.privateRead());
        announce(chatId, caller.userId(), before, after);
        return new ReadState(after.readSeq(), Math.max(after.readSeq(), after.privateReadSeq()));
    }

    /** The member's read state as the cloak rules see it (public never above private). */
    CloakRules.ReadState cloakState(String chatId, String userId) {
        return state(store.watermark(chatId, userId));
    }

    /** Moves the member's watermarks forward to {@code next}; the senders passed hear of it. */
    @Transactional
    CloakRules.ReadState apply(String chatId, String userId, CloakRules.ReadState next) {
        var before = store.watermark(chatId, userId);
        var after = store.advance(chatId, userId, next.publicRead(), next.publicRead(), next.privateRead());
        announce(chatId, userId, before, after);
        return state(after);
    }

    private static CloakRules.ReadState state(MessageStore.Watermark w) {
        return new CloakRules.ReadState(w.readSeq(), Math.max(w.readSeq(), w.privateReadSeq()));
    }

    /**
     * Delivery is public only when it tells nothing: while the chat is cloaked or the user appears
     * offline, a delivered tick would show the moment their device connected, so it waits for the
     * next public read or reveal (which moves delivered along).
     */
    @Transactional
    public long markDelivered(Caller caller, String chatId, Long upToSeq) {
        long upTo = checkSeq(caller, chatId, upToSeq);
        if (privacy.cloakedForRead(caller.userId(), chatId) || privacy.policy(caller.userId()).appearOffline()) {
            return store.watermark(chatId, caller.userId()).deliveredSeq();
        }
        var before = store.watermark(chatId, caller.userId());
        var after = store.advance(chatId, caller.userId(), upTo, 0, 0);
        announce(chatId, caller.userId(), before, after);
        return after.deliveredSeq();
    }

    /**
     * A moved watermark is news for the member's own devices (all of it) and for the senders of the
     * messages it passed (the public part only; FeedReader renders it per recipient). Nobody else is
     * told: in a big group, every member's receipts would otherwise reach every member.
     */
    private void announce(String chatId, String userId, MessageStore.Watermark before, MessageStore.Watermark after) {
        if (after.equals(before)) return;
        changes.forUser(userId, chatId, FeedReader.STATUS, userId);
        long publicBefore = Math.max(before.deliveredSeq(), before.readSeq());
        long publicAfter = Math.max(after.deliveredSeq(), after.readSeq());
        boolean publicMoved = after.deliveredSeq() != before.deliveredSeq() || after.readSeq() != before.readSeq();
        if (!publicMoved) return;
        long from = after.readSeq() != before.readSeq() ? before.readSeq() : publicBefore;
        for (String sender : feed.sendersBetween(chatId, from, publicAfter, userId)) {
            if (sender.startsWith(app.cloak.messaging.MessagingApi.EXTERNAL_SENDER_PREFIX)) continue;   // outside Cloak: no devices to tell
            changes.forUser(sender, chatId, FeedReader.STATUS, userId);
        }
    }

    public ReadState readState(String userId, String chatId) {
        var s = cloakState(chatId, userId);
        return new ReadState(s.publicRead(), s.privateRead());
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
