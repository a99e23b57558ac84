package app.cloak.bridge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Meta's signature rule against the replay vectors of notes/whatsapp-cloud-api.md §2 and Appendix A. */
class WebhookSignatureTest {
    private static final String SECRET = "cloakme-test-app-secret";

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = WebhookSignatureTest.class.getClassLoader().getResourceAsStream("bridge/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void theDocumentedVectorsVerify() throws IOException {
        assertThat(WebhookSignature.sign(fixture("p1_text.json"), SECRET))
                .isEqualTo("sha256=595befa92a953fc2461204041dcc3be4cacbb62abcfaef49f83bb2f255710d5f");
        assertThat(WebhookSignature.sign(fixture("p2_group_text.json"), SECRET))
                .isEqualTo("sha256=09f7990cf4dd914243942f1920b1b5faf87138ff7fa2c2cbcfa82e81b51fee84");
        assertThat(WebhookSignature.sign(fixture("p3_status_read.json"), SECRET))
                .isEqualTo("sha256=73f044f9f0e56dadaec05b7ef64102c30fe948305694387e85a0d6d7a15c4abd");
        assertThat(WebhookSignature.sign(new byte[0], SECRET))
                .isEqualTo("sha256=d8418f2d0811b27330c819130d60d5032b218cf72c4184127ebcbd91c03effb9");
    }

    @Test
    void escapingNonAsciiFollowsMetaLowercaseUtf16Units() {
        byte[] raw = "{\"b\":\"äöå 😀\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(new String(WebhookSignature.escapeNonAscii(raw), StandardCharsets.US_ASCII))
                .isEqualTo("{\"b\":\"\\u00e4\\u00f6\\u00e5 \\ud83d\\ude00\"}");
        // The fallback accepts the escaped form's signature for an unescaped body, and nothing else.
        String escapedSignature = WebhookSignature.sign(WebhookSignature.escapeNonAscii(raw), SECRET);
        assertThat(WebhookSignature.valid(raw, escapedSignature, SECRET)).isTrue();
        assertThat(WebhookSignature.valid(raw, escapedSignature, "another-secret")).isFalse();
        assertThat(WebhookSignature.valid(raw, WebhookSignature.sign(raw, SECRET), SECRET)).isTrue();
    }

    @Test
    void malformedHeadersFailClosed() throws IOException {
        byte[] p1 = fixture("p1_text.json");
        for (String header : new String[] {null, "", "sha256=", "sha256=xyz", "sha1=595befa92a953fc2461204041dcc3be4cacbb62a",
                "595befa92a953fc2461204041dcc3be4cacbb62abcfaef49f83bb2f255710d5f", "sha256=595befa92a953fc2461204041dcc3be4cacbb62abcfaef49f83bb2f255710d5", 
                "sha256=595befa92a953fc2461204041dcc3be4cacbb62abcfaef49f83bb2f255710d5fff"}) {
            assertThat(WebhookSignature.valid(p1, header, SECRET)).as(String.valueOf(header)).isFalse();
        }
        assertThat(WebhookSignature.valid(p1, "sha256=595befa92a953fc2461204041dcc3be4cacbb62abcfaef49f83bb2f255710d5f", "")).isFalse();
        assertThat(WebhookSignature.valid(p1, " sha256=595befa92a953fc2461204041dcc3be4cacbb62abcfaef49f83bb2f255710d5f ", SECRET)).isTrue();
    }
}
