package app.cloak.messaging.internal;

import app.cloak.messaging.Message;
import tools.jackson.databind.json.JsonMapper;

/** What a message says, serialised to JSON before encryption; never stored in clear. */
record MessageContent(String text, Message.Location location, Message.Contact contact) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    byte[] toJson() {
        return JSON.writeValueAsBytes(this);
    }

    static MessageContent fromJson(byte[] json) {
        return JSON.readValue(json, MessageContent.class);
    }
}
