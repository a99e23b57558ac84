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
        var f = Frames.parse("{\"type\":\"message.sent\",\"clientMsgId\":\"b3-17\",\"messageId\":\"m_1\",\"chatId\":\"c_1\",\"seq\":42}");
        assertEquals("message.sent", f.type());
        assertEquals("b3-17", f.clientMsgId());
        assertEquals("m_1", f.messageId());
        assertEquals("c_1", f.chatId());
        assertEquals(42, f.seq());
    }

    @Test
    void newMessageFrameReadsTheNestedMessage() {
        var f = Frames.parse("""
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
        var f = Frames.parse("{\"type\":\"error\",\"code\":\"rate_limited\",\"detail\":\"slow down\",\"ref\":\"b1-2\"}");
        assertEquals("rate_limited", f.code());
        assertEquals("b1-2", f.ref());
        var pong = Frames.parse("{\"type\":\"pong\"}");
        assertEquals("pong", pong.type());
        assertNull(pong.clientMsgId());
        assertEquals(-1, pong.seq());
        assertThrows(RuntimeException.class, () -> Frames.parse("{\"no\":\"type\"}"));
        assertThrows(RuntimeException.class, () -> Frames.parse("not json"));
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
    void parserSkipsWhatItDoesNotReadInAnyOrder() {
        // the nested message first, objects and arrays to skip, escapes, a numeric string seq
        var f = Frames.parse("""
                {"message":{"reactions":[{"emoji":"👍","by":["u_2"]}],"text":"b4-8 caf\\u00e9 \\"q\\" ü","senderId":"u_1",
                 "meta":{"text":"not this one","seq":1},"seq":"9","messageId":"m_3","chatId":"c_4"},"type":"message.new","text":"top"}""");
        assertEquals("message.new", f.type());
        assertEquals("b4-8 café \"q\" ü", f.text());
        assertEquals("u_1", f.senderId());
        assertEquals(9, f.seq());
        assertEquals("m_3", f.messageId());
        assertEquals("c_4", f.chatId());
        var nulls = Frames.parse("{\"type\":\"message.sent\",\"clientMsgId\":null,\"seq\":null,\"ref\":17}");
        assertNull(nulls.clientMsgId());
        assertEquals(-1, nulls.seq());
        assertEquals("17", nulls.ref());
    }

    @Test
    void parserRejectsBrokenFrames() {
        assertThrows(RuntimeException.class, () -> Frames.parse("{\"type\":\"message.sent\""));
        assertThrows(RuntimeException.class, () -> Frames.parse("[1,2]"));
        assertThrows(RuntimeException.class, () -> Frames.parse("{\"type\":\"pong\"} {}"));
        assertThrows(RuntimeException.class, () -> Frames.parse("{\"message\":{\"text\":\"b1-1\"}}"));
        byte[] badUtf8 = {'{', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xC3, '"', '}'};
        assertThrows(RuntimeException.class, () -> Frames.parse(badUtf8, 0, badUtf8.length));
    }

    @Test
    void parsesASliceOfABuffer() {
        byte[] b = "xx{\"type\":\"message.sent\",\"clientMsgId\":\"b1-2\"}yy".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals("b1-2", Frames.parse(b, 2, b.length - 4).clientMsgId());
    }

    @Test
    void sendTemplateWritesExactlyJacksonsFrame() {
        String filler = "the quick \"brown\" fox \\ jumps\nover ünïcødé 😀 and\ttabs";
        for (String chat : new String[] {"c_1", "018f2a6e-7b1c-7d2e-9f00-123456789abc", "q\"uote"}) {
            Frames.SendTemplate t = new Frames.SendTemplate(json, chat, filler);
            for (int[] pk : new int[][] {{0, 0}, {1, 9}, {12, 10}, {7, 1234567}, {123, Integer.MAX_VALUE}}) {
                String tag = Frames.tag(pk[0], pk[1]);
                String expected = Frames.send(json, chat, tag, tag + " " + filler);
                assertEquals(expected, new String(t.bytes(pk[0], pk[1]), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        byte[] out = new byte[64];
        int end = Frames.writeTag(out, 3, 40, 7);
        assertEquals("b40-7", new String(out, 3, end - 3, java.nio.charset.StandardCharsets.US_ASCII));
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
