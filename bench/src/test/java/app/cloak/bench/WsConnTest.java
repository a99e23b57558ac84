package app.cloak.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client side only, on Netty's in-memory channel: no server, and no figure ever comes from this. */
class WsConnTest {
    private static final Api.User USER = new Api.User("+15550000001", "u_1", "t");

    /** A connection whose pipeline is the frame aggregator and WsConn's handler, past the handshake. */
    private static EmbeddedChannel channel(WsConn conn) {
        EmbeddedChannel ch = new EmbeddedChannel(new WebSocketFrameAggregator(WsFleet.MAX_FRAME_BYTES), conn.new Inbound());
        ch.pipeline().fireUserEventTriggered(ClientHandshakeStateEvent.HANDSHAKE_COMPLETE);
        return ch;
    }

    private static ByteBuf utf8(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    @Test
    void reassemblesFragmentsAndParsesFramesFromDirectBuffers() {
        List<Frames.Frame> got = new ArrayList<>();
        WsConn conn = new WsConn(USER, 0, (c, f, t) -> got.add(f));
        EmbeddedChannel ch = channel(conn);
        assertTrue(conn.opened().isDone());
        assertTrue(conn.open());
        ch.writeInbound(new TextWebSocketFrame(false, 0, utf8("{\"type\":\"message.sent\",\"client")));
        ch.writeInbound(new ContinuationWebSocketFrame(false, 0, utf8("MsgId\":\"b1-2\",\"seq\":")));
        ch.writeInbound(new ContinuationWebSocketFrame(true, 0, utf8("3}")));
        ByteBuf direct = Unpooled.directBuffer();
        direct.writeCharSequence("{\"type\":\"pong\"}", StandardCharsets.UTF_8);
        ch.writeInbound(new TextWebSocketFrame(direct));
        ch.writeInbound(new TextWebSocketFrame("garbage"));
        ch.writeInbound(new BinaryWebSocketFrame(utf8("{}")));
        assertEquals(2, got.size());
        assertEquals("b1-2", got.get(0).clientMsgId());
        assertEquals(3, got.get(0).seq());
        assertEquals("pong", got.get(1).type());
        assertEquals(1, conn.pongs.get());
        assertEquals(2, conn.badFrames.get());
        assertEquals(3, conn.framesIn.get());
        assertEquals(0, direct.refCnt(), "frames are released after handling");
    }

    @Test
    void largeFrameFromADirectBufferGrowsTheScratchArray() {
        List<Frames.Frame> got = new ArrayList<>();
        WsConn conn = new WsConn(USER, 0, (c, f, t) -> got.add(f));
        EmbeddedChannel ch = channel(conn);
        String text = "b1-1 " + "x".repeat(5000);
        ByteBuf direct = Unpooled.directBuffer();
        direct.writeCharSequence("{\"type\":\"message.new\",\"message\":{\"text\":\"" + text + "\"}}", StandardCharsets.UTF_8);
        ch.writeInbound(new TextWebSocketFrame(direct));
        assertEquals(text, got.getFirst().text());
    }

    @Test
    void closeFrameIsRecordedAndAnswered() {
        WsConn conn = new WsConn(USER, 0, (c, f, t) -> {});
        EmbeddedChannel ch = channel(conn);
        ch.writeInbound(new CloseWebSocketFrame(1009, "too big"));
        assertFalse(conn.open());
        assertEquals("closed 1009 too big", conn.closedBecause());
        CloseWebSocketFrame answer = ch.readOutbound();
        assertEquals(1009, answer.statusCode());
        answer.release();
        assertFalse(ch.isActive());
    }

    @Test
    void batchWritesInOrderAndFlushesEachSocketOnce() {
        WsConn a = new WsConn(USER, 0, (c, f, t) -> {});
        WsConn b = new WsConn(USER, 1, (c, f, t) -> {});
        EmbeddedChannel cha = channel(a), chb = channel(b);
        WsConn.sendBatch(List.of(a, b, a), List.of(utf8("1"), utf8("2"), utf8("3")));
        cha.runPendingTasks();
        chb.runPendingTasks();
        assertEquals(List.of("1", "3"), texts(cha));
        assertEquals(List.of("2"), texts(chb));
        a.send("4");
        assertEquals(List.of("4"), texts(cha));
        assertEquals(0, a.sendFailures.get());
        cha.close();
        a.send("5");
        assertEquals(1, a.sendFailures.get(), "a send on a closed socket is counted as failed");
    }

    private static List<String> texts(EmbeddedChannel ch) {
        List<String> out = new ArrayList<>();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            TextWebSocketFrame f = (TextWebSocketFrame) o;
            out.add(f.text());
            f.release();
        }
        return out;
    }
}
