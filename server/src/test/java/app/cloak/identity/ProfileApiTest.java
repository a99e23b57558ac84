package app.cloak.identity;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.testing.ApiTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The signed-in user, public profiles, contact discovery and blocks over HTTP. */
class ProfileApiTest extends ApiTestBase {

    @Autowired
    IdentityApi identity;

    @Test
    void meShowsAndUpdatesTheProfile() {
        Session s = signUp(null);

        JsonNode me = s.api().get("/api/v1/me").body();
        assertThat(me.get("userId").asString()).isEqualTo(s.userId());
        assertThat(me.get("phone").asString()).isEqualTo(s.phone());
        assertThat(me.get("displayName").asString()).isEmpty();
        assertThat(me.get("about").asString()).isEmpty();

        var patched = s.api().patch("/api/v1/me", Map.of("displayName", "  Alice  ", "about", "Hey there"));
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.body().get("displayName").asString()).isEqualTo("Alice");
        assertThat(patched.body().get("about").asString()).isEqualTo("Hey there");

        var aboutOnly = s.api().patch("/api/v1/me", Map.of("about", "busy"));
        assertThat(aboutOnly.body().get("displayName").asString()).as("absent fields are kept").isEqualTo("Alice");
        assertThat(s.api().get("/api/v1/me").body().get("about").asString()).isEqualTo("busy");
    }

    @Test
    void otherUsersProfilesShowNoPhone() {
        Session alice = signUp("Alice");
        Session bob = signUp("Bob");
        bob.api().patch("/api/v1/me", Map.of("about", "I am Bob"));

        var r = alice.api().get("/api/v1/users/" + bob.userId());

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("userId").asString()).isEqualTo(bob.userId());
        assertThat(r.body().get("displayName").asString()).isEqualTo("Bob");
        assertThat(r.body().get("about").asString()).isEqualTo("I am Bob");
        assertThat(r.body().has("avatarUrl")).isTrue();
        assertThat(r.body().has("phone")).isFalse();
        assertThat(r.raw()).doesNotContain(bob.phone());
        assertThat(identity.profile(bob.userId()).map(UserProfile::displayName)).contains("Bob");
    }

    @Test
    void anUnknownUserIs404() {
        Session s = signUp("asker");
        var r = s.api().get("/api/v1/users/u_doesnotexist");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.code()).isEqualTo("not_found");
    }

    @Test
    void lookupFindsRegisteredPhonesOnly() {
        Session alice = signUp("Alice");
        Session bob = signUp("Bob");
        String stranger = newPhone();

        var r = alice.api().post("/api/v1/contacts/lookup", Map.of("phones", List.of(bob.phone(), stranger, alice.phone())));

        assertThat(r.status()).isEqualTo(200);
        JsonNode users = r.body().get("users");
        List<String> phones = new ArrayList<>();
        for (JsonNode u : users) {
            phones.add(u.get("phone").asString());
            String expectedId = u.get("phone").asString().equals(bob.phone()) ? bob.userId() : alice.userId();
            assertThat(u.get("userId").asString()).isEqualTo(expectedId);
            assertThat(u.get("displayName").asString()).isEqualTo(expectedId.equals(bob.userId()) ? "Bob" : "Alice");
        }
        assertThat(phones).containsExactlyInAnyOrder(bob.phone(), alice.phone());

        var empty = alice.api().post("/api/v1/contacts/lookup", Map.of("phones", List.of()));
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.body().get("users").size()).isZero();
    }

    @Test
    void lookupRefusesInvalidPhonesAndMissingLists() {
        Session s = signUp("looker");
        var r = s.api().post("/api/v1/contacts/lookup", Map.of("phones", List.of(s.phone(), "5551234")));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("invalid_phone");
        var missing = s.api().post("/api/v1/contacts/lookup", Map.of());
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.code()).isEqualTo("missing_field");
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) tooMany.add("+1555" + String.format("%07d", i));
        var big = s.api().post("/api/v1/contacts/lookup", Map.of("phones", tooMany));
        assertThat(big.status()).isEqualTo(400);
        assertThat(big.code()).isEqualTo("too_many_phones");
    }

    @Test
    void blocksCanBeAddedListedAndRemoved() {
        Session alice = signUp("Alice");
        Session bob = signUp("Bob");
        Session carol = signUp("Carol");

        assertThat(alice.api().get("/api/v1/blocks").body().get("userIds").size()).isZero();
        assertThat(alice.api().post("/api/v1/blocks", Map.of("userId", bob.userId())).status()).isEqualTo(204);
        assertThat(alice.api().post("/api/v1/blocks", Map.of("userId", bob.userId())).status()).as("idempotent").isEqualTo(204);
        assertThat(alice.api().post("/api/v1/blocks", Map.of("userId", carol.userId())).status()).isEqualTo(204);

        JsonNode ids = alice.api().get("/api/v1/blocks").body().get("userIds");
        assertThat(ids.size()).isEqualTo(2);
        assertThat(ids.get(0).asString()).isEqualTo(bob.userId());
        assertThat(ids.get(1).asString()).isEqualTo(carol.userId());
        assertThat(identity.hasBlocked(alice.userId(), bob.userId())).isTrue();
        assertThat(identity.hasBlocked(bob.userId(), alice.userId())).isFalse();
        assertThat(bob.api().get("/api/v1/blocks").body().get("userIds").size()).isZero();

        assertThat(alice.api().delete("/api/v1/blocks/" + bob.userId()).status()).isEqualTo(204);
        JsonNode after = alice.api().get("/api/v1/blocks").body().get("userIds");
        assertThat(after.size()).isEqualTo(1);
        assertThat(after.get(0).asString()).isEqualTo(carol.userId());
        assertThat(identity.hasBlocked(alice.userId(), bob.userId())).isFalse();
    }

    @Test
    void blockingOneselfOrNobodyIsRefused() {
        Session alice = signUp("Alice");

        var self = alice.api().post("/api/v1/blocks", Map.of("userId", alice.userId()));
        assertThat(self.status()).isEqualTo(400);
        assertThat(self.code()).isEqualTo("cannot_block_self");
        var ghost = alice.api().post("/api/v1/blocks", Map.of("userId", "u_ghost"));
        assertThat(ghost.status()).isEqualTo(404);
        var missing = alice.api().post("/api/v1/blocks", Map.of());
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.code()).isEqualTo("missing_field");
        assertThat(alice.api().get("/api/v1/blocks").body().get("userIds").size()).isZero();
    }

    @Test
    void existingReturnsOnlyRealUsers() {
        Session alice = signUp("Alice");
        assertThat(identity.existing(List.of(alice.userId(), "u_ghost"))).containsExactly(alice.userId());
    }
}
