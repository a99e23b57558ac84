package app.cloak.messaging.internal;

import app.cloak.chats.ChatsApi;
import app.cloak.media.MediaApi;
import app.cloak.messaging.Message;
import app.cloak.messaging.MessageAccepted;
import app.cloak.messaging.MessageEdited;
import app.cloak.messaging.MessageRemoved;
import app.cloak.messaging.MessagingApi;
import app.cloak.messaging.SendListener;
import app.cloak.platform.persistence.TransactionBound;
import app.cloak.platform.ratelimit.RateLimiter;
import app.cloak.shared.ApiProblem;
import app.cloak.shared.Caller;
import app.cloak.shared.Fields;
import app.cloak.shared.Ids;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Sending and changing messages. Every rule about who may do what to a message lives here. */
@Service
public class MessageService implements MessagingApi {
    public record Send(String chatId, String clientMsgId, String type, String text, String replyTo, String forwardOf,
                       Message.Location location, Message.Contact contact, String mediaId, boolean viewOnce) {
        public Send(String chatId, String clientMsgId, String type, String text, String replyTo, String forwardOf,
                    Message.Location location, Message.Contact contact) {
            this(chatId, clientMsgId, type, text, replyTo, forwardOf, location, contact, null, false);
        }
    }

    public record Sent(Message message, boolean created) {}

    static final Set<String> MEDIA_TYPES = Set.of("image", "video", "audio", "voice", "document", "sticker");

    private final MessageStore store;
    private final MessageViews views;
    private final ChatsApi chats;
    private final MessagingSettings settings;
    private final RateLimiter limiter;
    private final ApplicationEventPublisher events;
    private final ChangeRecorder changes;
    private final Clock clock;
    private final MediaApi media;
    private final ExternalMessageService external;
    private final ObjectProvider<SendListener<?>> listenerBeans;
    private volatile List<SendListener<?>> listeners;

    MessageService(MessageStore store, MessageViews views, ChatsApi chats, MessagingSettings settings, RateLimiter limiter,
                   ApplicationEventPublisher events, ChangeRecorder changes, Clock clock, MediaApi media,
                   ExternalMessageService external, ObjectProvider<SendListener<?>> listeners) {
        this.listenerBeans = listeners;
        this.media = media;
        this.external = external;
        this.store = store;
        this.views = views;
        this.chats = chats;
        this.settings = settings;
        this.limiter = limiter;
        this.events = events;
        this.changes = changes;
        this.clock = clock;
    }

    /**
     * The answer to a send that failed, if it was a retry: the message an earlier send with its clientMsgId stored, as
     * its sender sees it ({@code created} false); empty if there is none (the failure stands). A send does not look its
     * clientMsgId up before it writes ({@link #send}): a retry fails on the messages' unique (sender_id, client_msg_id),
     * or on a rule it breaks only now (its sender has left the chat since), and is answered here, as it was the first
     * time. Throws a conflict if the clientMsgId was used in another chat.
     */
    public Optional<Sent> retried(Caller caller, Send command) {
        String clientMsgId = command.clientMsgId();
        if (clientMsgId == null || clientMsgId.isBlank() || clientMsgId.length() > 64) return Optional.empty();
        var existing = store.byClientMsgId(caller.userId(), clientMsgId);
        if (existing.isPresent() && !existing.get().chatId().equals(command.chatId())) {
            throw ApiProblem.conflict("client_msg_id_reused", "This clientMsgId was already used for a message in another chat");
        }
        return existing.map(m -> new Sent(views.forUser(caller.userId(), m), false));
    }

    /** A send's text as each {@link SendListener} prepared it ({@link SendListener#prepare}), in listener order. */
    public record PreparedText(String text, List<Object> values) {}

    /**
     * Runs each {@link SendListener}'s CPU work on the send's text on the calling thread, so the serial send writer
     * need not; null when there is nothing to prepare ahead (no text, a forward, whose text is the original's, or a
     * text too long to be accepted).
     */
    public PreparedText prepare(Send command) {
        String text = command.text();
        if (text == null || command.forwardOf() != null || text.length() > settings.maxTextBytes() || listeners().isEmpty()) return null;
        return prepared(text);
    }

