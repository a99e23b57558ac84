package app.cloak.messaging.internal;

import app.cloak.messaging.Message;
import tools.jackson.databind.json.JsonMapper;

/** What a message says, serialised to JSON before encryption; never stored in clear. */
record MessageContent(String text, Message.Location location, Message.Contact contact, String mediaId, Boolean viewOnce,
                      String senderName) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    MessageContent(String text, Message.Location location, Message.Contact contact) {
        this(text, location, contact, null, null, null);
    }

    MessageContent(String text, Message.Location location, Message.Contact contact, String mediaId, Boolean viewOnce) {
        this(text, location, contact, mediaId, viewOnce, null);
    }

    MessageContent withText(String newText) {
        return new MessageContent(newText, location, contact, mediaId, viewOnce, senderName);
    }

    boolean isViewOnce() {
        return Boolean.TRUE.equals(viewOnce);
    }

    byte[] toJson() {
        return JSON.writeValueAsBytes(this);
    }

    static MessageContent fromJson(byte[] json) {
        return JSON.readValue(json, MessageContent.class);
    }
}
