package app.cloak.messaging;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A message as a member sees it (API.md {@code Message}, plus the optional fields of other types).
 * Times are RFC 3339 strings; {@code text} is null once deleted for everyone. {@code expiresAt} is when a
 * disappearing message vanishes (fixed when it was sent, from the chat's timer), null for one that stays.
 * {@code viewOnce}: each recipient can download the media once (then 410). {@code senderName}: for messages that
 * came from outside Cloak (senderId starting {@code "x:"}), the name the source gave the sender; null otherwise.
 */
public record Message(String messageId, String chatId, long seq, String senderId, String type, String text,
                      String replyTo, boolean forwarded, String createdAt, String editedAt, boolean deleted,
                      List<Reaction> reactions, boolean starred, Location location, Contact contact, String expiresAt,
                      Media media, boolean viewOnce, String senderName) {
    public record Reaction(String userId, String emoji) {}

    /** For {@code type == "location"}. */
    public record Location(double latitude, double longitude, String name) {}

    /**
     * For media types (image, video, audio, voice, document, sticker): {@code url} is signed for the viewer and
     * expires (fetch the message again for a fresh one); {@code media} is null once the media is gone, {@code url}
     * null once a view-once recipient has opened it. {@code thumbnailUrl} likewise (null when there is none, and always
     * for view-once recipients); {@code thumbnail} is {@code ready}, {@code unavailable} (with {@code thumbnailReason})
     * or {@code none}; {@code width}/{@code height} for images, {@code durationMs}/{@code waveform} (64 peaks 0–100)
     * for audio the server could read.
     */
    public record Media(String mediaId, String mime, long size, String url, String thumbnailUrl, String thumbnail,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String thumbnailReason,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Integer width,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Integer height,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Long durationMs,
                        @JsonInclude(JsonInclude.Include.NON_NULL) List<Integer> waveform) {}

    /** For {@code type == "contact"}: a shared contact card. */
    public record Contact(String name, List<String> phones) {}
}
