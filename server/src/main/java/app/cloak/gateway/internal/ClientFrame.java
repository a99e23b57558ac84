package app.cloak.gateway.internal;

import app.cloak.messaging.Message;
import app.cloak.shared.ApiProblem;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** A frame from a device (API.md, WebSocket, client → server), checked field by field. */
sealed interface ClientFrame {
    /**
     * {@code mediaId} and {@code viewOnce} (a media message), {@code location}, {@code contact} and {@code forwardOf}
     * are optional, as {@code POST …/messages} takes them.
     */
    record Send(String chatId, String clientMsgId, String msgType, String text, String replyTo, String mediaId, boolean viewOnce,
                Message.Location location, Message.Contact contact, String forwardOf) implements ClientFrame {}
    record Read(String chatId, Long upToSeq) implements ClientFrame {}
    record Delivered(String chatId, Long upToSeq) implements ClientFrame {}
    record Typing(String chatId, boolean start) implements ClientFrame {}
    record Sync(String cursor) implements ClientFrame {}
    record Ping() implements ClientFrame {}

    /** Throws a 400 {@link ApiProblem} naming what is wrong; the caller turns it into an {@code error} frame. */
    static ClientFrame parse(JsonNode node) {
        if (node == null || !node.isObject()) throw ApiProblem.badRequest("bad_frame", "A frame is one JSON object with a 'type'");
        String type = text(node, "type", true);
        return switch (type) {
            case "message.send" -> new Send(text(node, "chatId", true), text(node, "clientMsgId", true),
                    text(node, "msgType", false), text(node, "text", false), text(node, "replyTo", false),
                    text(node, "mediaId", false), flag(node, "viewOnce"), location(node), contact(node), text(node, "forwardOf", false));
            case "message.read" -> new Read(text(node, "chatId", true), seq(node));
            case "message.delivered" -> new Delivered(text(node, "chatId", true), seq(node));
            case "typing.start" -> new Typing(text(node, "chatId", true), true);
            case "typing.stop" -> new Typing(text(node, "chatId", true), false);
            case "sync" -> new Sync(text(node, "cursor", false));
            case "ping" -> new Ping();
            default -> throw ApiProblem.badRequest("unknown_type", "Unknown frame type '" + clip(type) + "'");
        };
    }

    private static String text(JsonNode node, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) throw ApiProblem.badRequest("missing_field", "'" + field + "' is required");
            return null;
        }
        if (!value.isString()) throw ApiProblem.badRequest("invalid_field", "'" + field + "' must be a string");
        return value.asString();
    }

    /** {@code {"latitude","longitude","name"}}; its ranges are checked where every send is (invalid_location). */
    private static Message.Location location(JsonNode node) {
        JsonNode value = node.get("location");
        if (value == null || value.isNull()) return null;
        if (!value.isObject()) throw ApiProblem.badRequest("invalid_field", "'location' must be an object {latitude, longitude, name}");
        JsonNode latitude = value.get("latitude"), longitude = value.get("longitude");
        if (latitude == null || !latitude.isNumber() || longitude == null || !longitude.isNumber()) {
            throw ApiProblem.badRequest("invalid_location", "location needs latitude (-90..90) and longitude (-180..180)");
        }
        return new Message.Location(latitude.asDouble(), longitude.asDouble(), text(value, "name", false));
    }

    /** {@code {"name","phones":[…]}}; its phones are checked where every send is (invalid_contact). */
    private static Message.Contact contact(JsonNode node) {
        JsonNode value = node.get("contact");
        if (value == null || value.isNull()) return null;
        if (!value.isObject()) throw ApiProblem.badRequest("invalid_field", "'contact' must be an object {name, phones}");
        JsonNode phones = value.get("phones");
        List<String> list = null;
        if (phones != null && !phones.isNull()) {
            if (!phones.isArray()) throw ApiProblem.badRequest("invalid_field", "'contact.phones' must be an array of strings");
            list = new ArrayList<>();
            for (JsonNode phone : phones) {
                if (!phone.isString()) throw ApiProblem.badRequest("invalid_field", "'contact.phones' must be an array of strings");
                list.add(phone.asString());
            }
        }
        return new Message.Contact(text(value, "name", false), list);
    }

    private static boolean flag(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) return false;
        if (!value.isBoolean()) throw ApiProblem.badRequest("invalid_field", "'" + field + "' must be true or false");
        return value.asBoolean();
    }

    private static Long seq(JsonNode node) {
        JsonNode value = node.get("upToSeq");
        if (value == null || value.isNull()) return null;
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw ApiProblem.badRequest("invalid_field", "'upToSeq' must be an integer");
        }
        return value.asLong();
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