    private PreparedText prepared(String text) {
        List<Object> values = new ArrayList<>(listeners().size());
        for (SendListener<?> l : listeners()) values.add(l.prepare(text));
        return new PreparedText(text, values);
    }

    private List<SendListener<?>> listeners() {
        var known = listeners;
        if (known == null) listeners = known = listenerBeans.orderedStream().toList();
        return known;
    }

    /** A stored message's text as the {@link SendListener}s get it: told at once, or by the send writer after its batch. */
    public record StoredText(String messageId, String chatId, PreparedText text) {}

    /** Tells each {@link SendListener} of these stored messages (see {@link SendListener#stored} for when). */
    public void told(List<StoredText> stored) {
        if (stored.isEmpty()) return;
        for (int i = 0; i < listeners().size(); i++) {
            List<SendListener.Stored<Object>> each = new ArrayList<>(stored.size());
            for (StoredText s : stored) each.add(new SendListener.Stored<>(s.messageId(), s.chatId(), s.text().values().get(i)));
            tell(listeners().get(i), each);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void tell(SendListener listener, List<SendListener.Stored<Object>> stored) {
        listener.stored((List) stored);
    }

    @Transactional
    public Sent send(Caller caller, Send command) {
        return send(caller, command, null, null);
    }

    /**
     * {@link #send(Caller, Send)} with its text already {@link #prepare prepared} (or null); with {@code toTell}, the
     * stored message's text is added there for the caller to pass to {@link #told} later, instead of being told now.
     *
     * <p>A retry (a clientMsgId its sender used before) is not looked for first: nearly every send is new, and the
     * look-up cost the serial send writer a query per send. A retry fails instead, at the latest on the insert (the
     * messages' unique (sender_id, client_msg_id)), and must be rolled back (its savepoint, or its transaction) and
     * answered with {@link #retried}, as {@link SendBatcher} does.
     */
    @Transactional
    public Sent send(Caller caller, Send command, PreparedText prepared, List<StoredText> toTell) {
        String clientMsgId = Fields.text(Fields.required(command.clientMsgId(), "clientMsgId"), "clientMsgId", 64);
        // the chat's disappearing timer, fixed at send time: changing it affects only messages sent after the change
        long timerSeconds = chats.checkCanPost(command.chatId(), caller.userId());
        limiter.check(new RateLimiter.Limit("sends", settings.sendsPerMinute(), Duration.ofMinutes(1)), caller.userId());

        String type;
        MessageContent content;
        boolean forwarded = false;
        if (command.forwardOf() != null) {
            var original = visibleRow(caller.userId(), command.forwardOf())
                    .filter(m -> m.deletedAt() == null)
                    .orElseThrow(() -> ApiProblem.badRequest("invalid_forward", "forwardOf must name a message you can see"));
            type = original.type();
            content = views.content(original);
            forwarded = true;
        } else {
            type = command.type() == null || command.type().isBlank() ? "text" : command.type();
            if (command.viewOnce() && !MEDIA_TYPES.contains(type)) {
                throw ApiProblem.badRequest("invalid_view_once", "Only media messages can be view-once");
            }
            content = content(type, command);
        }
        String replyTo = null;
        if (command.replyTo() != null) {
            var quoted = visibleRow(caller.userId(), command.replyTo()).filter(m -> m.chatId().equals(command.chatId()))
                    .orElseThrow(() -> ApiProblem.badRequest("invalid_reply", "replyTo must name a message in this chat"));
            replyTo = quoted.id();
        }
        String id = newMessageId();
        if (content.mediaId() != null) {
            if (forwarded) media.forward(content.mediaId(), command.chatId(), id);
            else media.attach(caller.userId(), type, content.mediaId(), command.chatId(), id, content.isViewOnce());
        }
        long seq = store.nextSeq(command.chatId());
        long now = clock.millis();
        var row = new MessageStore.StoredMessage(id, command.chatId(), seq, caller.userId(), clientMsgId, type,
                views.seal(id, content), replyTo, forwarded, now, null, null, timerSeconds > 0 ? now + timerSeconds * 1000 : null);
        store.insert(row, caller.deviceId());
        if (content.text() != null && !listeners().isEmpty()) {
            var text = prepared != null && prepared.text().equals(content.text()) ? prepared : prepared(content.text());
            var stored = new StoredText(id, command.chatId(), text);
            if (toTell != null) toTell.add(stored);
            else told(List.of(stored));
        }
        events.publishEvent(new MessageAccepted(id, command.chatId(), seq, caller.userId()));
        var sent = new Sent(views.justStored(caller.userId(), row, content), true);
        changes.newMessage(row);
        return sent;
    }

    /** Key of the transaction's {@link Ids.Batch} of message ids. */
    private static final Object MESSAGE_IDS = new Object();

    /**
     * A new message id from the transaction's own batch ({@link Ids#batch}): the send writer's batch of sends gets
     * ids that sit side by side in every index keyed by them (the messages' id, the feed's ref, search's doc map), so
     * its commit writes a few index pages for them instead of one random page per message. The batch mixes users and
     * chats, so an id must give nothing away: see {@link Ids#batch} (random head, random counter start and steps). Two
     * ids of one commit show that they were written together, as their timestamps do; ids only name messages, and
     * every read checks membership.
     */
    private static String newMessageId() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) return Ids.newId("m");
        return TransactionBound.get(MESSAGE_IDS, () -> Ids.batch("m")).next();
    }

