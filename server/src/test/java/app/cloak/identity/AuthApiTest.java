package app.cloak.identity;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.testing.Api;
import app.cloak.testing.ApiTestBase;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Sign-in, refresh rotation, logout and devices over real HTTP, codes delivered by the SMS stand-in. */
class AuthApiTest extends ApiTestBase {

    private static String wrongCode(String right) {
        return right.equals("000000") ? "111111" : "000000";
    }

    private Api.Response verify(String phone, String code) {
        return anonymous().post("/api/v1/auth/verify", Map.of("phone", phone, "code", code, "deviceName", "laptop"));
    }

    private Api.Response requestCode(String phone) {
        return anonymous().post("/api/v1/auth/otp", Map.of("phone", phone));
    }

    private static void assertRateLimited(Api.Response r) {
        assertThat(r.status()).as(r.raw()).isEqualTo(429);
        assertThat(r.code()).isEqualTo("rate_limited");
        assertThat(r.contentType()).startsWith("application/problem+json");
        long retryAfter = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isPositive();
    }

    @Test
    void otpIsAcceptedAndSentToTheGateway() {
        String phone = newPhone();
        int before = SMS.received();

        var r = requestCode(phone);

        assertThat(r.status()).isEqualTo(202);
        assertThat(r.body().get("expiresInSeconds").asLong()).isEqualTo(300);
        assertThat(r.body().size()).isEqualTo(1);
        assertThat(SMS.received()).isEqualTo(before + 1);
        assertThat(SMS.lastCodeFor(phone)).matches("\\d{6}");
    }

    @Test
    void verifyIssuesTokensAndTheSamePhoneIsTheSameUser() {
        String phone = newPhone();
        requestCode(phone);
        var r = verify(phone, SMS.lastCodeFor(phone));

        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        JsonNode b = r.body();
        assertThat(b.get("accessToken").asString()).isNotBlank();
        assertThat(b.get("refreshToken").asString()).isNotBlank();
        assertThat(b.get("expiresInSeconds").asLong()).isEqualTo(900);
        assertThat(b.get("userId").asString()).isNotBlank();
        assertThat(b.get("deviceId").asString()).isNotBlank();

        var me = anonymous().as(b.get("accessToken").asString()).get("/api/v1/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body().get("userId").asString()).isEqualTo(b.get("userId").asString());
        assertThat(me.body().get("phone").asString()).isEqualTo(phone);

        Session again = signIn(phone, null, "phone");
        assertThat(again.userId()).isEqualTo(b.get("userId").asString());
        assertThat(again.deviceId()).isNotEqualTo(b.get("deviceId").asString());
    }

    @Test
    void aWrongCodeIsRefusedAndTheRightOneStillWorks() {
        String phone = newPhone();
        requestCode(phone);
        String code = SMS.lastCodeFor(phone);

        var wrong = verify(phone, wrongCode(code));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.code()).isEqualTo("invalid_code");
        assertThat(wrong.contentType()).startsWith("application/problem+json");

        assertThat(verify(phone, code).status()).isEqualTo(200);
    }

