package io.reelpipe.feed.jobs;

import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Transactions for the jobs' heavier statements: the pool's connections carry the requests' 5 s statement timeout, a
 * job's transaction raises it to {@link JobProperties#statementTimeout()} for itself only ({@code SET LOCAL}).
 */
@Component
public final class JobTransactions {

    private final TransactionTemplate transactions;
    private final JdbcClient jdbc;
    private final String timeout;

    JobTransactions(PlatformTransactionManager transactionManager, JdbcClient jdbc, JobProperties properties) {
        this.transactions = new TransactionTemplate(transactionManager);
        this.jdbc = jdbc;
        this.timeout = properties.statementTimeout().toMillis() + "ms";
    }

    /** Runs {@code work} in one transaction with the jobs' statement timeout. */
    public <T> T inTransaction(Function<JdbcClient, T> work) {
        return transactions.execute(status -> {
            jdbc.sql("SELECT set_config('statement_timeout', ?, true)").param(timeout).query(String.class).single();
            return work.apply(jdbc);
        });
    }
}
