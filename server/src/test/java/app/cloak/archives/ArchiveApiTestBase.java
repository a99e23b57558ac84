package app.cloak.archives;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.testing.Api;
import app.cloak.testing.ApiTestBase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import tools.jackson.databind.JsonNode;

/** Uploads of invented exports through the real HTTP API, and zips built in the test. */
abstract class ArchiveApiTestBase extends ApiTestBase {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Reply(int status, byte[] body, java.net.http.HttpHeaders headers) {
        JsonNode json() {
            return Api.JSON.readTree(body);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String code() {
            JsonNode j = json();
            return j.get("code") == null ? null : j.get("code").asString();
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Lines joined with LF, final LF (Android). */
    static String lf(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    Reply upload(Session s, String path, String filename, byte[] content, Map<String, String> fields) {
        String boundary = "----cloak" + UUID.randomUUID();
        var body = new ByteArrayOutputStream();
        for (var f : fields.entrySet()) {
            body.writeBytes(utf8("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n" + f.getValue() + "\r\n"));
        }
        if (content != null) {
            body.writeBytes(utf8("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n"));
            body.writeBytes(content);
            body.writeBytes(utf8("\r\n"));
        }
        body.writeBytes(utf8("--" + boundary + "--\r\n"));
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + s.accessToken())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        return call(request);
    }

    Reply importExport(Session s, String filename, byte[] content, String... fields) {
        Map<String, String> f = new LinkedHashMap<>();
        for (int i = 0; i < fields.length; i += 2) f.put(fields[i], fields[i + 1]);
        return upload(s, "/api/v1/archives", filename, content, f);
    }

    /** Imports and asserts 201; returns the answer. */
    JsonNode imported(Session s, String filename, byte[] content, String... fields) {
        Reply r = importExport(s, filename, content, fields);
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json();
    }

    Reply get(Session s, String path) {
        return call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + s.accessToken()).GET().build());
    }

    static Reply call(HttpRequest request) {
        try {
            HttpResponse<byte[]> r = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A zip of the given entries (name → bytes), deflated. */
    static byte[] zip(Map<String, byte[]> entries) {
        var out = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(out)) {
            for (var e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** How many rows the user's imports left anywhere: archives, chats they own, media they uploaded. */
    long storedFor(Session s) {
        long archives = jdbc.sql("SELECT COUNT(*) FROM archives WHERE owner_id = ?").param(s.userId()).query(Long.class).single();
        long chats = jdbc.sql("SELECT COUNT(*) FROM chats WHERE created_by = ?").param(s.userId()).query(Long.class).single();
        long media = jdbc.sql("SELECT COUNT(*) FROM media WHERE uploader_id = ?").param(s.userId()).query(Long.class).single();
        return archives + chats + media;
    }

    JsonNode history(Session s, String chatId) {
        var r = s.api().get("/api/v1/chats/" + chatId + "/messages?limit=200");
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.body().get("messages");
    }
}
