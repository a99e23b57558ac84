package app.cloak.messaging.internal;

import app.cloak.chats.ChatsApi;
import app.cloak.messaging.DeviceApi.FeedPage;
import app.cloak.messaging.Message;
import app.cloak.messaging.Update;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** Reads the change feed for one user and renders each change as that user sees it now. */
@Component
class FeedReader {
    static final String NEW = "message.new";
    static final String UPDATED = "message.updated";
    static final String DELETED = "message.deleted";
    static final String STATUS = "status";
    static final String CHAT = "chat";
    /** Chats left since a cursor whose earlier messages a sync still delivers: at most this many, the latest left. */
    static final int MAX_LEFT_CHATS = 100;

    private final ChangeFeedStore feed;
    private final MessageStore messages;
    private final MessageViews views;
    private final ChatViews chatViews;
    private final ChatsApi chats;
    private final FeedTail tail;
    private final Clock clock;
    private final Counter fromMemory;
    private final Counter fromDatabase;

    FeedReader(ChangeFeedStore feed, MessageStore messages, MessageViews views, ChatViews chatViews, ChatsApi chats, FeedTail tail,
               Clock clock, ObjectProvider<MeterRegistry> meters) {
        this.clock = clock;
        this.feed = feed;
        this.messages = messages;
        this.views = views;
        this.chatViews = chatViews;
        this.chats = chats;
        this.tail = tail;
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        this.fromMemory = Counter.builder("cloak.feed.reads").tag("source", "memory")
                .description("Device feed reads answered from the in-memory feed tail").register(registry);
        this.fromDatabase = Counter.builder("cloak.feed.reads").tag("source", "database")
                .description("Device feed reads answered from the database").register(registry);
    }

    /** The page from the {@link FeedTail} alone, when it can answer (new messages only); empty otherwise. */
    Optional<FeedPage> fromTail(String userId, long cursor, int limit) {
        var page = tail.since(userId, cursor, limit, clock.millis());
        if (page.isEmpty()) return Optional.empty();
        fromMemory.increment();
        List<Update> out = new ArrayList<>(page.get().entries().size());
        for (var e : page.get().entries()) out.add(new Update.MessageNew(views.justStored(userId, e.row())));
        return Optional.of(new FeedPage(out, page.get().cursor(), page.get().more()));
    }

    /** Reads the database (the cursor already checked against the feed's bounds). */
    FeedPage since(String userId, long cursor, int limit) {
        fromDatabase.increment();
        List<String> myChats = chats.chatIdsOf(userId);
        // Chats left (or removed from) after the cursor: what was sent there before that still reaches the device.
        Map<String, Long> left = new HashMap<>(feed.newestForUser(userId, CHAT, cursor));
        left.keySet().removeAll(myChats);
        if (left.size() > MAX_LEFT_CHATS) {   // one term each in the read: the most recently left ones
            var newest = left.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(MAX_LEFT_CHATS).toList();
            left.clear();
            newest.forEach(e -> left.put(e.getKey(), e.getValue()));
        }
        var changes = feed.since(userId, myChats, left, cursor, limit);
        if (changes.isEmpty()) return new FeedPage(List.of(), cursor, false);
        List<String> ids = changes.stream().filter(c -> c.kind().startsWith("message.")).map(ChangeFeedStore.Change::ref)
                .distinct().toList();
        Map<String, Message> byId = new HashMap<>();
        Collection<String> hidden = List.of();
        if (!ids.isEmpty()) {
            var rows = messages.byIds(ids);
            // reactions, the reader's stars and hidden-for-me marks of the found messages, in one statement
            var marks = messages.marks(userId, rows.stream().map(MessageStore.StoredMessage::id).toList());
            for (Message m : views.forUser(userId, rows, marks)) byId.put(m.messageId(), m);
            hidden = marks.hidden();
        }
        List<Update> out = new ArrayList<>(changes.size());
        for (var c : changes) {
            switch (c.kind()) {
                case NEW, UPDATED, DELETED -> {
                    Message m = byId.get(c.ref());
                    if (m == null) continue;                       // gone (expired) since
                    boolean hiddenForMe = hidden.contains(m.messageId());
                    if (DELETED.equals(c.kind())) out.add(new Update.MessageDeleted(m, hiddenForMe));
                    else if (hiddenForMe) continue;
                    else if (NEW.equals(c.kind())) out.add(new Update.MessageNew(m));
                    else out.add(new Update.MessageUpdated(m));
                }
                case STATUS -> {
                    if (!myChats.contains(c.chatId())) continue;     // left the chat since
                    var wm = messages.watermark(c.chatId(), c.ref());
                    boolean own = c.ref().equals(userId);
                    out.add(new Update.Status(c.chatId(), c.ref(), wm.deliveredSeq(), wm.readSeq(),
                            own ? Math.max(wm.readSeq(), wm.privateReadSeq()) : null));
                }
                case CHAT -> out.add(new Update.ChatUpdated(chats.chatFor(userId, c.chatId())
                        .<Object>map(chat -> chatViews.view(userId, chat))
                        .orElseGet(() -> Map.of("chatId", c.chatId(), "removed", true))));
                default -> { }
            }
        }
        return new FeedPage(out, changes.getLast().version(), changes.size() == limit);
    }
}
