package com.promptfloe.webhooks.jdbc;

import com.promptfloe.webhooks.jdbc.internal.Dialect;
import com.promptfloe.webhooks.jdbc.internal.Jdbc;
import com.promptfloe.webhooks.jdbc.internal.LedgerSql;
import com.promptfloe.webhooks.jdbc.internal.LedgerTable;
import com.promptfloe.webhooks.jdbc.internal.SqlErrors;
import com.promptfloe.webhooks.inbox.DeliveryInbox;
import com.promptfloe.webhooks.ledger.Claim;
import com.promptfloe.webhooks.ledger.DeliveryKey;
import com.promptfloe.webhooks.ledger.DeliveryLedger;
import com.promptfloe.webhooks.ledger.LedgerException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * <h2>Two commits per delivery</h2>
 * Each delivery is one row holding its endpoint, signed event id (the primary key with the
 * endpoint) and delivery id (unique with the endpoint), so {@link #begin} is one INSERT that the
 * database refuses when either id is known: a replay under a forged delivery id is refused and
 * nothing of it is stored. {@link #complete} is one UPDATE. When the INSERT is refused, a SELECT of
 * the conflicting rows answers {@code DONE} or {@code IN_FLIGHT}; a row whose lease expired, whose
 * window ended or whose processing failed is taken over by one conditional UPDATE with a fresh
 * random token (or, when the ids sit in two such rows, by deleting them and inserting again).
 * Every statement runs on its own in autocommit (the connection's previous setting is restored),
 * so a failed INSERT never poisons a transaction (PostgreSQL aborts one on any error) and no lock
 * is held between statements; the database's row lock makes exactly one of several racing
 * statements win. A serialization failure or deadlock is retried a few times.
 *
 * <p>The row is also the delivery's record: event type, received at, finished at, attempts, state
 * ({@code IN_FLIGHT}, {@code DONE}, {@code FAILED}) and the last error. {@link #fail} keeps the
 * row as {@code FAILED} for the dedupe window, and the next delivery of it takes it over as a new
 * attempt; {@link #forget} deletes it. Both change the row only while it is in flight under the
 * same token.
 *
 * <p>Expiry follows this ledger's {@link Clock}, not the database's, so the nodes' clocks must agree
 * (NTP): a node whose clock runs ahead by more than the lease can take over a live claim.
 *
 * <h2>Table</h2>
 * The table ({@value #DEFAULT_TABLE} unless {@link Builder#table} says otherwise) is created on
 * first use with {@code CREATE TABLE IF NOT EXISTS} unless {@link Builder#createTable} is turned
 * off; the DDL for PostgreSQL, MariaDB/MySQL and H2 is in the README, with the migration from the
 * earlier layout (one row per key), which the ledger detects and refuses with a message pointing
 * there. Times are epoch milliseconds.
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
    private static final String FAILED = "FAILED";
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
    private volatile LedgerSql prepared;

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
    public Claim begin(DeliveryKey key) {
        Objects.requireNonNull(key, "key");
        return withConnection("begin " + describe(key), (connection, sql) -> {
            Claim claim = claim(connection, sql, key);
            purgeIfDue(connection, sql);
            return claim;
        });
    }

    @Override
    public void complete(Claim claim) {
        claim.requireNew();
        withConnection("mark " + describe(claim.key()) + " done", (connection, sql) -> {
            markDone(connection, sql, claim);
            return null;
        });
    }

    @Override
    public void forget(Claim claim) {
        claim.requireNew();
        withConnection("forget " + describe(claim.key()), (connection, sql) -> {
            try (PreparedStatement delete = prepare(connection, sql.forget)) {
                delete.setString(1, claim.key().endpoint());
                delete.setString(2, claim.key().eventId());
                delete.setString(3, IN_FLIGHT);
                delete.setLong(4, claim.token());
                delete.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Keeps the row as {@code FAILED} with the error, for the dedupe window, so the failure stays
     * visible; the next delivery of it takes the row over as a new attempt.
     */
    @Override
    public void fail(Claim claim, String error) {
        claim.requireNew();
        withConnection("record the failure of " + describe(claim.key()), (connection, sql) -> {
            long now = clock.millis();
            try (PreparedStatement update = prepare(connection, sql.fail)) {
                update.setString(1, FAILED);
                update.setLong(2, now);
                update.setLong(3, now + windowMillis);
                update.setString(4, DeliveryInbox.clip(error));
                update.setString(5, claim.key().endpoint());
                update.setString(6, claim.key().eventId());
                update.setString(7, IN_FLIGHT);
                update.setLong(8, claim.token());
                update.executeUpdate();
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

    private static String describe(DeliveryKey key) {
        return "delivery '" + key.deliveryId() + "' (event '" + key.eventId() + "', endpoint '" + key.endpoint()
                + "')";
    }

    private Claim claim(Connection connection, LedgerSql sql, DeliveryKey key) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                long now = clock.millis();
                long token = Jdbc.newToken();
                if (insert(connection, sql, key, key.deliveryId(), IN_FLIGHT, token, now, null, now + leaseMillis)) {
                    return Claim.acquired(key, token);
                }
                List<Row> rows = select(connection, sql, key);
                Row live = null;
                for (Row row : rows) {
                    if (!FAILED.equals(row.state) && row.expiresAt > now && (live == null || DONE.equals(row.state))) {
                        live = row;
                    }
                }
                if (live != null) {
                    return DONE.equals(live.state) ? Claim.done(key) : Claim.inFlight(key);
                }
                if (rows.size() == 1 && rows.get(0).isOf(key)) {
                    // A retry of this very delivery after a failure or a lapsed lease: a new attempt.
                    if (takeOver(connection, sql, key, token, now)) {
                        return Claim.acquired(key, token);
                    }
                } else if (!rows.isEmpty()) {
                    // The ids sit in rows of other deliveries, all of them over: clear them and insert again.
                    clear(connection, sql, key, now);
                }
                // The rows changed between two statements (forgotten, purged, taken over): again.
            } catch (SQLException e) {
                if (!SqlErrors.isTransient(e) || attempt >= ATTEMPTS) {
                    throw e;
                }
                continue;
            }
            if (attempt >= ATTEMPTS) {
                throw new SQLException("the rows of the delivery kept changing between statements in " + ATTEMPTS
                        + " attempts; another process may be rewriting the table");
            }
        }
    }

    private boolean takeOver(Connection connection, LedgerSql sql, DeliveryKey key, long token, long now)
            throws SQLException {
        try (PreparedStatement takeOver = prepare(connection, sql.takeOver)) {
            takeOver.setString(1, DONE);
            takeOver.setString(2, IN_FLIGHT);
            takeOver.setLong(3, token);
            takeOver.setString(4, key.eventType());
            takeOver.setLong(5, now);
            takeOver.setLong(6, now + leaseMillis);
            takeOver.setString(7, key.endpoint());
            takeOver.setString(8, key.eventId());
            takeOver.setString(9, key.deliveryId());
            takeOver.setLong(10, now);
            takeOver.setString(11, FAILED);
            return takeOver.executeUpdate() == 1;
        }
    }

    private void clear(Connection connection, LedgerSql sql, DeliveryKey key, long now) throws SQLException {
        try (PreparedStatement clear = prepare(connection, sql.clear)) {
            clear.setString(1, key.endpoint());
            clear.setString(2, key.eventId());
            clear.setString(3, key.deliveryId());
            clear.setLong(4, now);
            clear.setString(5, FAILED);
            clear.executeUpdate();
        }
    }

    private void markDone(Connection connection, LedgerSql sql, Claim claim) throws SQLException {
        DeliveryKey key = claim.key();
        for (int attempt = 1; ; attempt++) {
            try {
                long now = clock.millis();
                long expiresAt = now + windowMillis;
                try (PreparedStatement update = prepare(connection, sql.markDone)) {
                    update.setString(1, DONE);
                    update.setLong(2, now);
                    update.setLong(3, expiresAt);
                    update.setString(4, key.endpoint());
                    update.setString(5, key.eventId());
                    if (update.executeUpdate() == 1) {
                        return;
                    }
                }
                // The row was purged or forgotten meanwhile: the work was done all the same. Should the
                // delivery id sit in another row, the event alone is what a retry is recognised by.
                if (insert(connection, sql, key, key.deliveryId(), DONE, claim.token(), now, now, expiresAt)
                        || insert(connection, sql, key, null, DONE, claim.token(), now, now, expiresAt)) {
                    return;
                }
                // A driver that counts changed rather than matched rows answers 0 for an unchanged row.
                for (Row row : select(connection, sql, key)) {
                    if (row.eventId.equals(key.eventId()) && DONE.equals(row.state) && row.expiresAt >= expiresAt) {
                        return;
                    }
                }
            } catch (SQLException e) {
                if (!SqlErrors.isTransient(e) || attempt >= ATTEMPTS) {
                    throw e;
                }
                continue;
            }
            if (attempt >= ATTEMPTS) {
                throw new SQLException("the row of the delivery kept changing between statements in " + ATTEMPTS
                        + " attempts; another process may be rewriting the table");
            }
        }
    }

    private boolean insert(Connection connection, LedgerSql sql, DeliveryKey key, String deliveryId, String state,
            long token, long now, Long finishedAt, long expiresAt) throws SQLException {
        try (PreparedStatement insert = prepare(connection, sql.insert)) {
            insert.setString(1, key.endpoint());
            insert.setString(2, key.eventId());
            if (deliveryId == null) {
                insert.setNull(3, Types.VARCHAR);
            } else {
                insert.setString(3, deliveryId);
            }
            insert.setString(4, key.eventType());
            insert.setString(5, state);
            insert.setLong(6, token);
            insert.setInt(7, 1);
            insert.setLong(8, now);
            if (finishedAt == null) {
                insert.setNull(9, Types.BIGINT);
            } else {
                insert.setLong(9, finishedAt);
            }
            insert.setLong(10, expiresAt);
            insert.setNull(11, Types.VARCHAR);
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            if (SqlErrors.isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    /** The rows holding the delivery's event id or its delivery id: none, one or two. */
    private List<Row> select(Connection connection, LedgerSql sql, DeliveryKey key) throws SQLException {
        try (PreparedStatement select = prepare(connection, sql.select)) {
            select.setString(1, key.endpoint());
            select.setString(2, key.eventId());
            select.setString(3, key.deliveryId());
            try (ResultSet rows = select.executeQuery()) {
                List<Row> found = new ArrayList<>(2);
                while (rows.next()) {
                    found.add(new Row(rows.getString(1), rows.getString(2), rows.getString(3), rows.getLong(4)));
                }
                return found;
            }
        }
    }

    private void purgeIfDue(Connection connection, LedgerSql sql) {
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

    private int purge(Connection connection, LedgerSql sql, long now) throws SQLException {
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
        LedgerSql[] sql = {prepared};
        try (Connection open = connection) {
            // Preparing probes the table too, so it runs in autocommit as well: a failed probe must not
            // abort a transaction the next statement needs.
            return Jdbc.inAutoCommit(open, autoCommitted -> {
                if (sql[0] == null) {
                    sql[0] = ready(autoCommitted);
                }
                return work.run(autoCommitted, sql[0]);
            });
        } catch (SQLException e) {
            String where = sql[0] == null ? "" : " on " + sql[0].where;
            throw new LedgerException("PromptFloe delivery ledger could not " + action + " in table " + table
                    + where + ": " + SqlErrors.describe(e) + ". Check that the database is up and that its user"
                    + " may SELECT, INSERT, UPDATE and DELETE on " + table + "; until then deliveries are"
                    + " answered 503 and PromptFloe retries them.", SqlErrors.safeCause(e));
        }
    }

    /** Detects the database and makes sure the table is there, once per ledger. */
    private LedgerSql ready(Connection connection) throws SQLException {
        synchronized (preparing) {
            LedgerSql ready = prepared;
            if (ready == null) {
                LedgerTable.Ready table = LedgerTable.ready(connection, this.table, createTable);
                ready = new LedgerSql(table.dialect(), this.table, table.where());
                prepared = ready;
            }
            return ready;
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection, LedgerSql sql) throws SQLException;
    }

    private record Row(String deliveryId, String eventId, String state, long expiresAt) {
        boolean isOf(DeliveryKey key) {
            return key.eventId().equals(eventId) && key.deliveryId().equals(deliveryId);
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
