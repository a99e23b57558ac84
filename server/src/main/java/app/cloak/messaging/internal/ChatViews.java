package app.cloak.messaging.internal;

import app.cloak.chats.ChatInfo;
import app.cloak.chats.ChatsApi;
import app.cloak.identity.IdentityApi;
import app.cloak.identity.UserProfile;
import app.cloak.messaging.Message;
import app.cloak.shared.Times;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The API's {@code Chat}: roster from chats, last message, unread count and seq from messaging. */
@Component
public class ChatViews {
    public record ChatView(String chatId, String type, String name, String description, boolean adminsOnly,
                           List<ChatInfo.Member> members, Message lastMessage, long unreadCount, long lastSeq,
                           String mutedUntil, boolean archived, boolean pinned, String createdAt, long disappearingSeconds) {}

    private final MessageStore store;
    private final MessageViews views;
    private final ReceiptService receipts;
    private final IdentityApi identity;

    ChatViews(MessageStore store, MessageViews views, ReceiptService receipts, IdentityApi identity) {
        this.store = store;
        this.views = views;
        this.receipts = receipts;
        this.identity = identity;
    }

    public ChatView view(String userId, ChatInfo chat) {
        return view(userId, chat, store.lastSeq(chat.chatId()));
    }

    /** Pinned first, then the most recent activity first. */
    public List<ChatView> list(String userId, List<ChatInfo> chats) {
        Map<String, Long> seqs = store.lastSeqs(chats.stream().map(ChatInfo::chatId).toList());
        return chats.stream().map(c -> view(userId, c, seqs.getOrDefault(c.chatId(), 0L)))
                .sorted(Comparator.comparing(ChatView::pinned).reversed()
                        .thenComparing(ChatViews::activity, Comparator.reverseOrder()))
                .toList();
    }

    private ChatView view(String userId, ChatInfo chat, long lastSeq) {
        // The newest message this user has not deleted for themselves.
        var newest = store.page(chat.chatId(), userId, null, null, 1, true);
        Message last = newest.isEmpty() ? null : views.forUser(userId, newest.getFirst());
        String name = chat.name();
        if (ChatsApi.DIRECT.equals(chat.type())) {
            String other = chat.members().stream().map(ChatInfo.Member::userId).filter(u -> !u.equals(userId))
                    .findFirst().orElse(userId);
            name = identity.profile(other).map(UserProfile::displayName).orElse("");
        }
        var s = chat.settings();
        return new ChatView(chat.chatId(), chat.type(), name, chat.description(), chat.adminsOnly(), chat.members(), last,
                receipts.unreadCount(userId, chat.chatId()), lastSeq, Times.isoOrNull(s.mutedUntil()), s.archived(),
                s.pinned(), Times.iso(chat.createdAt()), chat.disappearingSeconds());
    }

    private static String activity(ChatView v) {
        return v.lastMessage() != null ? v.lastMessage().createdAt() : v.createdAt();
    }
}
