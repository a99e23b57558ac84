package app.cloak.push.internal;

import app.cloak.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;

class PushStorePostgresTest implements PushStoreContract {
    private static final TestDatabase DB = TestDatabase.postgres();

    @Override
    public TestDatabase db() { return DB; }

    @AfterAll
    static void close() { DB.close(); }
}
