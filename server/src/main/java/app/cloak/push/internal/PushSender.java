package app.cloak.push.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers one encrypted notification to one subscription (RFC 8030 POST, RFC 8291 aes128gcm body, RFC 8292 VAPID
 * authorization). 2xx: done. 404/410: the subscription is gone and is deleted. 429, 5xx or a network failure: tried
 * again after {@code retry-delay}, doubling, up to {@code max-attempts}. Other answers are logged and dropped.
 */
@Component
class PushSender implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(PushSender.class);

    private final Vapid vapid;
    private final PushStore store;
    private final PushSettings settings;
    private final TransactionTemplate tx;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    private final ScheduledExecutorService retries =
            Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("push-retry-", 0).factory());

    PushSender(Vapid vapid, PushStore store, PushSettings settings, TransactionTemplate tx) {
        this.vapid = vapid;
        this.store = store;
        this.settings = settings;
        this.tx = tx;
    }

    void send(PushStore.Subscription subscription, byte[] payload) {
        attempt(subscription, payload, 1);
    }

    private void attempt(PushStore.Subscription s, byte[] payload, int attempt) {
        var webPush = vapid.webPush();
        byte[] body = webPush.getBody(payload, s.p256dh(), s.auth());
        var request = HttpRequest.newBuilder(URI.create(s.endpoint())).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        webPush.getHeaders(s.endpoint(), (int) settings.ttl().toSeconds(), null, null).forEach(request::header);
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error == null && response.statusCode() / 100 == 2) return;
            if (error == null && (response.statusCode() == 404 || response.statusCode() == 410)) {
                log.info("Push subscription {} is gone ({}); removed", s.endpointHash(), response.statusCode());
                tx.executeWithoutResult(status -> store.removeGone(s.endpointHash()));
                return;
            }
            boolean retryable = error != null || response.statusCode() == 429 || response.statusCode() >= 500;
            String what = error != null ? error.toString() : "HTTP " + response.statusCode();
            if (!retryable || attempt >= settings.maxAttempts()) {
                log.warn("Push to subscription {} failed ({}), attempt {}; giving up", s.endpointHash(), what, attempt);
                return;
            }
            long delay = settings.retryDelay().toMillis() << Math.min(attempt - 1, 16);
            log.info("Push to subscription {} failed ({}); retrying in {} ms", s.endpointHash(), what, delay);
            retries.schedule(() -> attempt(s, payload, attempt + 1), delay, TimeUnit.MILLISECONDS);
        });
    }

    @Override
    public void destroy() {
        retries.shutdownNow();
        http.shutdownNow();
    }
}
