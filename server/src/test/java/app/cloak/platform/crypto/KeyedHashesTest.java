package app.cloak.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.testing.TestDatabase;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Keyed hashes on a real migrated database: every node, and every restart, must hash alike. */
class KeyedHashesTest {
    private TestDatabase db;
    private MasterKey masterKey;

    @BeforeEach
    void setUp() throws Exception {
        db = TestDatabase.sqlite();
        masterKey = DataCipherTest.newMasterKey();
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private KeyedHashes node() {
        return new KeyedHashes(new KeyMaterialStore(db.jdbc(), Clock.systemUTC()), masterKey);
    }

    @Test
    void twoNodesOnOneDatabaseHashAlike() {
        KeyedHashes a = node(), b = node();
        String first = a.hex("phone", "+15551230001", 32);
        assertThat(b.hex("phone", "+15551230001", 32)).isEqualTo(first);
        assertThat(a.hex("phone", "+15551230002", 32)).isNotEqualTo(first);
        assertThat(a.hex("otp", "+15551230001", 32)).as("one secret per purpose").isNotEqualTo(first);
    }

    @Test
    void aSecretMadeInATransactionThatRollsBackIsNotKept() {
        KeyedHashes a = node();
        String inRolledBack = db.tx().execute(s -> {
            String h = a.hex("search", "hello", 10);
            s.setRollbackOnly();
            return h;
        });
        // The secret's row went with the rollback: the next use makes (and stores) the one every node will use.
        String after = a.hex("search", "hello", 10);
        assertThat(node().hex("search", "hello", 10)).isEqualTo(after);
        assertThat(after).as("a fresh secret, not the rolled-back one").isNotEqualTo(inRolledBack);
    }

    @Test
    void aSecretMadeInATransactionThatCommitsIsKept() {
        KeyedHashes a = node();
        String inCommitted = db.tx().execute(s -> a.hex("search", "hello", 10));
        assertThat(a.hex("search", "hello", 10)).isEqualTo(inCommitted);
        assertThat(node().hex("search", "hello", 10)).isEqualTo(inCommitted);
    }

    @Test
    void ensureStoresTheSecretAheadOfUse() {
        node().ensure("search");
        Integer rows = db.jdbc().sql("SELECT count(*) FROM crypto_material WHERE name = 'hmac:search'").query(Integer.class).single();
        assertThat(rows).isEqualTo(1);
    }
}
