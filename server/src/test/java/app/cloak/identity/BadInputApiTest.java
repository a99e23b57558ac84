package app.cloak.identity;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.testing.Api;
import app.cloak.testing.ApiTestBase;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad input gets a clear problem+json answer and changes nothing. */
class BadInputApiTest extends ApiTestBase {

    private static void assertProblem(Api.Response r, int status, String code) {
        assertThat(r.status()).as(r.raw()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.code()).isEqualTo(code);
        assertThat(r.body().get("status").asInt()).isEqualTo(status);
        assertThat(r.body().get("type").asString()).isNotBlank();
        assertThat(r.body().get("detail").asString()).isNotBlank();
    }

    private static String jwt(byte[] key, String sub, String did, String issuer, Instant expires) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).subject(sub).claim("did", did)
                .issueTime(new Date()).expirationTime(Date.from(expires)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(key));
        return jwt.serialize();
    }

    private static byte[] serverKey() throws Exception {
        return Base64.getDecoder().decode(Files.readString(dataDir().resolve("secrets/jwt-signing.key")).strip());
    }

    @Test
    void malformedJsonIsA400() {
        int sent = SMS.received();
        var r = anonymous().post("/api/v1/auth/otp", "{\"phone\": \"+15551230001\"");
        assertProblem(r, 400, "malformed_json");
        assertProblem(anonymous().post("/api/v1/auth/otp", "not json at all"), 400, "malformed_json");
        assertThat(SMS.received()).isEqualTo(sent);
    }

    @Test
    void aMissingBodyIsA400() {
        var r = anonymous().send("POST", "/api/v1/auth/otp", null, "application/json");
        assertProblem(r, 400, "malformed_json");
    }

    @Test
    void aNumberWhereAStringBelongsIsNotCoerced() {
        int sent = SMS.received();
        var r = anonymous().post("/api/v1/auth/otp", "{\"phone\":15551230001}");
        assertProblem(r, 400, "malformed_json");
        assertProblem(anonymous().post("/api/v1/auth/otp", "{\"phone\":true}"), 400, "malformed_json");
        assertThat(SMS.received()).as("no code was sent").isEqualTo(sent);
    }

    @Test
    void wrongTypesInAProfilePatchChangeNothing() {
        Session s = signUp("Original");

        assertProblem(s.api().patch("/api/v1/me", "{\"displayName\":[\"x\"]}"), 400, "malformed_json");
        assertProblem(s.api().patch("/api/v1/me", "{\"displayName\":123,\"about\":\"changed\"}"), 400, "malformed_json");
        assertProblem(s.api().patch("/api/v1/me", "{\"displayName\":{\"a\":1}}"), 400, "malformed_json");

        var me = s.api().get("/api/v1/me").body();
        assertThat(me.get("displayName").asString()).isEqualTo("Original");
        assertThat(me.get("about").asString()).isEmpty();
    }

    @Test
    void aListOfTheWrongTypeIsRefused() {
        Session s = signUp("looker");
        assertProblem(s.api().post("/api/v1/contacts/lookup", "{\"phones\":\"+15551230001\"}"), 400, "malformed_json");
        assertProblem(s.api().post("/api/v1/contacts/lookup", "{\"phones\":[15551230001]}"), 400, "malformed_json");
    }

    @Test
    void aBodyOver256KiBIsA413() {
        String big = "{\"phone\":\"" + "1".repeat(256 * 1024) + "\"}";
        int sent = SMS.received();
        assertProblem(anonymous().post("/api/v1/auth/otp", big), 413, "payload_too_large");
        Session s = signUp("big");
        assertProblem(s.api().patch("/api/v1/me", "{\"about\":\"" + "a".repeat(300 * 1024) + "\"}"), 413, "payload_too_large");
        assertThat(s.api().get("/api/v1/me").body().get("about").asString()).isEmpty();
        assertThat(SMS.received()).isEqualTo(sent + 1);
    }

    @Test
    void aChunkedBodyOver256KiBIsCutOffWithA413() throws Exception {
        Session s = signUp("chunked");
        byte[] body = ("{\"about\":\"" + "a".repeat(300 * 1024) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var request = java.net.http.HttpRequest.newBuilder(anonymous().base().resolve("/api/v1/me"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + s.accessToken())
                // No declared length: the client sends the body chunked.
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)))
                .build();
        var response = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(response.body()).contains("payload_too_large");
        assertThat(s.api().get("/api/v1/me").body().get("about").asString()).isEmpty();
    }

    @Test
    void aBodyJustUnderTheLimitIsParsed() {
        // Not refused for size: the field check answers instead.
        String body = "{\"displayName\":\"" + "a".repeat(200 * 1024) + "\"}";
        Session s = signUp("medium");
        assertProblem(s.api().patch("/api/v1/me", body), 400, "field_too_long");
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() throws Exception {
        Session s = signUp("forged");
        byte[] otherKey = new byte[32];
        new java.security.SecureRandom().nextBytes(otherKey);
        String forged = jwt(otherKey, s.userId(), s.deviceId(), "cloak", Instant.now().plusSeconds(600));

        assertProblem(anonymous().as(forged).get("/api/v1/me"), 401, "invalid_token");
    }

    @Test
    void aTokenMintedWithTheServerKeyWorksSoTheOtherTokenTestsMeanSomething() throws Exception {
        Session s = signUp("control");
        String good = jwt(serverKey(), s.userId(), s.deviceId(), "cloak", Instant.now().plusSeconds(600));
        assertThat(anonymous().as(good).get("/api/v1/me").status()).isEqualTo(200);
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        Session s = signUp("expired");
        String expired = jwt(serverKey(), s.userId(), s.deviceId(), "cloak", Instant.now().minusSeconds(1));

        assertProblem(anonymous().as(expired).get("/api/v1/me"), 401, "invalid_token");
    }

    @Test
    void aTokenFromAnotherIssuerOrForAnotherUsersDeviceIsRefused() throws Exception {
        Session s = signUp("issuer");
        Session other = signUp("other");
        String issuer = jwt(serverKey(), s.userId(), s.deviceId(), "someone-else", Instant.now().plusSeconds(600));
        String mixed = jwt(serverKey(), s.userId(), other.deviceId(), "cloak", Instant.now().plusSeconds(600));

        assertProblem(anonymous().as(issuer).get("/api/v1/me"), 401, "invalid_token");
        assertProblem(anonymous().as(mixed).get("/api/v1/me"), 401, "invalid_token");
    }

    @Test
    void anUnsignedAlgNoneTokenIsRefused() {
        Session s = signUp("none");
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("cloak").subject(s.userId()).claim("did", s.deviceId())
                .expirationTime(Date.from(Instant.now().plusSeconds(600))).build();
        String none = new PlainJWT(claims).serialize();
        // The same claims with the real access token's signature swapped out.
        String[] real = s.accessToken().split("\\.");
        String noneHeader = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes());

        assertProblem(anonymous().as(none).get("/api/v1/me"), 401, "invalid_token");
        assertProblem(anonymous().as(noneHeader + "." + real[1] + ".").get("/api/v1/me"), 401, "invalid_token");
        assertProblem(anonymous().as(noneHeader + "." + real[1] + "." + real[2]).get("/api/v1/me"), 401, "invalid_token");
    }

    @Test
    void garbageTokensAreRefused() {
        for (String token : new String[] {"garbage", "a.b.c", "eyJhbGciOiJIUzI1NiJ9..", "Bearer"}) {
            assertProblem(anonymous().as(token).get("/api/v1/me"), 401, "invalid_token");
        }
    }

    @Test
    void aMissingTokenIsUnauthenticated() {
        var r = anonymous().get("/api/v1/me");
        assertProblem(r, 401, "unauthenticated");
        assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertProblem(anonymous().get("/api/v1/devices"), 401, "unauthenticated");
        assertProblem(anonymous().post("/api/v1/contacts/lookup", Map.of("phones", java.util.List.of())), 401, "unauthenticated");
    }

    @Test
    void anOverLongDisplayNameIsRefusedAndChangesNothing() {
        Session s = signUp("Short");

        assertProblem(s.api().patch("/api/v1/me", Map.of("displayName", "x".repeat(65), "about", "new")), 400, "field_too_long");
        assertProblem(s.api().patch("/api/v1/me", Map.of("about", "y".repeat(141))), 400, "field_too_long");

        var me = s.api().get("/api/v1/me").body();
        assertThat(me.get("displayName").asString()).isEqualTo("Short");
        assertThat(me.get("about").asString()).isEmpty();
        var ok = s.api().patch("/api/v1/me", Map.of("displayName", "x".repeat(64)));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body().get("displayName").asString()).isEqualTo("x".repeat(64));
    }

    @Test
    void aLoneSurrogateIsInvalidText() {
        Session s = signUp("Clean");
        assertProblem(s.api().patch("/api/v1/me", "{\"displayName\":\"a\\ud800b\"}"), 400, "invalid_text");
        assertThat(s.api().get("/api/v1/me").body().get("displayName").asString()).isEqualTo("Clean");
    }

    @Test
    void unknownApiPathsAndWrongMethodsAreProblems() {
        Session s = signUp("lost");
        assertProblem(s.api().get("/api/v1/nothing-here"), 404, "not_found");
        assertProblem(anonymous().get("/api/v1/auth/otp"), 405, "method_not_allowed");
        assertProblem(anonymous().send("POST", "/api/v1/auth/otp", "phone=+15551230001", "text/plain"), 415, "unsupported_media_type");
    }
}
