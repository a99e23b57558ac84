package app.cloak.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.testing.Api;
import app.cloak.testing.ApiTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.util.ClassUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document: served without a token at {@code /v3/api-docs}, identical to the committed
 * {@code docs/openapi.json}, and covering every call of the public contract (API.md).
 */
class OpenApiDocumentTest extends ApiTestBase {
    static final Path COMMITTED = Path.of("..", "docs", "openapi.json").toAbsolutePath().normalize();
    static final String REGENERATE = "./mvnw -q -pl server test -Dtest=OpenApiDocumentTest -Dopenapi.write=true";
    private static final JsonMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT).enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    /**
     * API.md's calls, section by section. The bridge and archives sections are checked once their module
     * is part of the server (their package-info is on the class path); everything else always.
     */
    private static final String CONTRACT = """
            GET /actuator/health
            POST /api/v1/media
            POST /api/v1/auth/otp
            POST /api/v1/auth/verify
            POST /api/v1/auth/refresh
            POST /api/v1/auth/logout
            GET /api/v1/me
            PATCH /api/v1/me
            GET /api/v1/users/{userId}
            POST /api/v1/contacts/lookup
            POST /api/v1/chats
            GET /api/v1/chats
            GET /api/v1/chats/{chatId}
            POST /api/v1/chats/{chatId}/members
            DELETE /api/v1/chats/{chatId}/members/{userId}
            POST /api/v1/chats/{chatId}/messages
            GET /api/v1/chats/{chatId}/messages
            POST /api/v1/chats/{chatId}/read
            GET /api/v1/chats/{chatId}/messages/{messageId}/receipts
            GET /api/v1/search
            GET /api/v1/privacy
            PATCH /api/v1/privacy
            PUT /api/v1/chats/{chatId}/cloak
            POST /api/v1/chats/{chatId}/reveal
            GET /api/v1/reveals
            DELETE /api/v1/reveals/{revealId}
            GET /api/v1/audit
            GET /ws
            bridge: POST /api/v1/bridge/whatsapp/links
            bridge: GET /webhooks/whatsapp/{linkId}
            bridge: POST /webhooks/whatsapp/{linkId}
            archives: POST /api/v1/archives
            archives: GET /api/v1/archives/{archiveId}/analytics
            archives: GET /api/v1/archives/{archiveId}/export
            """;

    private Api.Response served() {
        return anonymous().get("/v3/api-docs");
    }

    @Test
    void servedWithoutATokenAsJson() {
        Api.Response r = served();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.body().path("openapi").asString()).startsWith("3.");
        assertThat(r.body().path("info").path("title").asString()).isEqualTo("Cloak API");
    }

    @Test
    void committedCopyIsTheServedDocument() throws IOException {
        String served = canonical(served().raw());
        if (Boolean.getBoolean("openapi.write")) {
            Files.writeString(COMMITTED, served);
        }
        String committed = Files.exists(COMMITTED) ? Files.readString(COMMITTED) : "";
        assertThat(committed)
                .as("docs/openapi.json differs from the document the server serves; regenerate it with:%n  %s%n"
                        + "(from the repository root) and commit it", REGENERATE)
                .isEqualTo(served);
    }

    @Test
    void everyCallOfTheContractIsDocumentedWithItsMethod() {
        JsonNode paths = served().body().path("paths");
        Set<String> documented = new TreeSet<>();
        for (var path : paths.properties()) {
            for (var method : path.getValue().properties()) {
                documented.add(method.getKey().toUpperCase(Locale.ROOT) + " " + shape(path.getKey()));
            }
        }
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (String line : CONTRACT.strip().split("\n")) {
            String call = line;
            int colon = line.indexOf(": ");
            if (colon > 0) {
                String module = line.substring(0, colon);
                if (!ClassUtils.isPresent("app.cloak." + module + ".package-info", getClass().getClassLoader())) continue;
                call = line.substring(colon + 2);
            }
            checked++;
            String[] parts = call.split(" ");
            if (!documented.contains(parts[0] + " " + shape(parts[1]))) missing.add(call);
        }
        assertThat(checked).isGreaterThanOrEqualTo(28);
        assertThat(missing).as("API.md calls missing from /v3/api-docs").isEmpty();
    }

    @Test
    void bearerEverywhereExceptTheSignInCallsAndErrorsAreProblemDetails() {
        JsonNode doc = served().body();
        assertThat(doc.path("components").path("securitySchemes").path("bearer").path("scheme").asString()).isEqualTo("bearer");
        assertThat(doc.path("security").get(0).has("bearer")).isTrue();

        JsonNode otp = doc.path("paths").path("/api/v1/auth/otp").path("post");
        assertThat(otp.path("security").isArray() && otp.path("security").isEmpty()).as("sign-in needs no token").isTrue();
        assertThat(otp.path("responses").has("401")).isFalse();

        JsonNode search = doc.path("paths").path("/api/v1/search").path("get");
        assertThat(search.has("security")).as("inherits the global bearer requirement").isFalse();
        assertThat(search.path("tags").get(0).asString()).isEqualTo("search");
        assertThat(search.path("responses").path("401").path("content").path("application/problem+json")
                .path("schema").path("$ref").asString()).isEqualTo("#/components/schemas/ProblemDetail");
        assertThat(search.path("responses").path("default").path("content").has("application/problem+json")).isTrue();

        JsonNode problem = doc.path("components").path("schemas").path("ProblemDetail");
        assertThat(problem.path("properties").has("code")).isTrue();
        assertThat(problem.path("required").toString()).contains("\"code\"");

        // the caller comes from the token, never from a parameter
        assertThat(doc.toString()).doesNotContain("\"name\":\"caller\"");
        // tags are modules
        List<String> tags = new ArrayList<>();
        doc.path("tags").forEach(t -> tags.add(t.path("name").asString()));
        assertThat(tags).contains("identity", "messaging", "search", "privacy", "media", "presence", "gateway");
    }

    /** {@code /a/{chatId}/b} → {@code /a/{}/b}: API.md's variable names are illustrative. */
    private static String shape(String path) {
        return path.replaceAll("\\{[^}]*}", "{}");
    }

    static String canonical(String json) {
        return CANONICAL.writeValueAsString(CANONICAL.readValue(json, Object.class)) + "\n";
    }
}
