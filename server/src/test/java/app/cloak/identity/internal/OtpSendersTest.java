package app.cloak.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.cloak.testing.SmsGatewayStandIn;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class OtpSendersTest {

    private static OtpSettings http(URI url, String token) {
        return new OtpSettings("http", null, null, null, null, null, url, token);
    }

    @Test
    void theLogSenderWritesExactlyOneAgreedLine(CapturedOutput output) {
        Logger logger = (Logger) LoggerFactory.getLogger("cloak.otp");
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        logger.addAppender(events);
        try {
            new OtpSenders.LogOtpSender().send("+15551230001", "123456");
        } finally {
            logger.detachAppender(events);
        }

        assertThat(events.list).hasSize(1);
        assertThat(events.list.getFirst().getFormattedMessage()).isEqualTo("OTP for +15551230001: 123456");
        assertThat(output.getOut().lines().filter(l -> l.contains("OTP for")))
                .singleElement().satisfies(line -> assertThat(line).endsWith("OTP for +15551230001: 123456"));
    }

    @Test
    void theSenderIsChosenBySettings() {
        var senders = new OtpSenders();
        assertThat(senders.otpSender(new OtpSettings(null, null, null, null, null, null, null, null)))
                .isInstanceOf(OtpSenders.LogOtpSender.class);
        assertThat(senders.otpSender(http(URI.create("http://127.0.0.1:1/sms"), null)))
                .isInstanceOf(OtpSenders.HttpOtpSender.class);
        assertThatThrownBy(() -> senders.otpSender(http(null, null))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> senders.otpSender(new OtpSettings("carrier-pigeon", null, null, null, null, null, null, null)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theHttpSenderDeliversTheCodeToTheGateway() {
        try (SmsGatewayStandIn gateway = SmsGatewayStandIn.start()) {
            new OtpSenders.HttpOtpSender(http(gateway.url(), null)).send("+15551230001", "654321");

            assertThat(gateway.received()).isEqualTo(1);
            assertThat(gateway.lastCodeFor("+15551230001")).isEqualTo("654321");
        }
    }

    @Test
    void theHttpSenderPostsJsonWithTheBearerToken() throws Exception {
        AtomicReference<String> body = new AtomicReference<>();
        AtomicReference<String> auth = new AtomicReference<>();
        AtomicReference<String> type = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/sms", exchange -> {
            body.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            auth.set(exchange.getRequestHeaders().getFirst("Authorization"));
            type.set(exchange.getRequestHeaders().getFirst("Content-Type"));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/sms");
            new OtpSenders.HttpOtpSender(http(url, "gw-token")).send("+15551230001", "111222");

            var json = app.cloak.testing.Api.JSON.readTree(body.get());
            assertThat(json.get("to").asString()).isEqualTo("+15551230001");
            assertThat(json.get("text").asString()).contains("111222");
            assertThat(auth.get()).isEqualTo("Bearer gw-token");
            assertThat(type.get()).isEqualTo("application/json");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aFailingGatewayIsAnError() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/sms", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/sms");
            assertThatThrownBy(() -> new OtpSenders.HttpOtpSender(http(url, null)).send("+15551230001", "111222"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("503");
        } finally {
            server.stop(0);
        }
    }
}
