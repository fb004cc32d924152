package com.promptfloe.webhooks.jdbc;

import com.promptfloe.webhooks.jdbc.internal.SqlErrors;
import com.promptfloe.webhooks.monitoring.WebhooksHealth;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Checks that the database behind a JDBC ledger or inbox answers, for {@link WebhooksHealth}: one
 * connection from the pool and the driver's own validity check, with a short timeout.
 *
 * <pre>{@code
 * WebhooksHealth health = WebhooksHealth.builder().ledger("jdbc", JdbcProbe.of(dataSource)).build();
 * }</pre>
 */
public final class JdbcProbe implements WebhooksHealth.Probe {

    /** How long the check may take before the database counts as unreachable. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private final DataSource dataSource;
    private final int timeoutSeconds;

    private JdbcProbe(DataSource dataSource, Duration timeout) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("the probe's timeout must be at least one second: " + timeout);
        }
        this.timeoutSeconds = (int) Math.min(Integer.MAX_VALUE, timeout.toSeconds());
    }

    /**
     * A probe with the {@linkplain #DEFAULT_TIMEOUT default timeout}.
     *
     * @param dataSource the ledger's or the inbox's DataSource
     * @return the probe
     */
    public static JdbcProbe of(DataSource dataSource) {
        return new JdbcProbe(dataSource, DEFAULT_TIMEOUT);
    }

    /**
     * A probe with its own timeout.
     *
     * @param dataSource the DataSource
     * @param timeout at least one second (JDBC counts in seconds)
     * @return the probe
     */
    public static JdbcProbe of(DataSource dataSource, Duration timeout) {
        return new JdbcProbe(dataSource, timeout);
    }

    /**
     * Checks the database.
     *
     * @throws SQLException when it cannot be reached; the message is redacted, as drivers may put
     *         credentials in theirs
     */
    @Override
    public void check() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(timeoutSeconds)) {
                throw new SQLException("the database did not answer within " + timeoutSeconds + " s");
            }
        } catch (SQLException e) {
            throw new SQLException(SqlErrors.describe(e), e.getSQLState());
        }
    }
}
