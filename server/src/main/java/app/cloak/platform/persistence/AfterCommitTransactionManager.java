package app.cloak.platform.persistence;

import javax.sql.DataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;

/**
 * The node's transaction manager: Spring's JDBC one, telling {@link AfterCommit} when a physical
 * transaction begins and when it has handed its connection back, so after-commit work runs without
 * holding a connection.
 */
public class AfterCommitTransactionManager extends JdbcTransactionManager {
    public AfterCommitTransactionManager(DataSource dataSource) {
        super(dataSource);
    }

    @Override
    protected void doBegin(Object transaction, TransactionDefinition definition) {
        super.doBegin(transaction, definition);
        AfterCommit.opened();
    }

    @Override
    protected void doCleanupAfterCompletion(Object transaction) {
        try {
            super.doCleanupAfterCompletion(transaction);
        } finally {
            AfterCommit.released();
        }
    }
}
