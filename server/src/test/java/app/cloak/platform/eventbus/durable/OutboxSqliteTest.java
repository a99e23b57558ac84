package app.cloak.platform.eventbus.durable;

import app.cloak.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;

class OutboxSqliteTest implements OutboxContract {
    private static final TestDatabase DB = TestDatabase.sqlite();

    @Override
    public TestDatabase db() { return DB; }

    @AfterAll
    static void close() { DB.close(); }
}
