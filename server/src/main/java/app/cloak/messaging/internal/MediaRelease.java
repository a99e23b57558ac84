package app.cloak.messaging.internal;

import app.cloak.media.MediaApi;
import app.cloak.messaging.MessageRemoved;
import app.cloak.messaging.MessagesExpired;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Messages deleted for everyone or expired no longer carry their media: media learns it inside the deleting
 * transaction (and deletes an upload once no message carries it). Media cannot listen itself: it would depend
 * on messaging, which depends on it.
 */
@Component
class MediaRelease {
    private final MediaApi media;

    MediaRelease(MediaApi media) {
        this.media = media;
    }

    @EventListener
    void on(MessageRemoved event) {
        media.released(List.of(event.messageId()));
    }

    @EventListener
    void on(MessagesExpired event) {
        media.released(event.messageIds());
    }
}
