package app.cloak.identity.internal.jdbc;

import app.cloak.identity.internal.IdentityStore;
import app.cloak.testing.MutableClock;
import app.cloak.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdbcIdentityStorePostgresTest implements IdentityStoreContract {
    private TestDatabase db;
    private JdbcIdentityStore store;
    private final MutableClock clock = MutableClock.startingNow();

    @BeforeAll
    void start() {
        db = TestDatabase.postgres();
        store = new JdbcIdentityStore(db.jdbc(), clock, app.cloak.platform.persistence.SingleWriter.of(db.dataSource()));
    }

    @AfterAll
    void stop() {
        db.close();
    }

    @Override
    public IdentityStore store() {
        return store;
    }

    @Override
    public TestDatabase db() {
        return db;
    }

    @Override
    public MutableClock clock() {
        return clock;
    }
}
