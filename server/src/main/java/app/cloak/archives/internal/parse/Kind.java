package app.cloak.archives.internal.parse;

/** What a parsed message is. */
public enum Kind {
    TEXT, IMAGE, VIDEO, AUDIO, VOICE, DOCUMENT, STICKER, GIF, CONTACT, LOCATION, LIVE_LOCATION, POLL,
    DELETED, VIEW_ONCE, CALL, SYSTEM, ENCRYPTION_NOTICE, UNSUPPORTED,
    /** An attachment whose type the export does not say (Android {@code <Media omitted>} and its translations). */
    MEDIA
}
