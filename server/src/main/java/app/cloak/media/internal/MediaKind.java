package app.cloak.media.internal;

/** Which size limit and which message types an upload fits. */
enum MediaKind {
    IMAGE, VIDEO, AUDIO, DOCUMENT;

    /** image/sticker take images, video takes video, audio/voice take audio, document takes anything allowed. */
    boolean fits(String messageType) {
        return switch (messageType) {
            case "image", "sticker" -> this == IMAGE;
            case "video" -> this == VIDEO;
            case "audio", "voice" -> this == AUDIO;
            case "document" -> true;
            default -> false;
        };
    }
}
