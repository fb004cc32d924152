package com.promptfloe.webhooks.jdbc;

import com.promptfloe.webhooks.jdbc.internal.Dialect;
import com.promptfloe.webhooks.jdbc.internal.Jdbc;
import com.promptfloe.webhooks.jdbc.internal.SqlErrors;
import com.promptfloe.webhooks.ledger.Claim;
import com.promptfloe.webhooks.ledger.DeliveryLedger;
import com.promptfloe.webhooks.ledger.LedgerException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * A {@link DeliveryLedger} in one database table, so that every node of a cluster sees the same
 * deliveries: build it on the application's {@link DataSource} and hand it to the receiver.
 *
 * <pre>{@code
 * DeliveryLedger ledger = JdbcDeliveryLedger.builder(dataSource)
 *         .table("promptfloe_deliveries")
 *         .dedupeWindow(Duration.ofHours(48))
 *         .build();
 * }</pre>
 *
 * <h2>How it stays atomic across nodes</h2>
 * Each key is one row, and the primary key decides: {@link #begin} INSERTs the key in flight; when
 * the key is there already, one conditional UPDATE takes the row over only if it has expired (an
 * abandoned lease, or a done key past its window), with a fresh random token; otherwise a SELECT
 * tells {@code IN_FLIGHT} from {@code DONE}. Every statement runs on its own in autocommit (the
 * connection's previous setting is restored), so a failed INSERT never poisons a transaction
 * (PostgreSQL aborts one on any error) and no lock is held between statements. The database's row
 * lock makes exactly one of several racing UPDATEs win; a serialization failure or deadlock that a
 * database may answer instead is retried a few times. {@link #complete} sets the row to
 * {@code DONE} for the dedupe window (inserting it again if it was purged), {@link #forget} deletes
 * it only while it is still in flight under the same token.
 *
 * <p>Expiry follows this ledger's {@link Clock}, not the database's, so the nodes' clocks must agree
 * (NTP): a node whose clock runs ahead by more than the lease can take over a live claim.
 *
 * <h2>Table</h2>
 * The table ({@value #DEFAULT_TABLE} unless {@link Builder#table} says otherwise) is created on
 * first use with {@code CREATE TABLE IF NOT EXISTS} unless {@link Builder#createTable} is turned
 * off; the DDL for PostgreSQL, MariaDB/MySQL and H2 is in the README. Times are epoch milliseconds.
 *
 * <h2>Purging</h2>
 * Expired rows are deleted in small batches by the nodes themselves, never in one long statement:
 * at most once per {@link Builder#purgeInterval} per node, one {@link #begin} deletes at most
 * {@link Builder#purgeBatchSize} expired rows (oldest first) after it has answered; while batches
 * come back full, the next begin deletes another. PostgreSQL skips rows other statements hold. A
 * failed purge is logged and never fails the delivery. {@link #purgeExpired()} runs one batch on
 * demand.
 *
 * <h2>Failures</h2>
 * Every {@link SQLException} becomes a {@link LedgerException} that says what failed and what to
 * check, with credentials masked; the receiver answers 503 with {@code Retry-After}, so PromptFloe
 * delivers again and nothing unrecorded is acknowledged. Do not call the ledger inside a JTA
 * transaction: it switches its connections to autocommit.
 */
public final class JdbcDeliveryLedger implements DeliveryLedger {

    /** The table used unless {@link Builder#table} names another. */
    public static final String DEFAULT_TABLE = "promptfloe_deliveries";
    /** PromptFloe retries at 1m, 5m, 30m, 2h, 12h and 24h (about 38.6 hours): keep keys longer. */
    public static final Duration DEFAULT_DEDUPE_WINDOW = Duration.ofHours(48);
    /** Longer than PromptFloe's 10 second timeout, shorter than its 5 minute second retry. */
    public static final Duration DEFAULT_IN_FLIGHT_LEASE = Duration.ofMinutes(2);
    /** At most this many expired rows are deleted by one purge. */
    public static final int DEFAULT_PURGE_BATCH_SIZE = 500;
    /** How often each node purges when there is no backlog. */
    public static final Duration DEFAULT_PURGE_INTERVAL = Duration.ofMinutes(1);
    /** Each statement gives up after this long, well inside PromptFloe's 10 second wait. */
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(5);

    private static final System.Logger LOG = System.getLogger(JdbcDeliveryLedger.class.getName());
    private static final String IN_FLIGHT = "IN_FLIGHT";
    private static final String DONE = "DONE";
    /** Rounds through insert/update/select before giving up on a key whose row keeps changing. */
    private static final int ATTEMPTS = 5;

    private final DataSource dataSource;
    private final String table;
    private final boolean createTable;
    private final long windowMillis;
    private final long leaseMillis;
    private final Clock clock;
    private final int purgeBatchSize;
    private final long purgeIntervalMillis;
    private final int queryTimeoutSeconds;
    private final AtomicLong nextPurgeAt = new AtomicLong(Long.MIN_VALUE);
    private final Object preparing = new Object();
    private volatile Prepared prepared;

    private JdbcDeliveryLedger(Builder builder) {
        this.dataSource = builder.dataSource;
        this.table = builder.table;
        this.createTable = builder.createTable;
        this.windowMillis = builder.dedupeWindow.toMillis();
        this.leaseMillis = builder.inFlightLease.toMillis();
        this.clock = builder.clock;
        this.purgeBatchSize = builder.purgeBatchSize;
        this.purgeIntervalMillis = builder.purgeInterval.toMillis();
        this.queryTimeoutSeconds = Jdbc.timeoutSeconds(builder.queryTimeout);
    }

    /**
     * Starts a builder on a data source, with the defaults: table {@value #DEFAULT_TABLE} created on
     * first use, 48 hour window, 2 minute lease, purges of {@value #DEFAULT_PURGE_BATCH_SIZE} rows at
     * most once a minute.
     *
     * @param dataSource where the table lives; every node must reach the same database
     * @return a new builder
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    @Override
    public Claim begin(String key) {
        DeliveryLedger.requireValidKey(key);
        return withConnection("begin delivery '" + key + "'", (connection, sql) -> {
            Claim claim = claim(connection, sql, key);
            purgeIfDue(connection, sql);
            return claim;
        });
    }

    @Override
    public void complete(Claim claim) {
        claim.requireNew();
        withConnection("mark delivery '" + claim.key() + "' done", (connection, sql) -> {
            markDone(connection, sql, claim);
            return null;
        });
    }

    @Override
    public void forget(Claim claim) {
        claim.requireNew();
        withConnection("forget delivery '" + claim.key() + "'", (connection, sql) -> {
            try (PreparedStatement delete = prepare(connection, sql.forget)) {
                delete.setString(1, claim.key());
                delete.setString(2, IN_FLIGHT);
                delete.setLong(3, claim.token());
                delete.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Deletes one batch of expired rows now, as the ledger does by itself from time to time; for
     * tests, or for a scheduler that prefers to purge outside of deliveries.
     *
     * @return how many rows were deleted, at most the purge batch size
     * @throws LedgerException when the database cannot be reached
     */
    public int purgeExpired() {
        return withConnection("purge expired deliveries", (connection, sql) -> purge(connection, sql, clock.millis()));
    }

    /**
     * The table this ledger keeps its rows in.
     *
     * @return the table name as configured
     */
    public String table() {
        return table;
    }

    @Override
    public String toString() {
        return "JdbcDeliveryLedger[table=" + table + ", dedupeWindow=" + Duration.ofMillis(windowMillis)
                + ", inFlightLease=" + Duration.ofMillis(leaseMillis) + "]";
    }

    private Claim claim(Connection connection, Prepared sql, String key) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                long now = clock.millis();
                long token = Jdbc.newToken();
                if (insert(connection, sql, key, IN_FLIGHT, token, now + leaseMillis, now)) {
                    return Claim.acquired(key, token);
                }
                try (PreparedStatement takeOver = prepare(connection, sql.takeOver)) {
                    takeOver.setString(1, IN_FLIGHT);
                    takeOver.setLong(2, token);
                    takeOver.setLong(3, now + leaseMillis);
                    takeOver.setLong(4, now);
                    takeOver.setString(5, key);
                    takeOver.setLong(6, now);
                    if (takeOver.executeUpdate() == 1) {
                        return Claim.acquired(key, token);
                    }
                }
                Row row = select(connection, sql, key);
                if (row != null && row.expiresAt > now) {
                    return DONE.equals(row.state) ? Claim.done(key) : Claim.inFlight(key);
                }
                // The row went away (forgotten, purged) or expired between two statements: again.
            } catch (SQLException e) {
                if (!SqlErrors.isTransient(e) || attempt >= ATTEMPTS) {
                    throw e;
                }
                continue;
            }
            if (attempt >= ATTEMPTS) {
                throw new SQLException("the row of the key kept changing between statements in " + ATTEMPTS
                        + " attempts; another process may be rewriting the table");
            }
        }
    }

    private void markDone(Connection connection, Prepared sql, Claim claim) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                long now = clock.millis();
                long expiresAt = now + windowMillis;
                try (PreparedStatement update = prepare(connection, sql.markDone)) {
                    update.setString(1, DONE);
                    update.setLong(2, expiresAt);
                    update.setLong(3, now);
                    update.setString(4, claim.key());
                    if (update.executeUpdate() == 1) {
                        return;
                    }
                }
                // The row was purged or forgotten meanwhile: the work was done all the same.
                if (insert(connection, sql, claim.key(), DONE, claim.token(), expiresAt, now)) {
                    return;
                }
                // A driver that counts changed rather than matched rows answers 0 for an unchanged row.
                Row row = select(connection, sql, claim.key());
                if (row != null && DONE.equals(row.state) && row.expiresAt >= expiresAt) {
                    return;
                }
            } catch (SQLException e) {
                if (!SqlErrors.isTransient(e) || attempt >= ATTEMPTS) {
                    throw e;
                }
                continue;
            }
            if (attempt >= ATTEMPTS) {
                throw new SQLException("the row of the key kept changing between statements in " + ATTEMPTS
                        + " attempts; another process may be rewriting the table");
            }
        }
    }

    private boolean insert(Connection connection, Prepared sql, String key, String state, long token,
            long expiresAt, long now) throws SQLException {
        try (PreparedStatement insert = prepare(connection, sql.insert)) {
            insert.setString(1, key);
            insert.setString(2, state);
            insert.setLong(3, token);
            insert.setLong(4, expiresAt);
            insert.setLong(5, now);
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            if (SqlErrors.isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    private Row select(Connection connection, Prepared sql, String key) throws SQLException {
        try (PreparedStatement select = prepare(connection, sql.select)) {
            select.setString(1, key);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? new Row(rows.getString(1), rows.getLong(2)) : null;
            }
        }
    }

    private void purgeIfDue(Connection connection, Prepared sql) {
        long now = clock.millis();
        long due = nextPurgeAt.get();
        // One thread per node purges at a time; the others go on at once.
        if (now < due || !nextPurgeAt.compareAndSet(due, now + purgeIntervalMillis)) {
            return;
        }
        try {
            if (purge(connection, sql, now) >= purgeBatchSize) {
                nextPurgeAt.set(now); // a backlog: the next begin deletes another batch
            }
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, () -> "PromptFloe delivery ledger could not purge expired rows of "
                    + table + " on " + sql.where + " (it tries again in " + Duration.ofMillis(purgeIntervalMillis)
                    + "; deliveries are not affected): " + SqlErrors.describe(e));
        }
    }

    private int purge(Connection connection, Prepared sql, long now) throws SQLException {
        try (PreparedStatement purge = prepare(connection, sql.purge)) {
            int index = 1;
            purge.setLong(index++, now);
            if (sql.dialect.purgeTakesNowTwice()) {
                purge.setLong(index++, now);
            }
            purge.setInt(index, purgeBatchSize);
            int deleted = purge.executeUpdate();
            if (deleted > 0) {
                LOG.log(System.Logger.Level.DEBUG, () -> "purged " + deleted + " expired deliveries from " + table);
            }
            return deleted;
        }
    }

    private PreparedStatement prepare(Connection connection, String statement) throws SQLException {
        return Jdbc.prepare(connection, statement, queryTimeoutSeconds);
    }

    private <T> T withConnection(String action, Work<T> work) {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw new LedgerException("PromptFloe delivery ledger could not " + action
                    + ": the DataSource (" + dataSource.getClass().getName() + ") gave no connection: "
                    + SqlErrors.describe(e) + ". Check that the database is up and reachable and that the"
                    + " DataSource's URL and credentials are right; until then deliveries are answered 503"
                    + " and PromptFloe retries them.", SqlErrors.safeCause(e));
        }
        Prepared sql = prepared;
        try (Connection open = connection) {
            if (sql == null) {
                sql = ready(open);
            }
            Prepared ready = sql;
            return Jdbc.inAutoCommit(open, autoCommitted -> work.run(autoCommitted, ready));
        } catch (SQLException e) {
            String where = sql == null ? "" : " on " + sql.where;
            throw new LedgerException("PromptFloe delivery ledger could not " + action + " in table " + table
                    + where + ": " + SqlErrors.describe(e) + ". Check that the database is up and that its user"
                    + " may SELECT, INSERT, UPDATE and DELETE on " + table + "; until then deliveries are"
                    + " answered 503 and PromptFloe retries them.", SqlErrors.safeCause(e));
        }
    }

    /** Detects the database and makes sure the table is there, once per ledger. */
    private Prepared ready(Connection connection) throws SQLException {
        synchronized (preparing) {
            Prepared ready = prepared;
            if (ready != null) {
                return ready;
            }
            DatabaseMetaData metaData = connection.getMetaData();
            Dialect dialect = Dialect.detect(metaData);
            String where = metaData.getDatabaseProductName() + " " + metaData.getDatabaseProductVersion() + " at "
                    + SqlErrors.location(metaData.getURL());
            if (createTable) {
                createTable(connection, dialect, where);
            } else {
                SQLException missing = probe(connection);
                if (missing != null) {
                    throw new LedgerException("PromptFloe delivery ledger cannot use table " + table + " on " + where
                            + ": " + SqlErrors.describe(missing) + ". Create it with the DDL for " + dialect
                            + " in the README, or let the ledger create it"
                            + " (promptfloe.webhooks.ledger.create-table=true).", SqlErrors.safeCause(missing));
                }
            }
            ready = new Prepared(dialect, table, where);
            LOG.log(System.Logger.Level.INFO, "PromptFloe delivery ledger uses table " + table + " on " + where);
            prepared = ready;
            return ready;
        }
    }

    private void createTable(Connection connection, Dialect dialect, String where) {
        if (!dialect.createIsIdempotent() && probe(connection) == null) {
            return;
        }
        SQLException failure = null;
        try (Statement ddl = connection.createStatement()) {
            for (String statement : dialect.createTable(table)) {
                ddl.execute(statement);
            }
        } catch (SQLException e) {
            failure = e;
        }
        SQLException missing = probe(connection);
        if (missing == null) {
            if (failure != null) {
                // Two nodes creating the table at once: PostgreSQL may fail the slower one.
                String reason = SqlErrors.describe(failure);
                LOG.log(System.Logger.Level.DEBUG, () -> "table " + table + " exists after a failed create: " + reason);
            }
            return;
        }
        SQLException cause = failure != null ? failure : missing;
        throw new LedgerException("PromptFloe delivery ledger could not create table " + table + " on " + where
                + ": " + SqlErrors.describe(cause) + ". Check that the database user may CREATE TABLE and CREATE"
                + " INDEX, or create the table by hand with the DDL for " + dialect + " in the README and set"
                + " promptfloe.webhooks.ledger.create-table=false.", SqlErrors.safeCause(cause));
    }

    /** Answers {@code null} when the table is there with every column the ledger uses. */
    private SQLException probe(Connection connection) {
        try (Statement probe = connection.createStatement();
                ResultSet rows = probe.executeQuery("SELECT delivery_key, state, token, expires_at, updated_at FROM "
                        + table + " WHERE 1 = 0")) {
            rows.next();
            return null;
        } catch (SQLException e) {
            return e;
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection, Prepared sql) throws SQLException;
    }

    private record Row(String state, long expiresAt) {
    }

    /** The statements for one table on one database. */
    private static final class Prepared {
        final Dialect dialect;
        final String where;
        final String insert;
        final String takeOver;
        final String select;
        final String markDone;
        final String forget;
        final String purge;

        Prepared(Dialect dialect, String table, String where) {
            this.dialect = dialect;
            this.where = where;
            this.insert = dialect.insert(table);
            this.takeOver = "UPDATE " + table + " SET state = ?, token = ?, expires_at = ?, updated_at = ?"
                    + " WHERE delivery_key = ? AND expires_at <= ?";
            this.select = "SELECT state, expires_at FROM " + table + " WHERE delivery_key = ?";
            this.markDone = "UPDATE " + table + " SET state = ?, expires_at = ?, updated_at = ? WHERE delivery_key = ?";
            this.forget = "DELETE FROM " + table + " WHERE delivery_key = ? AND state = ? AND token = ?";
            this.purge = dialect.purge(table);
        }
    }

    /** Builds a {@link JdbcDeliveryLedger}; each setting is checked at once. */
    public static final class Builder {
        private final DataSource dataSource;
        private String table = DEFAULT_TABLE;
        private boolean createTable = true;
        private Duration dedupeWindow = DEFAULT_DEDUPE_WINDOW;
        private Duration inFlightLease = DEFAULT_IN_FLIGHT_LEASE;
        private Clock clock = Clock.systemUTC();
        private int purgeBatchSize = DEFAULT_PURGE_BATCH_SIZE;
        private Duration purgeInterval = DEFAULT_PURGE_INTERVAL;
        private Duration queryTimeout = DEFAULT_QUERY_TIMEOUT;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
        }

        /**
         * The table to keep the rows in: a plain SQL identifier (letters, digits, {@code _}, not
         * starting with a digit, at most 48 characters), optionally prefixed by a schema
         * ({@code ledger.promptfloe_deliveries}). Unquoted, so the database folds its case as usual.
         *
         * @param table the table name
         * @return this builder
         */
        public Builder table(String table) {
            this.table = Jdbc.table(table);
            return this;
        }

        /**
         * Whether the ledger creates its table and index on first use when they are missing
         * (default {@code true}); turn it off when the application's user may not run DDL.
         *
         * @param createTable {@code false} to require a table created by hand
         * @return this builder
         */
        public Builder createTable(boolean createTable) {
            this.createTable = createTable;
            return this;
        }

        /**
         * How long a done key is remembered; must outlive PromptFloe's retry schedule.
         *
         * @param window a positive duration of at least a millisecond
         * @return this builder
         */
        public Builder dedupeWindow(Duration window) {
            this.dedupeWindow = positiveMillis("dedupe window", window);
            return this;
        }

        /**
         * How long an attempt holds a key before another attempt, on any node, may take it over.
         *
         * @param lease a positive duration of at least a millisecond
         * @return this builder
         */
        public Builder inFlightLease(Duration lease) {
            this.inFlightLease = positiveMillis("in-flight lease", lease);
            return this;
        }

        /**
         * The clock that lease and window expiry follow (tests hand in their own). Every node's
         * clock must agree closely with the others'.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock must not be null");
            return this;
        }

        /**
         * The most expired rows one purge deletes, so that a purge never holds locks for long.
         *
         * @param size between 1 and 100,000
         * @return this builder
         */
        public Builder purgeBatchSize(int size) {
            this.purgeBatchSize = Jdbc.purgeBatchSize(size);
            return this;
        }

        /**
         * How long each node waits between purges when the last batch was not full; zero purges on
         * every begin.
         *
         * @param interval zero or positive
         * @return this builder
         */
        public Builder purgeInterval(Duration interval) {
            this.purgeInterval = Jdbc.notNegative("purge interval", interval);
            return this;
        }

        /**
         * How long one statement may run before the driver cancels it (rounded up to whole
         * seconds); zero leaves it to the driver and the database.
         *
         * @param timeout zero or positive
         * @return this builder
         */
        public Builder queryTimeout(Duration timeout) {
            this.queryTimeout = Jdbc.notNegative("query timeout", timeout);
            return this;
        }

        /**
         * Builds the ledger. Nothing touches the database until the first call.
         *
         * @return a new ledger
         */
        public JdbcDeliveryLedger build() {
            return new JdbcDeliveryLedger(this);
        }

        private static Duration positiveMillis(String name, Duration value) {
            Objects.requireNonNull(value, name + " must not be null");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            if (value.toMillis() < 1) {
                throw new IllegalArgumentException(name + " must be at least one millisecond: " + value);
            }
            return value;
        }
    }
}
