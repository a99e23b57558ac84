package app.cloak.messaging.internal;

import app.cloak.messaging.DeviceApi;
import app.cloak.shared.ApiProblem;
import app.cloak.shared.Caller;
import java.util.List;
import org.springframework.stereotype.Service;

@Service
class DeviceService implements DeviceApi {
    private static final int MAX_PAGE = 500;
    private final SendBatcher messages;
    private final ReceiptService receipts;
    private final ChangeFeedStore feed;
    private final FeedReader reader;

    DeviceService(SendBatcher messages, ReceiptService receipts, ChangeFeedStore feed, FeedReader reader) {
        this.messages = messages;
        this.receipts = receipts;
        this.feed = feed;
        this.reader = reader;
    }

    @Override
    public SendResult send(Caller caller, SendMessage c) {
        var sent = messages.send(caller, new MessageService.Send(c.chatId(), c.clientMsgId(), c.type(), c.text(), c.replyTo(),
                c.forwardOf(), c.location(), c.contact(), c.mediaId(), c.viewOnce()));
        return new SendResult(sent.message(), sent.created());
    }

    @Override
    public void markRead(Caller caller, String chatId, Long upToSeq) {
        receipts.markRead(caller, chatId, upToSeq);
    }

    @Override
    public void markDelivered(Caller caller, String chatId, Long upToSeq) {
        receipts.markDelivered(caller, chatId, upToSeq);
    }

    @Override
    public long head() {
        return feed.head();
    }

    @Override
    public FeedPage since(String userId, long cursor, int limit) {
        if (limit < 1 || limit > MAX_PAGE) throw new IllegalArgumentException("limit is 1 to " + MAX_PAGE);
        var fromMemory = reader.fromTail(userId, cursor, limit);   // a recent cursor, new messages only: no database
        if (fromMemory.isPresent()) return fromMemory.get();
        var bounds = feed.bounds();
        if (cursor < 0 || cursor > bounds.head()) throw ApiProblem.badRequest("invalid_cursor", "Unknown sync cursor");
        // At the head nothing can follow (versions are handed out in commit order): every socket that connects reads
        // once, and in a cluster, where the tail is off, this spares it the membership and feed queries.
        if (cursor == bounds.head() && cursor >= bounds.horizon()) return new FeedPage(List.of(), cursor, false);
        long horizon = bounds.horizon();
        if (cursor < horizon) {
            if (cursor == 0) return reader.since(userId, horizon, limit);   // "everything": all that is still kept
            throw new ApiProblem(410, "cursor_expired", "This cursor is older than the change feed keeps; reload your chats, then sync without a cursor");
        }
        return reader.since(userId, cursor, limit);
    }
}