    @Transactional
    public Message edit(Caller caller, String chatId, String messageId, String text) {
        var row = inChat(caller.userId(), chatId, messageId);
        if (!row.senderId().equals(caller.userId())) throw ApiProblem.forbidden("not_sender", "Only the sender can edit a message");
        if (row.deletedAt() != null) throw ApiProblem.conflict("message_deleted", "The message was deleted");
        if (!"text".equals(row.type())) throw ApiProblem.badRequest("not_editable", "Only text messages can be edited");
        if (clock.millis() - row.createdAt() > settings.editWindow().toMillis()) {
            throw ApiProblem.conflict("edit_window_passed", "Messages can be edited for " + settings.editWindow().toMinutes() + " minutes");
        }
        String newText = checkText(text);
        long now = clock.millis();
        store.updateBody(messageId, views.seal(messageId, new MessageContent(newText, null, null)), now);
        events.publishEvent(new MessageEdited(messageId, chatId, row.seq()));
        changes.forChat(chatId, FeedReader.UPDATED, messageId);
        return views.forUser(caller.userId(), store.byId(messageId).orElseThrow());
    }

    @Transactional
    public Optional<Message> delete(Caller caller, String chatId, String messageId, String scope) {
        var row = inChat(caller.userId(), chatId, messageId);
        if ("me".equals(scope)) {
            store.hide(caller.userId(), messageId);
            changes.forUser(caller.userId(), chatId, FeedReader.DELETED, messageId);
            return Optional.empty();
        }
        if (!"everyone".equals(scope)) throw ApiProblem.badRequest("invalid_parameter", "'for' is 'me' or 'everyone'");
        if (row.deletedAt() == null) {
            boolean admin = chats.isGroupAdmin(chatId, caller.userId());
            boolean sender = row.senderId().equals(caller.userId());
            if (!sender && !admin) throw ApiProblem.forbidden("not_sender", "Only the sender or a group admin can delete for everyone");
            if (sender && !admin && clock.millis() - row.createdAt() > settings.deleteForEveryoneWindow().toMillis()) {
                throw ApiProblem.conflict("delete_window_passed", "Too late to delete this message for everyone");
            }
            store.markDeleted(messageId, clock.millis());
            store.clearReactions(messageId);
            events.publishEvent(new MessageRemoved(messageId, chatId, row.seq()));
            changes.forChat(chatId, FeedReader.DELETED, messageId);
        }
        return Optional.of(views.forUser(caller.userId(), store.byId(messageId).orElseThrow()));
    }

    @Transactional
    public Message react(Caller caller, String chatId, String messageId, String emoji) {
        var row = inChat(caller.userId(), chatId, messageId);
        if (row.deletedAt() != null) throw ApiProblem.conflict("message_deleted", "The message was deleted");
        if (emoji == null || emoji.isBlank()) {
            store.unreact(messageId, caller.userId());
        } else {
            store.react(messageId, caller.userId(), checkEmoji(emoji), clock.millis());
        }
        changes.forChat(chatId, FeedReader.UPDATED, messageId);
        return views.forUser(caller.userId(), row);
    }