    @Test
    void aCodeForAnotherPhoneDoesNotWork() {
        String alice = newPhone();
        String mallory = newPhone();
        requestCode(alice);
        requestCode(mallory);

        var r = verify(mallory, SMS.lastCodeFor(alice).equals(SMS.lastCodeFor(mallory)) ? wrongCode(SMS.lastCodeFor(mallory)) : SMS.lastCodeFor(alice));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.code()).isEqualTo("invalid_code");
    }

    @Test
    void verifyWithoutARequestedCodeIsInvalid() {
        var r = verify(newPhone(), "123456");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.code()).isEqualTo("invalid_code");
    }

    @Test
    void aCodeIsSingleUse() {
        String phone = newPhone();
        requestCode(phone);
        String code = SMS.lastCodeFor(phone);

        assertThat(verify(phone, code).status()).isEqualTo(200);
        var second = verify(phone, code);
        assertThat(second.status()).isEqualTo(401);
        assertThat(second.code()).isEqualTo("invalid_code");
    }

    @Test
    void aNewCodeReplacesTheOldOne() {
        String phone = newPhone();
        requestCode(phone);
        String first = SMS.lastCodeFor(phone);
        requestCode(phone);
        String second = SMS.lastCodeFor(phone);

        if (!first.equals(second)) {
            assertThat(verify(phone, first).code()).isEqualTo("invalid_code");
        }
        assertThat(verify(phone, second).status()).isEqualTo(200);
    }

    @Test
    void afterFiveWrongTriesEvenTheRightCodeIsRateLimited() {
        String phone = newPhone();
        requestCode(phone);
        String code = SMS.lastCodeFor(phone);

        for (int i = 0; i < 5; i++) {
            var r = verify(phone, wrongCode(code));
            assertThat(r.status()).as("try " + (i + 1)).isEqualTo(401);
            assertThat(r.code()).isEqualTo("invalid_code");
        }
        assertRateLimited(verify(phone, code));
        assertRateLimited(verify(phone, wrongCode(code)));

        // A fresh code starts a fresh count.
        requestCode(phone);
        assertThat(verify(phone, SMS.lastCodeFor(phone)).status()).isEqualTo(200);
    }

    private java.util.List<Api.Response> inParallel(int n, java.util.function.Supplier<Api.Response> call) throws Exception {
        var start = new java.util.concurrent.CountDownLatch(1);
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<Api.Response>>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.get();
                }));
            }
            start.countDown();
            var answers = new java.util.ArrayList<Api.Response>();
            for (var f : futures) answers.add(f.get());
            return answers;
        }
    }

    @Test
    void parallelGuessesGetNoMoreThanFiveTries() throws Exception {
        String phone = newPhone();
        requestCode(phone);
        String code = SMS.lastCodeFor(phone);

        var answers = inParallel(30, () -> verify(phone, wrongCode(code)));

        assertThat(answers).extracting(Api.Response::status).containsOnly(401, 429);
        assertThat(answers.stream().filter(r -> r.status() == 401).count()).isEqualTo(5);
        assertRateLimited(verify(phone, code));
    }

    @Test
    void parallelUsesOfTheRightCodeSignInOnce() throws Exception {
        String phone = newPhone();
        requestCode(phone);
        String code = SMS.lastCodeFor(phone);

        var answers = inParallel(4, () -> verify(phone, code));

        assertThat(answers.stream().filter(r -> r.status() == 200).count()).isEqualTo(1);
        // Which losers see 401 (code gone) or 429 (attempt counted on a consumed code) is timing: any mix is fine.
        assertThat(answers).extracting(Api.Response::status).isSubsetOf(200, 401, 429);
    }

    @Test
    void theSixthCodeForOnePhoneWithinAnHourIsRateLimited() {
        String phone = newPhone();
        for (int i = 0; i < 5; i++) {
            assertThat(requestCode(phone).status()).as("request " + (i + 1)).isEqualTo(202);
        }
        int sent = SMS.received();

        assertRateLimited(requestCode(phone));
        assertThat(SMS.received()).as("no SMS for a refused request").isEqualTo(sent);
        assertThat(requestCode(newPhone()).status()).as("other phones are unaffected").isEqualTo(202);
    }

    @Test
    void invalidPhonesAreRefused() {
        for (String phone : new String[] {"15551230001", "+0555123", "+1 555 123 0001", "+1555abc0001", "", "+1234567890123456"}) {
            var r = requestCode(phone);
            assertThat(r.status()).as(phone).isEqualTo(400);
            assertThat(r.code()).as(phone).isEqualTo("invalid_phone");
        }
        var missing = anonymous().post("/api/v1/auth/otp", Map.of());
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.code()).isEqualTo("invalid_phone");
        var verify = verify("not-a-phone", "123456");
        assertThat(verify.status()).isEqualTo(400);
        assertThat(verify.code()).isEqualTo("invalid_phone");
    }

    @Test
    void verifyWithoutACodeIsABadRequest() {
        var r = anonymous().post("/api/v1/auth/verify", Map.of("phone", newPhone()));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("missing_field");
    }

    @Test
    void refreshRotatesTheRefreshToken() {
        Session s = signUp("rotator");

        var r = anonymous().post("/api/v1/auth/refresh", Map.of("refreshToken", s.refreshToken()));

        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.body().get("userId").asString()).isEqualTo(s.userId());
        assertThat(r.body().get("deviceId").asString()).isEqualTo(s.deviceId());
        assertThat(r.body().get("expiresInSeconds").asLong()).isEqualTo(900);
        String newRefresh = r.body().get("refreshToken").asString();
        assertThat(newRefresh).isNotEqualTo(s.refreshToken());
        assertThat(anonymous().as(r.body().get("accessToken").asString()).get("/api/v1/me").status()).isEqualTo(200);

        var next = anonymous().post("/api/v1/auth/refresh", Map.of("refreshToken", newRefresh));
        assertThat(next.status()).isEqualTo(200);
    }

    @Test
    void reusingAnOldRefreshTokenSignsTheDeviceOut() {
        Session s = signUp("victim");
        Session otherDevice = signIn(s.phone(), null, "tablet");
        var rotated = anonymous().post("/api/v1/auth/refresh", Map.of("refreshToken", s.refreshToken()));
        String newestRefresh = rotated.body().get("refreshToken").asString();
        String newestAccess = rotated.body().get("accessToken").asString();

        var reuse = anonymous().post("/api/v1/auth/refresh", Map.of("refreshToken", s.refreshToken()));

        assertThat(reuse.status()).isEqualTo(401);
        assertThat(reuse.code()).isEqualTo("token_reused");
        var access = anonymous().as(newestAccess).get("/api/v1/me");
        assertThat(access.status()).isEqualTo(401);
        assertThat(access.code()).isEqualTo("invalid_token");
        assertThat(s.api().get("/api/v1/me").status()).isEqualTo(401);
        var refresh = anonymous().post("/api/v1/auth/refresh", Map.of("refreshToken", newestRefresh));
        assertThat(refresh.status()).isEqualTo(401);
        assertThat(refresh.code()).isIn("invalid_token", "token_reused");

        assertThat(otherDevice.api().get("/api/v1/me").status()).as("only the leaked device's family is revoked").isEqualTo(200);
        assertThat(anonymous().post("/api/v1/auth/refresh", Map.of("refreshToken", otherDevice.refreshToken())).status())
                .isEqualTo(200);
    }

    @Test
    void unknownRefreshTokensAreRefused() {
        var r = anonymous().post("/api/v1/auth/refresh", Map.of("refreshToken", "rt_made_up"));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.code()).isEqualTo("invalid_token");
        var missing = anonymous().post("/api/v1/auth/refresh", Map.of());
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.code()).isEqualTo("missing_field");
    }

    @Test
    void logoutRevokesThisDevicesTokens() {
        Session s = signUp("leaver");

        var out = s.api().post("/api/v1/auth/logout", null);

        assertThat(out.status()).isEqualTo(204);
        var me = s.api().get("/api/v1/me");
        assertThat(me.status()).isEqualTo(401);
        assertThat(me.code()).isEqualTo("invalid_token");
        var refresh = anonymous().post("/api/v1/auth/refresh", Map.of("refreshToken", s.refreshToken()));
        assertThat(refresh.status()).isEqualTo(401);
        assertThat(refresh.code()).isEqualTo("invalid_token");
        assertThat(anonymous().post("/api/v1/auth/logout", null).status()).as("logout needs a token").isEqualTo(401);
    }

    @Test
    void devicesAreListedAndAnotherOneCanBeRevoked() {
        Session laptop = signUp("multi");
        Session phone = signIn(laptop.phone(), null, "phone");

        var list = laptop.api().get("/api/v1/devices");
        assertThat(list.status()).isEqualTo(200);
        JsonNode devices = list.body().get("devices");
        assertThat(devices.size()).isEqualTo(2);
        for (JsonNode d : devices) {
            boolean isLaptop = d.get("deviceId").asString().equals(laptop.deviceId());
            assertThat(d.get("current").asBoolean()).isEqualTo(isLaptop);
            assertThat(d.get("name").asString()).isEqualTo(isLaptop ? "test-device" : "phone");
            assertThat(d.get("createdAt").asString()).endsWith("Z");
        }

        assertThat(laptop.api().delete("/api/v1/devices/" + phone.deviceId()).status()).isEqualTo(204);

        assertThat(phone.api().get("/api/v1/me").status()).isEqualTo(401);
        assertThat(anonymous().post("/api/v1/auth/refresh", Map.of("refreshToken", phone.refreshToken())).status()).isEqualTo(401);
        assertThat(laptop.api().get("/api/v1/devices").body().get("devices").size()).isEqualTo(1);
        assertThat(laptop.api().delete("/api/v1/devices/" + phone.deviceId()).status()).as("already revoked").isEqualTo(404);
    }

    @Test
    void someoneElsesDeviceCannotBeRevoked() {
        Session alice = signUp("alice");
        Session bob = signUp("bob");

        var r = alice.api().delete("/api/v1/devices/" + bob.deviceId());

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.code()).isEqualTo("not_found");
        assertThat(bob.api().get("/api/v1/me").status()).isEqualTo(200);
        assertThat(alice.api().delete("/api/v1/devices/d_nope").status()).isEqualTo(404);
    }
}
