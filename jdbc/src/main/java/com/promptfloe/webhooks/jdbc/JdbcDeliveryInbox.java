package com.promptfloe.webhooks.jdbc;

import com.promptfloe.webhooks.inbox.DeliveryInbox;
import com.promptfloe.webhooks.inbox.InboxDelivery;
import com.promptfloe.webhooks.inbox.InboxEntry;
import com.promptfloe.webhooks.inbox.InboxException;
import com.promptfloe.webhooks.internal.DurationText;
import com.promptfloe.webhooks.jdbc.internal.Jdbc;
import com.promptfloe.webhooks.jdbc.internal.InboxTable;
import com.promptfloe.webhooks.jdbc.internal.InboxTable.Ready;
import com.promptfloe.webhooks.jdbc.internal.SqlErrors;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * A {@link DeliveryInbox} in one database table, shared by every node of a cluster: build it on the
 * application's {@link DataSource}, store deliveries with an
 * {@link com.promptfloe.webhooks.inbox.InboxReceiver} and process them with an
 * {@link com.promptfloe.webhooks.inbox.InboxWorker} on each node.
 *
 * <pre>{@code
 * JdbcDeliveryInbox inbox = JdbcDeliveryInbox.builder(dataSource)
 *         .table("promptfloe_inbox")
 *         .retention(Duration.ofDays(7))
 *         .build();
 * }</pre>
 *
 * <h2>How it keeps the contract across nodes</h2>
 * Each delivery is one row; the primary key (endpoint, delivery id) and a unique key (endpoint,
 * event id) make {@link #store} insert only if absent, and the INSERT is committed before
 * {@code store} returns. {@link #claim} reads due candidates without their bodies, then takes each
 * with one conditional UPDATE that matches only the row's state and claim token as read and sets a
 * fresh random token and the lease: when two nodes race for a row the database's row lock lets
 * exactly one UPDATE match, and the loser moves on to the next candidate. Settling matches the
 * token too, so a worker whose lease was taken over changes nothing. Every statement runs on its
 * own in autocommit (the connection's setting is restored), so no lock is held while a handler runs.
 * Times are epoch milliseconds from this inbox's {@link Clock}: the nodes' clocks must agree (NTP).
 *
 * <h2>Table</h2>
 * {@value #DEFAULT_TABLE} unless {@link Builder#table} says otherwise, created on first use with its
 * indexes unless {@link Builder#createTable} is off; the body is {@code BYTEA} on PostgreSQL,
 * {@code LONGBLOB} on MariaDB/MySQL and {@code BLOB} on H2 and others. The DDL is in
 * {@code jdbc/INBOX.md}.
 *
 * <h2>Purging</h2>
 * Done rows are kept for the {@link Builder#retention retention} (default 7 days, longer than
 * PromptFloe's whole retry schedule, so a late copy of a delivery is still recognised), then
 * deleted in batches: at most once per minute per node, a {@link #claim} deletes one batch of at
 * most {@value #DEFAULT_PURGE_BATCH_SIZE} rows; {@link #purgeDone()} deletes one on demand. Dead rows
 * are never purged: they wait for an operator.
 *
 * <h2>Failures</h2>
 * Every {@link SQLException} becomes an {@link InboxException} that says what failed and what to
 * check, with credentials masked; a delivery that could not be stored is answered 503. Thread-safe.
 */
public final class JdbcDeliveryInbox implements DeliveryInbox {

    /** The table used unless {@link Builder#table} names another. */
    public static final String DEFAULT_TABLE = "promptfloe_inbox";
    /** How long done rows are kept. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    /** At most this many done rows are deleted by one purge. */
    public static final int DEFAULT_PURGE_BATCH_SIZE = 500;
    /** How often each node purges when the last batch was not full. */
    public static final Duration DEFAULT_PURGE_INTERVAL = Duration.ofMinutes(1);
    /** Each statement gives up after this long, well inside PromptFloe's 10 second wait. */
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(5);

    private static final System.Logger LOG = System.getLogger(JdbcDeliveryInbox.class.getName());
    private static final int ATTEMPTS = 3;

    private final DataSource dataSource;
    private final String table;
    private final boolean createTable;
    private final Clock clock;
    private final long retentionMillis;
    private final int purgeBatchSize;
    private final long purgeIntervalMillis;
    private final int queryTimeoutSeconds;
    private final AtomicLong nextPurgeAt = new AtomicLong(Long.MIN_VALUE);
    private final Object setupLock = new Object();
    private volatile Ready prepared;

    private JdbcDeliveryInbox(Builder builder) {
        this.dataSource = builder.dataSource;
        this.table = builder.table;
        this.createTable = builder.createTable;
        this.clock = builder.clock;
        this.retentionMillis = builder.retention.toMillis();
        this.purgeBatchSize = builder.purgeBatchSize;
        this.purgeIntervalMillis = builder.purgeInterval.toMillis();
        this.queryTimeoutSeconds = Jdbc.timeoutSeconds(builder.queryTimeout);
    }

    /**
     * Starts a builder on a data source, with the defaults: table {@value #DEFAULT_TABLE} created on
     * first use, done rows kept 7 days.
     *
     * @param dataSource where the table lives; every node must reach the same database
     * @return a new builder
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    @Override
    public boolean store(InboxDelivery delivery) {
        Objects.requireNonNull(delivery, "delivery");
        return withConnection("store delivery " + delivery.deliveryId(), (connection, sql) -> {
            for (int attempt = 1; ; attempt++) {
                try (PreparedStatement insert = prepare(connection, sql.statements().insert)) {
                    long received = delivery.receivedAt().toEpochMilli();
                    insert.setString(1, delivery.endpoint());
                    insert.setString(2, delivery.deliveryId());
                    insert.setString(3, delivery.eventId());
                    insert.setString(4, delivery.type());
                    insert.setBytes(5, delivery.body());
                    insert.setLong(6, received);
                    insert.setLong(7, received);
                    insert.setLong(8, clock.millis());
                    if (delivery.traceParent() == null) {
                        insert.setNull(9, Types.VARCHAR);
                    } else {
                        insert.setString(9, delivery.traceParent());
                    }
                    return insert.executeUpdate() == 1;
                } catch (SQLException e) {
                    if (SqlErrors.isDuplicateKey(e)) {
                        return false;
                    }
                    if (!SqlErrors.isTransient(e) || attempt >= ATTEMPTS) {
                        throw e;
                    }
                }
            }
        });
    }

    @Override
    public List<InboxEntry> claim(Set<String> endpoints, int max, Duration lease) {
        if (endpoints.isEmpty()) {
            return List.of();
        }
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1: " + max);
        }
        long leaseMillis = lease.toMillis();
        if (leaseMillis < 1) {
            throw new IllegalArgumentException("lease must be at least a millisecond: " + lease);
        }
        List<String> names = List.copyOf(new TreeSet<>(endpoints));
        List<InboxEntry> claimed = withConnection("claim deliveries", (connection, sql) -> {
            long now = clock.millis();
            List<Candidate> candidates = new ArrayList<>();
            try (PreparedStatement select = prepare(connection, sql.statements().candidates(names.size()))) {
                int index = 1;
                for (String name : names) {
                    select.setString(index++, name);
                }
                select.setLong(index++, now);
                // Some candidates may go to another node meanwhile: read a few more than needed.
                select.setInt(index, max * 2 + 4);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        candidates.add(new Candidate(rows.getString(1), rows.getString(2), rows.getString(3),
                                rows.getLong(4)));
                    }
                }
            }
            List<InboxEntry> mine = new ArrayList<>();
            for (Candidate candidate : candidates) {
                if (mine.size() >= max) {
                    break;
                }
                long token = Jdbc.newToken();
                if (take(connection, sql, candidate, token, now, now + leaseMillis)) {
                    read(connection, sql.statements().claimed, candidate.endpoint, candidate.deliveryId, token)
                            .ifPresent(mine::add);
                }
            }
            return mine;
        });
        purgeIfDue();
        return claimed;
    }

    private boolean take(Connection connection, Ready sql, Candidate candidate, long token, long now,
            long leaseEnd) throws SQLException {
        try (PreparedStatement update = prepare(connection, sql.statements().claim)) {
            update.setLong(1, token);
            update.setLong(2, leaseEnd);
            update.setLong(3, now);
            update.setString(4, candidate.endpoint);
            update.setString(5, candidate.deliveryId);
            update.setString(6, candidate.state);
            update.setLong(7, candidate.token);
            update.setLong(8, now);
            return update.executeUpdate() == 1;
        } catch (SQLException e) {
            if (SqlErrors.isTransient(e)) {
                return false; // another node is on this row: leave it to them
            }
            throw e;
        }
    }

    @Override
    public boolean markDone(InboxEntry claimed) {
        DeliveryInbox.requireClaimed(claimed);
        return withConnection("mark delivery " + claimed.deliveryId() + " done", (connection, sql) -> {
            try (PreparedStatement update = prepare(connection, sql.statements().done)) {
                long now = clock.millis();
                update.setLong(1, now);
                update.setLong(2, now);
                update.setString(3, claimed.endpoint());
                update.setString(4, claimed.deliveryId());
                update.setLong(5, claimed.token());
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean markFailed(InboxEntry claimed, String error, Instant nextAttemptAt) {
        DeliveryInbox.requireClaimed(claimed);
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        return settle(claimed, InboxEntry.State.PENDING, nextAttemptAt.toEpochMilli(), error, "failed");
    }

    @Override
    public boolean markDead(InboxEntry claimed, String error) {
        DeliveryInbox.requireClaimed(claimed);
        return settle(claimed, InboxEntry.State.DEAD, clock.millis(), error, "dead");
    }

    private boolean settle(InboxEntry claimed, InboxEntry.State state, long dueAt, String error, String what) {
        return withConnection("mark delivery " + claimed.deliveryId() + " " + what, (connection, sql) -> {
            try (PreparedStatement update = prepare(connection, sql.statements().settle)) {
                update.setString(1, state.name());
                update.setLong(2, dueAt);
                update.setString(3, DeliveryInbox.clip(error));
                update.setLong(4, clock.millis());
                update.setString(5, claimed.endpoint());
                update.setString(6, claimed.deliveryId());
                update.setLong(7, claimed.token());
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<InboxEntry> listDead(int max) {
        return list(InboxEntry.State.DEAD, max);
    }

    @Override
    public List<InboxEntry> list(InboxEntry.State state, int max) {
        Objects.requireNonNull(state, "state");
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1: " + max);
        }
        return withConnection("list " + state + " deliveries", (connection, sql) -> {
            try (PreparedStatement select = prepare(connection, sql.statements().byState)) {
                select.setString(1, state.name());
                select.setInt(2, max);
                List<InboxEntry> found = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.add(entry(rows));
                    }
                }
                return found;
            }
        });
    }

    @Override
    public boolean redrive(String endpoint, String deliveryId) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(deliveryId, "deliveryId");
        return withConnection("re-drive delivery " + deliveryId, (connection, sql) -> {
            try (PreparedStatement update = prepare(connection, sql.statements().redrive)) {
                long now = clock.millis();
                update.setLong(1, now);
                update.setLong(2, now);
                update.setString(3, endpoint);
                update.setString(4, deliveryId);
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<InboxEntry> find(String endpoint, String deliveryId) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(deliveryId, "deliveryId");
        return withConnection("find delivery " + deliveryId,
                (connection, sql) -> read(connection, sql.statements().find, endpoint, deliveryId, null));
    }

    /**
     * Counts the entries that are not done, in one grouped query over the state index; the inbox
     * worker calls it at most every few seconds, never a metrics scrape.
     */
    @Override
    public com.promptfloe.webhooks.monitoring.InboxCounts count() {
        return withConnection("count its entries", (connection, sql) -> {
            String failed = "CASE WHEN last_error IS NULL THEN 0 ELSE 1 END";
            try (PreparedStatement select = prepare(connection, "SELECT state, " + failed + ", COUNT(*),"
                    + " MIN(received_at) FROM " + table + " WHERE state IN ('PENDING', 'CLAIMED', 'DEAD')"
                    + " GROUP BY state, " + failed); ResultSet rows = select.executeQuery()) {
                long pending = 0;
                long retrying = 0;
                long dead = 0;
                long oldest = Long.MAX_VALUE;
                while (rows.next()) {
                    long n = rows.getLong(3);
                    if ("DEAD".equals(rows.getString(1))) {
                        dead += n;
                        continue;
                    }
                    if (rows.getInt(2) == 1) {
                        retrying += n;
                    } else {
                        pending += n;
                    }
                    oldest = Math.min(oldest, rows.getLong(4));
                }
                return new com.promptfloe.webhooks.monitoring.InboxCounts(pending, retrying, dead,
                        oldest == Long.MAX_VALUE ? null : Instant.ofEpochMilli(oldest), clock.instant());
            }
        });
    }

    /**
     * Deletes one batch of done rows older than the retention now, as claims do by themselves from
     * time to time; for tests, or for a scheduler that prefers to purge on its own.
     *
     * @return how many rows were deleted, at most the purge batch size
     * @throws InboxException when the database cannot be reached
     */
    public int purgeDone() {
        return withConnection("purge done deliveries", (connection, sql) -> purge(connection, sql, clock.millis()));
    }

    /**
     * The table this inbox keeps its rows in.
     *
     * @return the table name as configured
     */
    public String table() {
        return table;
    }

    @Override
    public String toString() {
        return "JdbcDeliveryInbox[table=" + table + ", retention=" + Duration.ofMillis(retentionMillis) + "]";
    }

    private void purgeIfDue() {
        long now = clock.millis();
        long due = nextPurgeAt.get();
        if (now < due || !nextPurgeAt.compareAndSet(due, now + purgeIntervalMillis)) {
            return;
        }
        try {
            if (purgeDone() >= purgeBatchSize) {
                nextPurgeAt.set(now); // a backlog: the next claim deletes another batch
            }
        } catch (InboxException e) {
            LOG.log(System.Logger.Level.WARNING, () -> "PromptFloe inbox could not purge done rows of " + table
                    + " (it tries again in " + Duration.ofMillis(purgeIntervalMillis) + "): " + e.getMessage());
        }
    }

    private int purge(Connection connection, Ready sql, long now) throws SQLException {
        try (PreparedStatement purge = prepare(connection, sql.statements().purge)) {
            long before = now - retentionMillis;
            int index = 1;
            purge.setLong(index++, before);
            if (sql.statements().purgeTakesTimeTwice()) {
                purge.setLong(index++, before);
            }
            purge.setInt(index, purgeBatchSize);
            int deleted = purge.executeUpdate();
            if (deleted > 0) {
                LOG.log(System.Logger.Level.DEBUG, () -> "purged " + deleted + " done deliveries from " + table);
            }
            return deleted;
        }
    }

    private Optional<InboxEntry> read(Connection connection, String statement, String endpoint, String deliveryId,
            Long token) throws SQLException {
        try (PreparedStatement select = prepare(connection, statement)) {
            select.setString(1, endpoint);
            select.setString(2, deliveryId);
            if (token != null) {
                select.setLong(3, token);
            }
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(entry(rows)) : Optional.empty();
            }
        }
    }

    private static InboxEntry entry(ResultSet row) throws SQLException {
        InboxDelivery delivery = new InboxDelivery(row.getString(1), row.getString(2), row.getString(3),
                row.getString(4), row.getBytes(5), Instant.ofEpochMilli(row.getLong(6)), row.getString(12));
        return new InboxEntry(delivery, InboxEntry.State.valueOf(row.getString(7)), row.getInt(8),
                Instant.ofEpochMilli(row.getLong(9)), row.getString(11), row.getLong(10));
    }

    private PreparedStatement prepare(Connection connection, String statement) throws SQLException {
        return Jdbc.prepare(connection, statement, queryTimeoutSeconds);
    }

    private <T> T withConnection(String action, Work<T> work) {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw new InboxException("PromptFloe inbox could not " + action + ": the DataSource ("
                    + dataSource.getClass().getName() + ") gave no connection: " + SqlErrors.describe(e)
                    + ". Check that the database is up and reachable and that the DataSource's URL and credentials"
                    + " are right; until then deliveries are answered 503 and PromptFloe retries them.",
                    SqlErrors.safeCause(e));
        }
        Ready sql = prepared;
        try (Connection open = connection) {
            if (sql == null) {
                sql = ready(open);
            }
            Ready ready = sql;
            return Jdbc.inAutoCommit(open, autoCommitted -> work.run(autoCommitted, ready));
        } catch (SQLException e) {
            String where = sql == null ? "" : " on " + sql.where();
            throw new InboxException("PromptFloe inbox could not " + action + " in table " + table + where + ": "
                    + SqlErrors.describe(e) + ". Check that the database is up and that its user may SELECT, INSERT,"
                    + " UPDATE and DELETE on " + table + ".", SqlErrors.safeCause(e));
        }
    }

    /** Detects the database and makes sure the table is there, once per inbox. */
    private Ready ready(Connection connection) throws SQLException {
        synchronized (setupLock) {
            Ready done = prepared;
            if (done == null) {
                done = InboxTable.ready(connection, table, createTable);
                prepared = done;
            }
            return done;
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection, Ready sql) throws SQLException;
    }

    private record Candidate(String endpoint, String deliveryId, String state, long token) {
    }

    /** Builds a {@link JdbcDeliveryInbox}; each setting is checked at once. */
    public static final class Builder {
        private final DataSource dataSource;
        private String table = DEFAULT_TABLE;
        private boolean createTable = true;
        private Clock clock = Clock.systemUTC();
        private Duration retention = DEFAULT_RETENTION;
        private int purgeBatchSize = DEFAULT_PURGE_BATCH_SIZE;
        private Duration purgeInterval = DEFAULT_PURGE_INTERVAL;
        private Duration queryTimeout = DEFAULT_QUERY_TIMEOUT;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
        }

        /**
         * The table to keep the inbox in; default {@value #DEFAULT_TABLE}.
         *
         * @param table a SQL identifier, optionally schema-qualified, as the JDBC ledger accepts it
         * @return this builder
         */
        public Builder table(String table) {
            this.table = Jdbc.table(table);
            return this;
        }

        /**
         * Whether the inbox creates its table and indexes on first use when missing (default
         * {@code true}); turn it off when the application's user may not run DDL.
         *
         * @param createTable {@code false} to require a table created by hand
         * @return this builder
         */
        public Builder createTable(boolean createTable) {
            this.createTable = createTable;
            return this;
        }

        /**
         * The clock that stamps and expires rows (tests hand in their own). Every node's clock must
         * agree closely with the others'.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock must not be null");
            return this;
        }

        /**
         * How long done rows are kept before they are purged; keep it longer than PromptFloe's retry
         * schedule (about 38.6 hours) so a late copy of a delivery is still recognised.
         *
         * @param retention positive
         * @return this builder
         */
        public Builder retention(Duration retention) {
            this.retention = DurationText.requirePositive("retention", retention);
            return this;
        }

        /**
         * The most done rows one purge deletes, so that a purge never holds locks for long.
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
         * every claim.
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
         * Builds the inbox. Nothing touches the database until the first call.
         *
         * @return a new inbox
         */
        public JdbcDeliveryInbox build() {
            return new JdbcDeliveryInbox(this);
        }
    }
}
