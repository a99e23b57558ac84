package app.cloak.identity;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.testing.ApiTestBase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Spellings of a protected path that the router would still match never skip authentication. */
class PathTrickeryApiTest extends ApiTestBase {

    @Test
    void encodedOrDottedSpellingsOfProtectedPathsStillNeedAToken() {
        Session bob = signUp("Bob");
        for (String path : List.of("/%61pi/v1/users/" + bob.userId(), "/api/v1/%75sers/" + bob.userId(),
                "/api/v1/auth/otp/../../users/" + bob.userId(), "/api/v1/./users/" + bob.userId(),
                "/api/v1/users;x=1/" + bob.userId(), "/api//v1/users/" + bob.userId())) {
            var r = anonymous().get(path);
            assertThat(r.status()).as(path + " -> " + r.raw()).isIn(400, 401, 404);
            assertThat(r.raw()).as(path).doesNotContain("Bob");
        }
        var lookup = anonymous().post("/%61pi/v1/contacts/lookup", Map.of("phones", List.of(bob.phone())));
        assertThat(lookup.status()).as(lookup.raw()).isIn(400, 401, 404);
        assertThat(lookup.raw()).doesNotContain(bob.userId());
    }
}
