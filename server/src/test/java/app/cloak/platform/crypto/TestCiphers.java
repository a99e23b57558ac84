package app.cloak.platform.crypto;

import java.time.Clock;
import app.cloak.testing.TestDatabase;

/** Real ciphers and keyed hashes on a test database, for store contracts outside this package. */
public final class TestCiphers {
    private TestCiphers() {}

    public record Crypto(DataCipher cipher, KeyedHashes hashes) {}

    private static final java.util.Map<TestDatabase, Crypto> BY_DATABASE = new java.util.concurrent.ConcurrentHashMap<>();

    /** One master key per test database (the data keys it wraps are stored in that database). */
    public static Crypto on(TestDatabase db) {
        return BY_DATABASE.computeIfAbsent(db, d -> {
            try {
                MasterKey master = DataCipherTest.newMasterKey();
                var store = new KeyMaterialStore(d.jdbc(), Clock.systemUTC());
                return new Crypto(new DataCipher(store, master), new KeyedHashes(store, master));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
