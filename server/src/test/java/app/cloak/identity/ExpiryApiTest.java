package app.cloak.identity;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.CloakApplication;
import app.cloak.testing.Api;
import app.cloak.testing.MutableClock;
import app.cloak.testing.SmsGatewayStandIn;
import app.cloak.testing.WsClient;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Code and token lifetimes, with a clock the test moves (its own context and data directory). */
@SpringBootTest(classes = {CloakApplication.class, ExpiryApiTest.Clocks.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExpiryApiTest {
    static final SmsGatewayStandIn SMS = SmsGatewayStandIn.start();
    static int phones = 0;

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {
        @Bean
        @Primary
        MutableClock testClock() {
            return MutableClock.startingNow();
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        var dir = Files.createTempDirectory("cloak-expiry-test-");
        registry.add("cloak.data-dir", dir::toString);
        registry.add("cloak.otp.sender", () -> "http");
        registry.add("cloak.otp.http-url", () -> SMS.url().toString());
        registry.add("cloak.gateway.ping-interval", () -> "PT0.2S");   // the heartbeat also closes sockets of expired tokens
    }

    @AfterAll
    static void stopGateway() {
        SMS.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    private Api api() {
        return new Api(URI.create("http://127.0.0.1:" + port), null);
    }

    private static String newPhone() {
        return "+1666" + String.format("%07d", ++phones);
    }

    private Api.Response verify(String phone, String code) {
        return api().post("/api/v1/auth/verify", Map.of("phone", phone, "code", code));
    }

    @Test
    void aCodeWorksUntilItsFiveMinutesAreUp() {
        String phone = newPhone();
        assertThat(api().post("/api/v1/auth/otp", Map.of("phone", phone)).status()).isEqualTo(202);
        clock.advance(Duration.ofSeconds(299));
        assertThat(verify(phone, SMS.lastCodeFor(phone)).status()).isEqualTo(200);
    }

    @Test
    void anExpiredCodeIsRefusedAndGone() {
        String phone = newPhone();
        api().post("/api/v1/auth/otp", Map.of("phone", phone));
        String code = SMS.lastCodeFor(phone);
        clock.advance(Duration.ofSeconds(301));

        var r = verify(phone, code);

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.code()).isEqualTo("code_expired");
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(verify(phone, code).code()).as("the expired challenge was dropped").isEqualTo("invalid_code");
    }

    @Test
    void accessTokensExpireAfterFifteenMinutesButRefreshStillWorks() {
        String phone = newPhone();
        api().post("/api/v1/auth/otp", Map.of("phone", phone));
        var tokens = verify(phone, SMS.lastCodeFor(phone)).body();
        Api me = api().as(tokens.get("accessToken").asString());
        assertThat(me.get("/api/v1/me").status()).isEqualTo(200);

        clock.advance(Duration.ofMinutes(15).plusSeconds(1));

        var expired = me.get("/api/v1/me");
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.code()).isEqualTo("invalid_token");
        var refreshed = api().post("/api/v1/auth/refresh", Map.of("refreshToken", tokens.get("refreshToken").asString()));
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(api().as(refreshed.body().get("accessToken").asString()).get("/api/v1/me").status()).isEqualTo(200);
    }

    @Test
    void aWebSocketClosesWhenItsAccessTokenExpiresAndAFreshTokenReconnects() {
        String phone = newPhone();
        api().post("/api/v1/auth/otp", Map.of("phone", phone));
        var tokens = verify(phone, SMS.lastCodeFor(phone)).body();
        try (var socket = WsClient.connect(port, tokens.get("accessToken").asString())) {
            clock.advance(Duration.ofMinutes(14).plusSeconds(50));
            socket.roundTrip();
            sleepPastTwoHeartbeats();
            assertThat(socket.isClosed()).as("10 s before expiry the socket stays").isFalse();

            clock.advance(Duration.ofSeconds(11));

            var error = socket.next("error", e -> e.get("code").asString().equals("token_expired"));
            assertThat(error.get("detail").asString()).contains("refresh");
            assertThat(socket.closeCode()).isEqualTo(4002);
        }
        var refreshed = api().post("/api/v1/auth/refresh", Map.of("refreshToken", tokens.get("refreshToken").asString()));
        try (var again = WsClient.connect(port, refreshed.body().get("accessToken").asString())) {
            sleepPastTwoHeartbeats();
            assertThat(again.isClosed()).isFalse();
        }
    }

    private static void sleepPastTwoHeartbeats() {
        try {
            Thread.sleep(600);   // heartbeats every 0.2 s in this context
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void refreshTokensExpireAfterSixtyDays() {
        String phone = newPhone();
        api().post("/api/v1/auth/otp", Map.of("phone", phone));
        var tokens = verify(phone, SMS.lastCodeFor(phone)).body();

        clock.advance(Duration.ofDays(60).plusSeconds(1));

        var r = api().post("/api/v1/auth/refresh", Map.of("refreshToken", tokens.get("refreshToken").asString()));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.code()).isEqualTo("invalid_token");
    }
}
