package app.cloak.identity;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.CloakApplication;
import app.cloak.testing.Api;
import java.net.URI;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Per-IP limits on code requests and verify calls, with small limits (its own context). */
@SpringBootTest(classes = CloakApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PerIpLimitApiTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        var dir = Files.createTempDirectory("cloak-ip-limit-test-");
        registry.add("cloak.data-dir", dir::toString);
        registry.add("cloak.otp.sender", () -> "log");
        registry.add("cloak.otp.per-ip-per-hour", () -> "3");
        registry.add("cloak.otp.verify-per-ip-per-hour", () -> "4");
    }

    @LocalServerPort
    int port;

    private Api api() {
        return new Api(URI.create("http://127.0.0.1:" + port), null);
    }

    private static void assertRateLimited(Api.Response r) {
        assertThat(r.status()).as(r.raw()).isEqualTo(429);
        assertThat(r.code()).isEqualTo("rate_limited");
        assertThat(Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow())).isPositive();
    }

    @Test
    void oneIpMayRequestOnlySoManyCodesAcrossPhones() {
        for (int i = 1; i <= 3; i++) {
            assertThat(api().post("/api/v1/auth/otp", Map.of("phone", "+1777000000" + i)).status()).isEqualTo(202);
        }
        assertRateLimited(api().post("/api/v1/auth/otp", Map.of("phone", "+17770000009")));
    }

    @Test
    void oneIpMayVerifyOnlySoManyTimes() {
        for (int i = 1; i <= 4; i++) {
            var r = api().post("/api/v1/auth/verify", Map.of("phone", "+1778000000" + i, "code", "123456"));
            assertThat(r.status()).isEqualTo(401);
        }
        assertRateLimited(api().post("/api/v1/auth/verify", Map.of("phone", "+17780000009", "code", "123456")));
    }
}