    @Transactional
    public Message star(Caller caller, String chatId, String messageId, boolean starred) {
        var row = inChat(caller.userId(), chatId, messageId);
        if (starred) store.star(caller.userId(), messageId, clock.millis());
        else store.unstar(caller.userId(), messageId);
        changes.forUser(caller.userId(), chatId, FeedReader.UPDATED, messageId);
        return views.forUser(caller.userId(), row);
    }

    public List<Message> starred(Caller caller) {
        return visibleTo(caller.userId(), store.starred(caller.userId(), 500));
    }

    public List<Message> history(Caller caller, String chatId, Long afterSeq, Long beforeSeq, String around, Integer limit) {
        requireMember(caller.userId(), chatId);
        int n = limit == null ? 50 : limit;
        if (n < 1 || n > 200) throw ApiProblem.badRequest("invalid_parameter", "limit is 1 to 200");
        if (around != null) {
            var anchor = inChat(caller.userId(), chatId, around);
            List<MessageStore.StoredMessage> rows = new ArrayList<>(store.page(chatId, caller.userId(), null, anchor.seq(), n / 2, true));
            rows.addAll(store.page(chatId, caller.userId(), anchor.seq() - 1, null, n - n / 2, false));
            return views.forUser(caller.userId(), rows);
        }
        boolean newest = afterSeq == null;
        return views.forUser(caller.userId(), store.page(chatId, caller.userId(), afterSeq, beforeSeq, n, newest));
    }

    @Override
    public Map<String, String> textsForIndexing(Collection<String> messageIds) {
        Map<String, String> texts = new HashMap<>();
        if (messageIds.isEmpty()) return texts;
        for (var m : store.byIds(messageIds)) {
            if (m.deletedAt() != null) continue;
            var content = views.content(m);
            if (content != null && content.text() != null) texts.put(m.id(), content.text());
        }
        return texts;
    }

    @Override
    public long countFromOthers(String chatId, String userId, long fromSeq, long toSeq) {
        return store.countUnread(chatId, userId, fromSeq - 1, toSeq);
    }

    @Override
    public List<Message> visibleTo(String userId, List<String> messageIds) {
        if (messageIds.isEmpty()) return List.of();
        return visibleIn(userId, chats.chatIdsOf(userId), messageIds);
    }

    @Override
    public List<Message> visibleIn(String userId, Collection<String> chatIds, List<String> messageIds) {
        if (messageIds.isEmpty() || chatIds.isEmpty()) return List.of();
        Set<String> myChats = Set.copyOf(chatIds);
        var hidden = store.hiddenAmong(userId, messageIds);
        Map<String, MessageStore.StoredMessage> byId = new LinkedHashMap<>();
        for (var row : store.byIds(messageIds)) byId.put(row.id(), row);
        List<MessageStore.StoredMessage> rows = new ArrayList<>();
        for (String id : messageIds) {
            var row = byId.get(id);
            if (row != null && row.deletedAt() == null && myChats.contains(row.chatId()) && !hidden.contains(id)) rows.add(row);
        }
        return views.forUser(userId, rows);
    }

    @Override
    public Appended appendExternal(String chatId, String mediaOwnerId, List<ExternalMessage> batch) {
        return external.append(chatId, mediaOwnerId, batch, false);
    }

    @Override
    public Appended appendHistory(String chatId, String mediaOwnerId, List<ExternalMessage> batch) {
        return external.append(chatId, mediaOwnerId, batch, true);
    }

    @Override
    public boolean editExternal(String chatId, String externalId, String text) {
        return external.edit(chatId, externalId, text);
    }

    @Override
    public boolean deleteExternal(String chatId, String externalId) {
        return external.delete(chatId, externalId);
    }

    @Override
    public boolean reactExternal(String chatId, String externalId, String senderKey, String emoji) {
        return external.react(chatId, externalId, senderKey, emoji);
    }

