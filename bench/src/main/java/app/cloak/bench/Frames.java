package app.cloak.bench;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.ObjectMapper;

/**
 * The WebSocket frames of API.md that the load generator speaks, and the tag it puts in every message it sends:
 * {@code b<phase>-<index>} as the clientMsgId and as the first word of the text, so the ack
 * ({@code message.sent.clientMsgId}) and every delivery ({@code message.new.message.text}) map back to the send's
 * scheduled time.
 *
 * <p>Inbound frames are read with Jackson's streaming parser straight from the frame's UTF-8 bytes: only the few
 * fields below are turned into strings, everything else is skipped (no tree, no decoding of the frame into a String).
 * Outbound {@code message.send} frames are written from a per-chat {@link SendTemplate}: the JSON around the tag
 * is escaped once, not per message.
 */
final class Frames {
    /** One server frame, flattened: the fields the benchmarks read (absent ones are null / -1). */
    record Frame(String type, String clientMsgId, String messageId, String chatId, long seq, String senderId, String text,
                 String code, String ref) {}

    private static final JsonFactory FACTORY = new JsonFactory();

    private Frames() {}

    /** Parses a frame; throws (a RuntimeException) on malformed JSON or a frame without {@code type}. */
    static Frame parse(String raw) {
        byte[] b = raw.getBytes(StandardCharsets.UTF_8);
        return parse(b, 0, b.length);
    }

    /**
     * Parses the UTF-8 JSON frame in {@code buf[off, off + len)}. The fields come from the nested {@code message}
     * object when there is one ({@code message.new}: its type, code and ref are not read), otherwise from the top
     * level; {@code type} is always the top level's.
     */
    static Frame parse(byte[] buf, int off, int len) {
        try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), buf, off, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IllegalArgumentException("frame is not a JSON object");
            Fields top = new Fields();
            Fields message = null;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if ("message".equals(name) && v == JsonToken.START_OBJECT) {
                    message = new Fields();
                    JsonToken mt;
                    while ((mt = p.nextToken()) == JsonToken.PROPERTY_NAME) {
                        String mn = p.currentName();
                        message.read(mn, p, p.nextToken());
                    }
                    if (mt != JsonToken.END_OBJECT) throw new IllegalArgumentException("truncated frame");
                } else {
                    top.read(name, p, v);
                }
            }
            if (t != JsonToken.END_OBJECT) throw new IllegalArgumentException("truncated frame");
            if (p.nextToken() != null) throw new IllegalArgumentException("trailing content after the frame");
            if (top.type == null) throw new IllegalArgumentException("frame without type");
            if (message != null) {
                return new Frame(top.type, message.clientMsgId, message.messageId, message.chatId, message.seq,
                        message.senderId, message.text, null, null);
            }
            return new Frame(top.type, top.clientMsgId, top.messageId, top.chatId, top.seq, top.senderId, top.text, top.code, top.ref);
        }
    }

    /** The fields of one object level; a value that is an object or array is skipped. */
    private static final class Fields {
        String type, clientMsgId, messageId, chatId, senderId, text, code, ref;
        long seq = -1;

        void read(String name, JsonParser p, JsonToken v) {
            if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                p.skipChildren();
                return;
            }
            switch (name) {
                case "type" -> type = scalar(p, v);
                case "clientMsgId" -> clientMsgId = scalar(p, v);
                case "messageId" -> messageId = scalar(p, v);
                case "chatId" -> chatId = scalar(p, v);
                case "senderId" -> senderId = scalar(p, v);
                case "text" -> text = scalar(p, v);
                case "code" -> code = scalar(p, v);
                case "ref" -> ref = scalar(p, v);
                case "seq" -> seq = v == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : v == JsonToken.VALUE_NULL ? -1 : p.getValueAsLong(-1);
                default -> {
                    // not read by any scenario
                }
            }
        }

        private static String scalar(JsonParser p, JsonToken v) {
            return v == JsonToken.VALUE_NULL ? null : p.getString();
        }
    }

    /** The reference encoding of a {@code message.send} frame (Jackson); {@link SendTemplate} writes the same bytes. */
    static String send(ObjectMapper json, String chatId, String clientMsgId, String text) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("type", "message.send");
        f.put("chatId", chatId);
        f.put("clientMsgId", clientMsgId);
        f.put("text", text);
        return json.writeValueAsString(f);
    }

    /**
     * {@code {"type":"message.send","chatId":…,"clientMsgId":"<tag>","text":"<tag> <filler>"}} for one chat: the
     * JSON before the tag, between the tags and after the second tag is encoded (and escaped, by Jackson) once; a
     * message then costs writing its tag twice. Tags are {@code b<digits>-<digits>}, which need no escaping.
     */
    static final class SendTemplate {
        private final byte[] head;   // {"type":"message.send","chatId":"…","clientMsgId":"
        private final byte[] middle; // ","text":"
        private final byte[] tail;   //  <filler>"}

        SendTemplate(ObjectMapper json, String chatId, String filler) {
            // Split Jackson's own encoding of a frame whose tags are a marker that cannot occur in JSON output.
            String marker = "\u0000";
            String whole = send(json, chatId, marker, marker + " " + filler);
            String escaped = "\\u0000";
            int first = whole.indexOf(escaped), second = whole.indexOf(escaped, first + escaped.length());
            if (first < 0 || second < 0 || whole.indexOf(escaped, second + escaped.length()) >= 0) {
                throw new IllegalStateException("unexpected encoding: " + whole);
            }
            head = whole.substring(0, first).getBytes(StandardCharsets.UTF_8);
            middle = whole.substring(first + escaped.length(), second).getBytes(StandardCharsets.UTF_8);
            tail = whole.substring(second + escaped.length()).getBytes(StandardCharsets.UTF_8);
        }

        int maxLength() {
            return head.length + middle.length + tail.length + 2 * 24;
        }

        /** Writes the frame for {@code tag} into {@code out} at {@code pos}; returns the position after it. */
        int write(byte[] out, int pos, int phase, int index) {
            System.arraycopy(head, 0, out, pos, head.length);
            pos += head.length;
            int tagStart = pos;
            pos = writeTag(out, pos, phase, index);
            int tagLen = pos - tagStart;
            System.arraycopy(middle, 0, out, pos, middle.length);
            pos += middle.length;
            System.arraycopy(out, tagStart, out, pos, tagLen);
            pos += tagLen;
            System.arraycopy(tail, 0, out, pos, tail.length);
            return pos + tail.length;
        }

        byte[] bytes(int phase, int index) {
            byte[] out = new byte[maxLength()];
            int n = write(out, 0, phase, index);
            return java.util.Arrays.copyOf(out, n);
        }
    }

    static final String PING = "{\"type\":\"ping\"}";

    static String tag(int phase, int index) {
        return "b" + phase + "-" + index;
    }

    /** Writes {@link #tag} as ASCII bytes. */
    static int writeTag(byte[] out, int pos, int phase, int index) {
        if (phase < 0 || index < 0) throw new IllegalArgumentException("negative tag");
        out[pos++] = 'b';
        pos = writeDigits(out, pos, phase);
        out[pos++] = '-';
        return writeDigits(out, pos, index);
    }

    private static int writeDigits(byte[] out, int pos, int v) {
        int digits = 1;
        for (int x = v; x >= 10; x /= 10) digits++;
        for (int i = pos + digits - 1; i >= pos; i--) {
            out[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return pos + digits;
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
