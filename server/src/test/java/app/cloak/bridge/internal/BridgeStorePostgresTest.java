package app.cloak.bridge.internal;

import app.cloak.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;

class BridgeStorePostgresTest implements BridgeStoreContract {
    private static final TestDatabase DB = TestDatabase.postgres();

    @Override
    public TestDatabase db() { return DB; }

    @AfterAll
    static void close() { DB.close(); }
}
