package app.cloak.bridge.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One webhook body, flattened: every {@code entry[]}, every {@code changes[]}, and in each every {@code messages[]},
 * {@code statuses[]}, {@code errors[]} and {@code groups[]}, in the order they came. Unknown fields and types are
 * kept (as {@code unsupported} messages or ignored metadata); nothing about a body's shape other than being a JSON
 * object makes it unreadable. Sender identity prefers the business-scoped {@code from_user_id} over {@code from}.
 */
record WebhookPayload(List<InboundMessage> messages, List<StatusEvent> statuses, List<ErrorEvent> errors, List<GroupEvent> groups) {
    static final JsonMapper JSON = JsonMapper.builder().build();

    /** What a message does to the chat. */
    enum Kind { MESSAGE, REACTION, EDIT, REVOKE }

    record Media(String id, String mime, String sha256, String filename) {}

    record Location(double latitude, double longitude, String name) {}

    record ContactCard(String name, List<String> phones) {}

    /**
     * @param type       Cloak message type (text, image, video, audio, voice, document, sticker, location, contact, unsupported, system)
     * @param rawType    WhatsApp's {@code type}
     * @param target     the message a reaction, edit or revoke is about
     * @param senderKey  {@code from_user_id}, else {@code from}
     */
    record InboundMessage(String phoneNumberId, Kind kind, String wamid, long timestampMs, String rawType, String type, String senderKey,
                          String senderPhone, String senderName, String groupId, String text, String replyTo, Media media,
                          Location location, List<ContactCard> contacts, String target, String emoji) {
        String peer() {
            return groupId != null ? groupId : senderKey;
        }
    }

    record StatusEvent(String phoneNumberId, String wamid, String status, String recipient, long timestampMs, String errorCode) {}

    record ErrorEvent(String phoneNumberId, String code, String title, String details) {}

    /** Group metadata ({@code group_lifecycle_update}, {@code group_settings_update}, …): the subject when one is given. */
    record GroupEvent(String phoneNumberId, String field, String type, String groupId, String subject) {}

