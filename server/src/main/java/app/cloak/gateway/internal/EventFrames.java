package app.cloak.gateway.internal;

import app.cloak.messaging.Update;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Updates as WebSocket events, {@code {"type": …, <the update's fields>}}, serialised once (no tree in between).
 * A message reaches every member's devices, and each device renders it from the feed on its own: the sender's
 * echo and the recipient's {@code message.new} of a 1:1 message are equal updates, as are a group's. Their frame
 * text is therefore kept for a few seconds, keyed by the update itself: the updates are records, so only an equal
 * update (same message, same view of it: text, reactions, star, media…) gets the same text; a field without
 * value equality could only make it miss. Only message updates are kept (the others are per reader or rare).
 */
final class EventFrames {
    private final JsonMapper json;
    private final Cache<Update, String> recent = Caffeine.newBuilder().maximumSize(4_096).executor(Runnable::run)
            .expireAfterWrite(Duration.ofSeconds(10)).build();

    EventFrames(JsonMapper json) {
        this.json = json;
    }

    String of(Update update) {
        if (update instanceof Update.MessageNew || update instanceof Update.MessageUpdated || update instanceof Update.MessageDeleted) {
            return recent.get(update, this::write);
        }
        return write(update);
    }

    private String write(Update update) {
        String fields = json.writeValueAsString(update);
        String type = "{\"type\":\"" + update.frameType() + "\"";
        return fields.equals("{}") ? type + "}" : type + "," + fields.substring(1);
    }
}
