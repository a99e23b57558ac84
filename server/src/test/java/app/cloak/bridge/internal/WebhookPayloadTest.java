package app.cloak.bridge.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Shapes the parser must survive: missing fields, odd types, unknown everything. */
class WebhookPayloadTest {
    private static WebhookPayload parse(String json) {
        return WebhookPayload.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void onlyNonObjectsAreUnreadable() {
        assertThatThrownBy(() -> parse("{\"entry\":[")).isInstanceOf(WebhookPayload.Malformed.class);
        assertThatThrownBy(() -> parse("[]")).isInstanceOf(WebhookPayload.Malformed.class);
        var empty = parse("{\"object\":\"something_else\",\"entry\":{\"not\":\"an array\"}}");
        assertThat(empty.messages()).isEmpty();
        assertThat(parse("{\"entry\":[{\"changes\":[{\"field\":\"account_update\",\"value\":{\"x\":1}}]}]}").messages()).isEmpty();
    }

    @Test
    void oddButPossibleMessagesAreKept() {
        var p = parse("{\"entry\":[{\"changes\":[{\"value\":{\"messages\":["
                + "{\"id\":\"w1\",\"timestamp\":1749416383,\"type\":\"text\",\"text\":{\"body\":\"numeric timestamp, no from\"}},"
                + "{\"id\":\"w2\",\"from\":\"1\",\"timestamp\":\"soon\",\"type\":\"location\",\"location\":{\"name\":\"no coordinates\"}},"
                + "{\"id\":\"w3\",\"from\":\"1\",\"timestamp\":\"1\"},"
                + "{\"id\":\"w4\",\"from\":\"1\",\"timestamp\":\"1\",\"type\":\"reaction\",\"reaction\":{}},"
                + "{\"id\":\"w5\",\"from\":\"1\",\"timestamp\":\"1\",\"type\":\"audio\",\"audio\":{\"id\":\"m5\",\"voice\":false}},"
                + "{\"id\":\"w6\",\"from\":\"1\",\"timestamp\":\"1\",\"type\":\"unknown\"}"
                + "]}}]}]}");
        var m = p.messages();
        assertThat(m).hasSize(6);
        assertThat(m.get(0).senderKey()).isEqualTo("unknown");
        assertThat(m.get(0).timestampMs()).isEqualTo(1_749_416_383_000L);
        assertThat(m.get(1).type()).isEqualTo("unsupported");
        assertThat(m.get(1).timestampMs()).isZero();
        assertThat(m.get(2).type()).isEqualTo("unsupported");
        assertThat(m.get(3).kind()).isEqualTo(WebhookPayload.Kind.MESSAGE);
        assertThat(m.get(3).type()).isEqualTo("unsupported");
        assertThat(m.get(4).type()).isEqualTo("audio");
        assertThat(m.get(4).media().id()).isEqualTo("m5");
        assertThat(m.get(5).text()).isEqualTo("Unsupported WhatsApp message (unknown)");
    }

    @Test
    void mediaHashesAreAcceptedInBase64AndHex() {
        byte[] digest = new byte[32];
        digest[0] = 1;
        assertThat(MediaFetcher.matches("AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", digest)).isTrue();
        assertThat(MediaFetcher.matches("01" + "00".repeat(31), digest)).isTrue();
        assertThat(MediaFetcher.matches("02" + "00".repeat(31), digest)).isFalse();
        assertThat(MediaFetcher.matches("not a hash", digest)).isFalse();
    }
}