    static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    static WebhookPayload parse(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new Malformed("The body is not JSON");
        }
        if (root == null || !root.isObject()) throw new Malformed("The body is not a JSON object");
        List<InboundMessage> messages = new ArrayList<>();
        List<StatusEvent> statuses = new ArrayList<>();
        List<ErrorEvent> errors = new ArrayList<>();
        List<GroupEvent> groups = new ArrayList<>();
        for (JsonNode entry : root.path("entry")) {
            for (JsonNode change : entry.path("changes")) {
                String field = str(change, "field");
                JsonNode value = change.path("value");
                String phone = str(value.path("metadata"), "phone_number_id");
                Map<String, String> names = contactNames(value.path("contacts"));
                for (JsonNode m : value.path("messages")) messages.add(message(phone, m, names, value.path("contacts")));
                for (JsonNode s : value.path("statuses")) statuses.add(status(phone, s));
                for (JsonNode e : value.path("errors")) errors.add(error(phone, e));
                for (JsonNode g : value.path("groups")) {
                    String subject = str(g, "subject");
                    if (subject == null) subject = str(g.path("group_subject"), "text");
                    groups.add(new GroupEvent(phone, field, str(g, "type"), str(g, "group_id"), subject));
                }
            }
        }
        return new WebhookPayload(messages, statuses, errors, groups);
    }

    private static Map<String, String> contactNames(JsonNode contacts) {
        Map<String, String> names = new HashMap<>();
        for (JsonNode c : contacts) {
            String name = str(c.path("profile"), "name");
            if (name == null) name = str(c.path("profile"), "username");
            if (name == null) continue;
            for (String key : new String[] {str(c, "user_id"), str(c, "wa_id")}) if (key != null) names.put(key, name);
        }
        return names;
    }

    private static InboundMessage message(String phone, JsonNode m, Map<String, String> names, JsonNode contacts) {
        String rawType = str(m, "type");
        String from = str(m, "from");
        String fromUser = str(m, "from_user_id");
        String senderKey = fromUser != null ? fromUser : from != null ? from : "unknown";
        String senderName = fromUser != null ? names.get(fromUser) : null;
        if (senderName == null && from != null) senderName = names.get(from);
        if (senderName == null && contacts.size() == 1) senderName = str(contacts.get(0).path("profile"), "name");
        String wamid = str(m, "id");
        long ts = timestamp(m);
        String groupId = str(m, "group_id");
        JsonNode context = m.path("context");
        String replyTo = context.isObject() ? str(context, "id") : null;
        var b = new Builder(phone, wamid, ts, rawType, senderKey, from, senderName, groupId, replyTo);
        JsonNode body = rawType == null ? m.path("__none") : m.path(rawType);
        switch (rawType == null ? "" : rawType) {
            case "text" -> b.type("text").text(str(body, "body"));
            case "image", "video", "document", "sticker" -> b.type(rawType).text(caption(body)).media(media(body));
            case "audio" -> b.type(body.path("voice").asBoolean(false) ? "voice" : "audio").media(media(body));
            case "location" -> {
                if (!body.path("latitude").isNumber() && !body.path("latitude").isString()) {
                    b.unsupported("location without coordinates");
                } else {
                    String name = str(body, "name");
                    String address = str(body, "address");
                    String label = name != null && address != null ? name + ", " + address : name != null ? name : address;
                    b.type("location").location(new Location(body.path("latitude").asDouble(), body.path("longitude").asDouble(), label));
                    if (str(body, "url") != null) b.text(str(body, "url"));
                }
            }
            case "contacts" -> {
                List<ContactCard> cards = new ArrayList<>();
                for (JsonNode c : body) {
                    String name = str(c.path("name"), "formatted_name");
                    if (name == null) name = join(str(c.path("name"), "first_name"), str(c.path("name"), "last_name"));
                    List<String> phones = new ArrayList<>();
                    for (JsonNode p : c.path("phones")) if (str(p, "phone") != null) phones.add(str(p, "phone"));
                    cards.add(new ContactCard(name == null ? "Contact" : name, phones));
                }
                if (cards.isEmpty()) b.unsupported("empty contact card");
                else b.type("contact").contacts(cards);
            }
            case "reaction" -> b.kind(Kind.REACTION).target(str(body, "message_id")).emoji(str(body, "emoji"));
            case "interactive" -> {
                String itype = str(body, "type");
                JsonNode reply = itype == null ? body.path("__none") : body.path(itype);
                String title = str(reply, "title");
                if (title != null) {
                    String description = str(reply, "description");
                    b.type("text").text(description == null ? title : title + " — " + description);
                } else if (str(reply, "body") != null) {
                    b.type("text").text(str(reply, "body"));
                } else {
                    b.unsupported("interactive " + (itype == null ? "reply" : itype));
                }
            }
            case "button" -> b.type("text").text(str(body, "text") != null ? str(body, "text") : str(body, "payload"));
            case "edit" -> {
                String newText = str(body.path("message").path("text"), "body");
                if (newText == null) newText = str(body.path("message"), "body");
                if (newText == null) newText = caption(firstObject(body.path("message")));
                String original = str(body, "original_message_id");
                if (original != null && newText != null) b.kind(Kind.EDIT).target(original).text(newText);
                else b.unsupported("edit");
            }
            case "revoke" -> {
                String original = str(body, "original_message_id");
                if (original != null) b.kind(Kind.REVOKE).target(original);
                else b.unsupported("revoke");
            }
            case "system" -> b.type("system").text(str(body, "body") != null ? str(body, "body") : "System message (" + str(body, "type") + ")");
            default -> {
                String what = str(m.path("unsupported"), "type");
                if (what == null) what = rawType == null ? "unknown" : rawType;
                b.unsupported(what);
            }
        }
        if ("unsupported".equals(b.type)) {
            JsonNode error = m.path("errors").path(0);
            String code = str(error, "code");
            if (code != null) b.text(b.text + " (error " + code + ": " + str(error, "title") + ")");
        }
        return b.build();
    }

    private static JsonNode firstObject(JsonNode node) {
        for (JsonNode v : node.values()) if (v.isObject()) return v;
        return node.path("__none");
    }

    private static String caption(JsonNode body) {
        String caption = str(body, "caption");
        return caption != null ? caption : str(body, "filename");
    }

    private static Media media(JsonNode body) {
        String id = str(body, "id");
        return id == null ? null : new Media(id, str(body, "mime_type"), str(body, "sha256"), str(body, "filename"));
    }

    private static StatusEvent status(String phone, JsonNode s) {
        String recipient = str(s, "recipient_participant_id");
        if (recipient == null) recipient = str(s, "participant_recipient_id");
        if (recipient == null) recipient = str(s, "recipient_user_id");
        if (recipient == null) recipient = str(s, "recipient_id");
        String errorCode = str(s.path("errors").path(0), "code");
        return new StatusEvent(phone, str(s, "id"), str(s, "status"), recipient == null ? "" : recipient, timestamp(s), errorCode);
    }

    private static ErrorEvent error(String phone, JsonNode e) {
        String details = str(e.path("error_data"), "details");
        return new ErrorEvent(phone, str(e, "code"), str(e, "title") != null ? str(e, "title") : str(e, "message"), details);
    }

    private static long timestamp(JsonNode n) {
        JsonNode t = n.path("timestamp");
        try {
            return t.isNumber() ? t.asLong() * 1000 : t.isString() ? Long.parseLong(t.asString().strip()) * 1000 : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A scalar field as text; null when absent, null or not a scalar. */
    static String str(JsonNode n, String field) {
        JsonNode v = n.path(field);
        if (v.isNull() || v.isMissingNode() || !v.isValueNode()) return null;
        String s = v.asString();
        return s == null || s.isEmpty() ? null : s;
    }

    private static String join(String a, String b) {
        if (a == null) return b;
        return b == null ? a : a + " " + b;
    }

    private static final class Builder {
        final String phone, wamid, rawType, senderKey, senderPhone, senderName, groupId, replyTo;
        final long ts;
        Kind kind = Kind.MESSAGE;
        String type = "unsupported";
        String text;
        Media media;
        Location location;
        List<ContactCard> contacts = List.of();
        String target;
        String emoji;

        Builder(String phone, String wamid, long ts, String rawType, String senderKey, String senderPhone, String senderName, String groupId,
                String replyTo) {
            this.phone = phone;
            this.wamid = wamid;
            this.ts = ts;
            this.rawType = rawType;
            this.senderKey = senderKey;
            this.senderPhone = senderPhone;
            this.senderName = senderName;
            this.groupId = groupId;
            this.replyTo = replyTo;
        }

        Builder kind(Kind k) { kind = k; return this; }
        Builder type(String t) { type = t; return this; }
        Builder text(String t) { text = t; return this; }
        Builder media(Media m) { media = m; return this; }
        Builder location(Location l) { location = l; return this; }
        Builder contacts(List<ContactCard> c) { contacts = c; return this; }
        Builder target(String t) { target = t; return this; }
        Builder emoji(String e) { emoji = e; return this; }

        Builder unsupported(String what) {
            kind = Kind.MESSAGE;
            type = "unsupported";
            text = "Unsupported WhatsApp message (" + what + ")";
            return this;
        }

        InboundMessage build() {
            if (kind == Kind.REACTION && target == null) unsupported("reaction");
            return new InboundMessage(phone, kind, wamid, ts, rawType, type, senderKey, senderPhone, senderName, groupId, text, replyTo,
                    media, location, contacts, target, emoji);
        }
    }
}
