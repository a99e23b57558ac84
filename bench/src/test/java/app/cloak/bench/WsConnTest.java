package app.cloak.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The client side only, against a fake socket: no server, and no figure ever comes from this. */
class WsConnTest {
    /** Records what the connection asks of its socket; completes sends on demand to check the one-in-flight rule. */
    static final class FakeSocket implements WebSocket {
        final List<String> sent = new ArrayList<>();
        final List<CompletableFuture<WebSocket>> pending = new ArrayList<>();
        long requested;
        boolean inFlight;

        @Override
        public CompletableFuture<WebSocket> sendText(CharSequence data, boolean last) {
            if (inFlight) throw new IllegalStateException("send while another is in flight");
            inFlight = true;
            sent.add(data.toString());
            CompletableFuture<WebSocket> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        }

        void completeNext() {
            inFlight = false;
            pending.removeFirst().complete(this);
        }

        @Override public CompletableFuture<WebSocket> sendBinary(ByteBuffer data, boolean last) { throw new UnsupportedOperationException(); }
        @Override public CompletableFuture<WebSocket> sendPing(ByteBuffer message) { throw new UnsupportedOperationException(); }
        @Override public CompletableFuture<WebSocket> sendPong(ByteBuffer message) { throw new UnsupportedOperationException(); }
        @Override public CompletableFuture<WebSocket> sendClose(int statusCode, String reason) { return CompletableFuture.completedFuture(this); }
        @Override public void request(long n) { requested += n; }
        @Override public String getSubprotocol() { return ""; }
        @Override public boolean isOutputClosed() { return false; }
        @Override public boolean isInputClosed() { return false; }
        @Override public void abort() {}
    }

    @Test
    void reassemblesFragmentsAndKeepsReading() {
        List<Frames.Frame> got = new ArrayList<>();
        WsConn conn = new WsConn(new Api.User("+15550000001", "u_1", "t"), 0, JsonMapper.builder().build(), (c, f, t) -> got.add(f));
        FakeSocket ws = new FakeSocket();
        conn.onOpen(ws);
        conn.onText(ws, "{\"type\":\"message.sent\",\"client", false);
        conn.onText(ws, "MsgId\":\"b1-2\",\"seq\":", false);
        conn.onText(ws, "3}", true);
        conn.onText(ws, "{\"type\":\"pong\"}", true);
        conn.onText(ws, "garbage", true);
        assertEquals(2, got.size());
        assertEquals("b1-2", got.get(0).clientMsgId());
        assertEquals(3, got.get(0).seq());
        assertEquals(1, conn.pongs.get());
        assertEquals(1, conn.badFrames.get());
        assertEquals(6, ws.requested, "one request at open and one after every fragment, bad frames included");
        assertTrue(conn.open());
        conn.onClose(ws, 1009, "too big");
        assertFalse(conn.open());
        assertEquals("closed 1009 too big", conn.closedBecause());
    }

    @Test
    void sendsOneAtATimeInOrder() {
        WsConn conn = new WsConn(new Api.User("+15550000001", "u_1", "t"), 0, JsonMapper.builder().build(), (c, f, t) -> {});
        FakeSocket ws = new FakeSocket();
        conn.onOpen(ws);
        conn.send("a");
        conn.send("b");
        conn.send("c");
        assertEquals(List.of("a"), ws.sent);
        ws.completeNext();
        assertEquals(List.of("a", "b"), ws.sent);
        ws.completeNext();
        ws.completeNext();
        assertEquals(List.of("a", "b", "c"), ws.sent);
        assertEquals(0, conn.sendFailures.get());
    }
}