    @Override
    public Optional<String> externalIdOf(String messageId) {
        return external.externalIdOf(messageId);
    }

    @Override
    public Optional<String> messageIdOf(String chatId, String externalId) {
        return external.messageIdOf(chatId, externalId);
    }

    @Override
    public int purgeExternal(String chatId) {
        return external.purge(chatId);
    }

    @Override
    public void resequenceExternal(String chatId, List<String> messageIdsInOrder) {
        external.resequence(chatId, messageIdsInOrder);
    }

    @Override
    public boolean recordExternalId(String chatId, String messageId, String externalId) {
        return external.record(chatId, messageId, externalId);
    }

    void requireMember(String userId, String chatId) {
        if (chatId == null || !chats.isMember(chatId, userId)) throw ApiProblem.notFound("Chat");
    }

    MessageStore.StoredMessage inChat(String userId, String chatId, String messageId) {
        requireMember(userId, chatId);
        return store.byId(messageId).filter(m -> m.chatId().equals(chatId))
                .filter(m -> store.hiddenAmong(userId, List.of(messageId)).isEmpty())
                .orElseThrow(() -> ApiProblem.notFound("Message"));
    }

    private Optional<MessageStore.StoredMessage> visibleRow(String userId, String messageId) {
        return store.byId(messageId)
                .filter(m -> chats.isMember(m.chatId(), userId))
                .filter(m -> store.hiddenAmong(userId, List.of(messageId)).isEmpty());
    }

    private MessageContent content(String type, Send command) {
        if (!MEDIA_TYPES.contains(type) && (command.mediaId() != null || command.viewOnce())) {
            throw ApiProblem.badRequest("invalid_field", "'mediaId' and 'viewOnce' belong to media messages (" + String.join(", ", new java.util.TreeSet<>(MEDIA_TYPES))
                    + "), not to a " + type + " message");
        }
        return switch (type) {
            case "text" -> new MessageContent(checkText(command.text()), null, null);
            case "location" -> {
                var l = command.location();
                if (l == null || l.latitude() < -90 || l.latitude() > 90 || l.longitude() < -180 || l.longitude() > 180
                        || Double.isNaN(l.latitude()) || Double.isNaN(l.longitude())) {
                    throw ApiProblem.badRequest("invalid_location", "location needs latitude (-90..90) and longitude (-180..180)");
                }
                yield new MessageContent(optionalText(command.text()), new Message.Location(l.latitude(), l.longitude(),
                        Fields.text(l.name(), "location.name", 256)), null);
            }
            case "contact" -> {
                var c = command.contact();
                if (c == null || c.phones() == null || c.phones().isEmpty() || c.phones().size() > 20) {
                    throw ApiProblem.badRequest("invalid_contact", "contact needs a name and 1 to 20 phones");
                }
                c.phones().forEach(Fields::phone);
                yield new MessageContent(null, null, new Message.Contact(
                        Fields.text(Fields.required(c.name(), "contact.name"), "contact.name", 256), List.copyOf(c.phones())));
            }
            default -> {
                if (MEDIA_TYPES.contains(type)) {
                    String mediaId = Fields.text(Fields.required(command.mediaId(), "mediaId"), "mediaId", 64);
                    yield new MessageContent(optionalText(command.text()), null, null, mediaId, command.viewOnce() ? true : null);
                }
                throw ApiProblem.badRequest("invalid_type", "Unknown message type '" + type + "'");
            }
        };
    }

    private String checkText(String text) {
        Fields.required(text, "text");
        return Fields.utf8Bounded(text, "text", settings.maxTextBytes());
    }

    private String optionalText(String text) {
        return text == null ? null : Fields.utf8Bounded(text, "text", settings.maxTextBytes());
    }

    private static String checkEmoji(String emoji) {
        int codePoints = emoji.codePointCount(0, emoji.length());
        boolean plain = emoji.codePoints().anyMatch(cp -> cp < 0x80 && (Character.isLetterOrDigit(cp) || Character.isWhitespace(cp)));
        if (codePoints > 10 || plain) throw ApiProblem.badRequest("invalid_emoji", "A reaction is one emoji");
        return emoji;
    }
}
