package app.cloak.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The WebSocket frames of API.md that the load generator speaks, and the tag it puts in every message it sends:
 * {@code b<phase>-<index>} as the clientMsgId and as the first word of the text, so the ack
 * ({@code message.sent.clientMsgId}) and every delivery ({@code message.new.message.text}) map back to the send's
 * scheduled time.
 */
final class Frames {
    /** One server frame, flattened: the fields the benchmarks read (absent ones are null / -1). */
    record Frame(String type, String clientMsgId, String messageId, String chatId, long seq, String senderId, String text,
                 String code, String ref) {}

    private Frames() {}

    static Frame parse(ObjectMapper json, String raw) {
        JsonNode n = json.readTree(raw);
        String type = str(n, "type");
        if (type == null) throw new IllegalArgumentException("frame without type: " + raw);
        JsonNode m = n.path("message");
        if (m.isObject()) {
            return new Frame(type, str(m, "clientMsgId"), str(m, "messageId"), str(m, "chatId"), m.path("seq").asLong(-1),
                    str(m, "senderId"), str(m, "text"), null, null);
        }
        return new Frame(type, str(n, "clientMsgId"), str(n, "messageId"), str(n, "chatId"), n.path("seq").asLong(-1),
                str(n, "senderId"), str(n, "text"), str(n, "code"), str(n, "ref"));
    }

    private static String str(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }

    static String send(ObjectMapper json, String chatId, String clientMsgId, String text) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("type", "message.send");
        f.put("chatId", chatId);
        f.put("clientMsgId", clientMsgId);
        f.put("text", text);
        return json.writeValueAsString(f);
    }

    static final String PING = "{\"type\":\"ping\"}";

    static String tag(int phase, int index) {
        return "b" + phase + "-" + index;
    }

    /**
     * Reads a tag from the start of a clientMsgId or text: {@code {phase, index}}, or null when the string
     * does not start with one (someone else's message).
     */
    static int[] parseTag(String s) {
        if (s == null || s.length() < 4 || s.charAt(0) != 'b') return null;
        int i = 1, phase = 0, index = 0;
        int start = i;
        while (i < s.length() && Character.isDigit(s.charAt(i))) phase = phase * 10 + (s.charAt(i++) - '0');
        if (i == start || i >= s.length() || s.charAt(i) != '-') return null;
        start = ++i;
        while (i < s.length() && Character.isDigit(s.charAt(i))) index = index * 10 + (s.charAt(i++) - '0');
        if (i == start || (i < s.length() && s.charAt(i) != ' ')) return null;
        return new int[] {phase, index};
    }
}
