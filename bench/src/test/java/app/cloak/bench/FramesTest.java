package app.cloak.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

class FramesTest {
    private final ObjectMapper json = JsonMapper.builder().build();

    @Test
    void ackFrame() {
        var f = Frames.parse(json, "{\"type\":\"message.sent\",\"clientMsgId\":\"b3-17\",\"messageId\":\"m_1\",\"chatId\":\"c_1\",\"seq\":42}");
        assertEquals("message.sent", f.type());
        assertEquals("b3-17", f.clientMsgId());
        assertEquals("m_1", f.messageId());
        assertEquals("c_1", f.chatId());
        assertEquals(42, f.seq());
    }

    @Test
    void newMessageFrameReadsTheNestedMessage() {
        var f = Frames.parse(json, """
                {"type":"message.new","message":{"messageId":"m_9","chatId":"c_2","seq":7,"senderId":"u_1","type":"text",
                 "text":"b1-5 the quick brown fox","replyTo":null,"createdAt":"2026-11-27T00:00:00Z","editedAt":null,"deleted":false}}""");
        assertEquals("message.new", f.type());
        assertEquals("u_1", f.senderId());
        assertEquals(7, f.seq());
        assertEquals("b1-5 the quick brown fox", f.text());
        assertArrayEquals(new int[] {1, 5}, Frames.parseTag(f.text()));
    }

    @Test
    void errorFrameAndFramesWithoutFields() {
        var f = Frames.parse(json, "{\"type\":\"error\",\"code\":\"rate_limited\",\"detail\":\"slow down\",\"ref\":\"b1-2\"}");
        assertEquals("rate_limited", f.code());
        assertEquals("b1-2", f.ref());
        var pong = Frames.parse(json, "{\"type\":\"pong\"}");
        assertEquals("pong", pong.type());
        assertNull(pong.clientMsgId());
        assertEquals(-1, pong.seq());
        assertThrows(RuntimeException.class, () -> Frames.parse(json, "{\"no\":\"type\"}"));
        assertThrows(RuntimeException.class, () -> Frames.parse(json, "not json"));
    }

    @Test
    void sendFrameRoundTrips() {
        String raw = Frames.send(json, "c_1", Frames.tag(2, 99), "b2-99 \"quoted\" text");
        var n = json.readTree(raw);
        assertEquals("message.send", n.get("type").asString());
        assertEquals("c_1", n.get("chatId").asString());
        assertEquals("b2-99", n.get("clientMsgId").asString());
        assertEquals("b2-99 \"quoted\" text", n.get("text").asString());
    }

    @Test
    void tags() {
        assertArrayEquals(new int[] {12, 3456}, Frames.parseTag("b12-3456"));
        assertArrayEquals(new int[] {0, 0}, Frames.parseTag("b0-0 hello"));
        assertNull(Frames.parseTag(null));
        assertNull(Frames.parseTag("hello there"));
        assertNull(Frames.parseTag("b1-"));
        assertNull(Frames.parseTag("b-1 x"));
        assertNull(Frames.parseTag("b1-2x"));
        assertNull(Frames.parseTag("r1-2"));
    }
}
