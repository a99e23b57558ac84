package app.cloak.identity.internal;

import app.cloak.identity.spi.OtpSender;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OtpSenders {

    @Bean
    OtpSender otpSender(OtpSettings settings) {
        return switch (settings.sender()) {
            case "log" -> new LogOtpSender();
            case "http" -> {
                if (settings.httpUrl() == null) throw new IllegalStateException("CLOAK_OTP_SENDER=http needs CLOAK_OTP_HTTP_URL");
                yield new HttpOtpSender(settings);
            }
            default -> throw new IllegalStateException("CLOAK_OTP_SENDER must be 'log' or 'http', not " + settings.sender());
        };
    }

    /** For self-hosting and tests: the one log line that may carry a phone and a code. */
    static final class LogOtpSender implements OtpSender {
        private static final Logger log = LoggerFactory.getLogger("cloak.otp");

        @Override
        public void send(String phone, String code) {
            log.info("OTP for {}: {}", phone, code);
        }
    }

    /** A generic SMS gateway: {@code POST <url>} with {@code {"to":"+1555…","text":"…"}}. */
    static final class HttpOtpSender implements OtpSender {
        private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final OtpSettings settings;

        HttpOtpSender(OtpSettings settings) {
            this.settings = settings;
        }

        @Override
        public void send(String phone, String code) {
            String body = "{\"to\":\"" + phone + "\",\"text\":\"Your Cloak code is " + code + "\"}";
            var request = HttpRequest.newBuilder(settings.httpUrl())
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (settings.httpToken() != null && !settings.httpToken().isBlank()) {
                request.header("Authorization", "Bearer " + settings.httpToken());
            }
            try {
                HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 != 2) {
                    throw new IllegalStateException("SMS gateway answered " + response.statusCode());
                }
            } catch (IOException e) {
                throw new IllegalStateException("SMS gateway unreachable", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }
}
