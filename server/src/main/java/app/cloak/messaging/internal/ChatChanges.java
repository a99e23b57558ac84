package app.cloak.messaging.internal;

import app.cloak.chats.ChatMembershipChanged;
import app.cloak.chats.MemberRemoved;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Puts chat changes on the feed, inside the transaction that made them. */
@Component
class ChatChanges {
    private final ChangeRecorder changes;

    ChatChanges(ChangeRecorder changes) {
        this.changes = changes;
    }

    @EventListener
    void on(ChatMembershipChanged event) {
        changes.forChat(event.chatId(), FeedReader.CHAT, event.chatId());
    }

    /** The removed member is no longer reached by the chat's changes: tell them on their own. */
    @EventListener
    void on(MemberRemoved event) {
        changes.forUser(event.userId(), event.chatId(), FeedReader.CHAT, event.chatId());
    }
}
