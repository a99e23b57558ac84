package app.cloak.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The REST calls the benchmarks need, over one shared HTTP/1.1 client (keep-alive connections are pooled). */
final class Api {
    record User(String phone, String userId, String accessToken) {}

    static final class ApiException extends RuntimeException {
        final int status;

        ApiException(String what, int status, String body) {
            super(what + " answered " + status + ": " + (body.length() > 300 ? body.substring(0, 300) : body));
            this.status = status;
        }
    }

    final URI base;
    final ObjectMapper json;
    final HttpClient http;

    Api(URI base, ObjectMapper json) {
        this.base = base;
        this.json = json;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    /** Polls {@code /actuator/health} until it says UP. */
    void awaitHealthy(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                var r = http.send(HttpRequest.newBuilder(base.resolve("/actuator/health")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"UP\"")) return;
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("server not healthy after " + timeout + ": " + last);
    }

    HttpResponse<String> post(String path, String token, Object body) throws IOException, InterruptedException {
        var b = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode expect(String what, HttpResponse<String> r, int... ok) {
        for (int s : ok) if (r.statusCode() == s) return json.readTree(r.body());
        throw new ApiException(what, r.statusCode(), r.body());
    }

    /** OTP request, the code from the SMS stand-in, verify. */
    User signUp(SmsGateway sms, String phone) throws Exception {
        sms.expect(phone);
        expect("POST /auth/otp", post("/api/v1/auth/otp", null, Map.of("phone", phone)), 202);
        String code = sms.awaitCode(phone, 15_000);
        JsonNode t = expect("POST /auth/verify", post("/api/v1/auth/verify", null,
                Map.of("phone", phone, "code", code, "deviceName", "bench")), 200);
        return new User(phone, t.path("userId").asString(), t.path("accessToken").asString());
    }

    String directChat(User from, User to) throws Exception {
        return expect("POST /chats (direct)", post("/api/v1/chats", from.accessToken(),
                Map.of("type", "direct", "userId", to.userId())), 200, 201).path("chatId").asString();
    }

    String group(User owner, String name, List<User> members) throws Exception {
        List<String> ids = members.stream().map(User::userId).filter(id -> !id.equals(owner.userId())).toList();
        return expect("POST /chats (group)", post("/api/v1/chats", owner.accessToken(),
                Map.of("type", "group", "name", name, "memberIds", ids)), 200, 201).path("chatId").asString();
    }

    /** Phones {@code +1555<7 digits>}: index 0 … 9,999,999 (each run has a fresh database). */
    static String phone(int index) {
        return "+1555" + String.format("%07d", index);
    }

    /** Signs up {@code n} users with {@code concurrency} requests in flight; prints progress. */
    List<User> signUpAll(SmsGateway sms, int n, int concurrency) throws Exception {
        return signUpAll(sms, n, concurrency, 0);
    }

    /** As {@link #signUpAll(SmsGateway, int, int)}, with the phones of indexes {@code first} … {@code first + n - 1}. */
    List<User> signUpAll(SmsGateway sms, int n, int concurrency, int first) throws Exception {
        long t0 = System.nanoTime();
        Semaphore permits = new Semaphore(concurrency);
        AtomicInteger done = new AtomicInteger();
        List<Future<User>> futures = new ArrayList<>(n);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                int index = i;
                permits.acquire();
                futures.add(pool.submit(() -> {
                    try {
                        User u = retry(() -> signUp(sms, phone(first + index)));
                        int d = done.incrementAndGet();
                        if (d % 2000 == 0) Log.info("  signed up %,d / %,d", d, n);
                        return u;
                    } finally {
                        permits.release();
                    }
                }));
            }
        }
        List<User> users = new ArrayList<>(n);
        for (Future<User> f : futures) users.add(f.get());
        double s = (System.nanoTime() - t0) / 1e9;
        Log.info("signed up %,d users in %.1f s (%.0f/s)", n, s, n / s);
        return users;
    }

    interface Call<T> {
        T run() throws Exception;
    }

    /** Set-up calls only: a transient 429/5xx or connection hiccup under load is retried a few times. */
    static <T> T retry(Call<T> call) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run();
            } catch (ApiException e) {
                if (attempt >= 5 || (e.status != 429 && e.status < 500)) throw e;
            } catch (IOException e) {
                if (attempt >= 5) throw e;
            }
            Thread.sleep(200L * attempt);
        }
    }
}
