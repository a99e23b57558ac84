package app.cloak.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sending clock against a real socket: a stand-in WebSocket server on loopback acks every {@code message.send}
 * at once. A functional check, not a measurement: every message must be acked, and acks must be read within a
 * few ticks, not once per task-processing quantum of the event loop (a bug once spread acks over 0-1 s).
 */
class OpenLoopTest {
    private final ObjectMapper json = JsonMapper.builder().build();

    @Test
    void clockSendsEveryMessageAndReadsAcksBetweenTicks() throws Exception {
        EventLoopGroup serverLoops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup clientLoops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel server = new ServerBootstrap().group(serverLoops).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                                    new WebSocketServerProtocolHandler("/ws", null, false, 65536, false, true), new Acker());
                        }
                    })
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            WsSend.Switch handler = new WsSend.Switch();
            List<WsConn> conns = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                conns.add(WsFleet.connect(clientLoops, URI.create("ws://127.0.0.1:" + port + "/ws?access_token=t" + i),
                        InetAddress.getLoopbackAddress(), new Api.User("+1555000000" + i, "u_" + i, "t"), i, handler,
                        Duration.ofSeconds(10)).opened().get());
            }
            OpenLoop loop = new OpenLoop(1, 400, Duration.ofMillis(200), Duration.ofSeconds(1), 2, 0);   // the clock starts here
            handler.current = loop;
            loop.drive(k -> new OpenLoop.Target(conns.get(k % 2), "c_" + (k % 2)), json, "some words", 1_000_000L);
            assertTrue(loop.drain(Duration.ofSeconds(10)), "every message acked");
            OpenLoop.Result r = loop.result();
            assertEquals(400, r.measured());
            assertEquals(400, r.measuredAcked());
            assertTrue(r.errors().isEmpty(), r.errors().toString());
            assertTrue(r.ack().p50Ms() < 250, "acks read between ticks, not once a second: " + r.ack().line());
            server.close().sync();
        } finally {
            clientLoops.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
            serverLoops.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** Answers every message.send with its message.sent, like the server's gateway once the message is stored. */
    private final class Acker extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            JsonNode n = json.readTree(frame.text());
            assertEquals("message.send", n.get("type").asString());
            String id = n.get("clientMsgId").asString();
            assertTrue(n.get("text").asString().startsWith(id + " "), "the tag is the text's first word");
            ctx.writeAndFlush(new TextWebSocketFrame("{\"type\":\"message.sent\",\"clientMsgId\":\"" + id + "\",\"seq\":1}"));
        }
    }
}
