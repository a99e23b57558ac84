package app.cloak.identity;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.testing.ApiTestBase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Phone numbers, codes and tokens never reach a log line (the http sender is in use here). */
@ExtendWith(OutputCaptureExtension.class)
class NoSecretsInLogsTest extends ApiTestBase {

    @Test
    void signInAndProfileCallsLogNoPhoneCodeOrToken(CapturedOutput output) {
        Session s = signUp("Quiet");
        String code = SMS.lastCodeFor(s.phone());
        var refreshed = anonymous().post("/api/v1/auth/refresh", Map.of("refreshToken", s.refreshToken()));
        anonymous().post("/api/v1/auth/refresh", Map.of("refreshToken", s.refreshToken())); // a reuse, logged or not
        s.api().post("/api/v1/contacts/lookup", Map.of("phones", List.of(s.phone(), "+15550000000")));
        anonymous().post("/api/v1/auth/verify", Map.of("phone", s.phone(), "code", "999999"));
        anonymous().as(s.accessToken()).get("/api/v1/me");
        anonymous().post("/api/v1/auth/otp", "{\"phone\":\"" + s.phone() + "\"");

        org.slf4j.LoggerFactory.getLogger(AuthApiTest.class).warn("log capture works");

        String logs = output.getAll();
        assertThat(logs).as("control: the application's log lines are captured").contains("log capture works");
        assertThat(logs).doesNotContain(s.phone()).doesNotContain(s.phone().substring(1));
        assertThat(logs).doesNotContain(s.accessToken()).doesNotContain(s.refreshToken());
        assertThat(logs).doesNotContain(refreshed.body().get("refreshToken").asString());
        assertThat(logs).doesNotContain(refreshed.body().get("accessToken").asString());
        assertThat(logs).doesNotContain("OTP for").doesNotContain("code is " + code);
    }
}
