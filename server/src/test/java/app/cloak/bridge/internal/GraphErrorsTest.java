package app.cloak.bridge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.testing.GraphApiStandIn;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Graph errors are classified by error.code (not by HTTP status): throttling retries, permanent codes do not. */
class GraphErrorsTest {
    private static GraphClient.GraphException of(int status, String body) {
        return GraphClient.fromError(status, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void codesDecideWhetherToRetry() {
        for (int code : new int[] {130429, 131056, 131057, 4, 80007}) {
            var e = of(400, GraphApiStandIn.error(code, "x"));
            assertThat(e.code).isEqualTo(String.valueOf(code));
            assertThat(e.retryable).as("code " + code).isTrue();
        }
        for (int code : new int[] {131009, 190, 131049, 100, 131020, 131041}) {
            var e = of(code == 190 ? 401 : 500, GraphApiStandIn.error(code, "x"));   // even with a 5xx status
            assertThat(e.retryable).as("code " + code).isFalse();
        }
        assertThat(of(400, GraphApiStandIn.error(131009, "Parameter value is not valid")).getMessage())
                .isEqualTo("(#131009) Parameter value is not valid (Parameter value is not valid)");
    }

    @Test
    void withoutAnErrorBodyTheStatusDecides() {
        assertThat(of(502, "<html>Bad gateway</html>").retryable).isTrue();
        assertThat(of(502, "<html>Bad gateway</html>").code).isEqualTo("http_502");
        assertThat(of(429, "").retryable).isTrue();
        assertThat(of(404, "{}").retryable).isFalse();
    }
}
