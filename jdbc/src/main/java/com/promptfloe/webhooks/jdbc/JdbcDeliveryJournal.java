package com.promptfloe.webhooks.jdbc;

import com.promptfloe.webhooks.Outcome;
import com.promptfloe.webhooks.internal.DurationText;
import com.promptfloe.webhooks.jdbc.internal.Jdbc;
import com.promptfloe.webhooks.jdbc.internal.JournalSql;
import com.promptfloe.webhooks.jdbc.internal.JournalTable;
import com.promptfloe.webhooks.jdbc.internal.JournalWriter;
import com.promptfloe.webhooks.jdbc.internal.SqlErrors;
import com.promptfloe.webhooks.journal.DeliveryJournal;
import com.promptfloe.webhooks.journal.JournalCounts;
import com.promptfloe.webhooks.journal.JournalException;
import com.promptfloe.webhooks.journal.JournalPage;
import com.promptfloe.webhooks.journal.JournalQuery;
import com.promptfloe.webhooks.journal.JournalRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import javax.sql.DataSource;

/**
 * A {@link DeliveryJournal} in one database table, so that every node of a cluster sees the same
 * history: build it on the application's {@link DataSource} and hand it to a
 * {@link com.promptfloe.webhooks.journal.JournalListener}; {@link #close()} it when the application stops.
 *
 * <pre>{@code
 * JdbcDeliveryJournal journal = JdbcDeliveryJournal.builder(dataSource)
 *         .table("promptfloe_journal")
 *         .retention(Duration.ofDays(7))
 *         .build();
 * }</pre>
 *
 * <h2>Never in a delivery's way</h2>
 * {@link #append} only puts the record in a bounded in-memory queue ({@link Builder#queueCapacity})
 * and returns; one background thread per journal writes what is queued in batches of at most
 * {@link Builder#batchSize} records, one transaction (one commit) per batch. When the queue is full
 * or the database cannot be written, records are dropped and counted ({@link #dropped()}), and a
 * warning is logged at most once a minute; the deliveries are answered as before. {@link #flush()}
 * waits until what was appended is written or dropped, and throws when records were dropped since
 * the last flush. A batch that one record spoils (a duplicate id) is written again record by record,
 * so only that record is lost.
 *
 * <h2>Attempt numbers</h2>
 * The writer numbers each request record in its batch's transaction: one more than the request
 * records of the same endpoint and delivery id that the table holds within the retention, counting
 * the ones earlier in the same batch. One journal (one node) numbers its records exactly, without
 * gaps or repeats. Across nodes the count sees what other nodes committed before it: when two nodes
 * write records of the same delivery id in transactions that overlap (within milliseconds; PromptFloe
 * retries a delivery minutes apart), both may get the same number. Every record is kept all the same,
 * and a delivery's {@link #history} lists its records by time.
 *
 * <h2>Table</h2>
 * {@value #DEFAULT_TABLE} unless {@link Builder#table} says otherwise, created on first use with its
 * indexes unless {@link Builder#createTable} is off (the DDL per database is in the module's README).
 * Times and durations are nanoseconds (epoch nanoseconds for times), headers a small JSON object,
 * the payload text. Delivery ids, event ids and types are cut at {@value JournalSql#MAX_ID}
 * characters, details and failure messages at {@value JournalSql#MAX_TEXT}.
 *
 * <h2>Retention</h2>
 * Reads never show records older than the retention. The writer thread deletes them in batches of
 * at most {@link Builder#purgeBatchSize} records, once per {@link Builder#purgeInterval} and again at
 * once while batches come back full; {@link #purgeExpired()} deletes one batch on demand.
 *
 * <h2>Reads</h2>
 * Every read goes to the database with the {@link Builder#queryTimeout query timeout}; a failure
 * throws a {@link JournalException} naming the table and the cause, credentials masked.
 */
public final class JdbcDeliveryJournal implements DeliveryJournal {

    /** The table used unless {@link Builder#table} names another. */
    public static final String DEFAULT_TABLE = "promptfloe_journal";
    /** How long records are kept unless set otherwise. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    /** How many records may wait for the writer. */
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    /** How many records one transaction writes at most. */
    public static final int DEFAULT_BATCH_SIZE = 500;
    /** At most this many old records are deleted by one purge. */
    public static final int DEFAULT_PURGE_BATCH_SIZE = 500;
    /** How often old records are purged when the last batch was not full. */
    public static final Duration DEFAULT_PURGE_INTERVAL = Duration.ofMinutes(1);
    /** Each statement gives up after this long. */
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(5);

    private static final System.Logger LOG = System.getLogger(JdbcDeliveryJournal.class.getName());
    /** flush() waits at most this long beyond the statements' own timeouts. */
    private static final Duration FLUSH_WAIT = Duration.ofMinutes(1);

    private final DataSource dataSource;
    private final String table;
    private final boolean createTable;
    private final Clock clock;
    private final Duration retention;
    private final int queryTimeoutSeconds;
    private final JournalWriter writer;
    private final Thread thread;
    private final Object setupLock = new Object();
    private final Object flushLock = new Object();
    private long reportedDrops; // guarded by flushLock
    private volatile Prepared prepared;
    private volatile boolean closed;

    private JdbcDeliveryJournal(Builder builder) {
        this.dataSource = builder.dataSource;
        this.table = builder.table;
        this.createTable = builder.createTable;
        this.clock = builder.clock;
        this.retention = builder.retention;
        this.queryTimeoutSeconds = Jdbc.timeoutSeconds(builder.queryTimeout);
        JournalWriter.Store store = new JournalWriter.Store() {
            @Override
            public Connection connect() throws SQLException {
                return dataSource.getConnection();
            }

            @Override
            public JournalSql ready(Connection connection) throws SQLException {
                Prepared sql = prepared;
                return (sql != null ? sql : JdbcDeliveryJournal.this.ready(connection)).sql;
            }
        };
        this.writer = new JournalWriter(store, table, builder.queueCapacity, builder.batchSize, clock, retention,
                builder.purgeBatchSize, builder.purgeInterval, queryTimeoutSeconds);
        this.thread = builder.threadFactory.newThread(writer);
        if (thread == null) {
            throw new IllegalStateException("the journal's thread factory gave no thread: " + builder.threadFactory);
        }
    }

    /**
     * Starts a builder on a data source, with the defaults: table {@value #DEFAULT_TABLE} created on
     * first use, records kept 7 days.
     *
     * @param dataSource where the table lives; every node must reach the same database
     * @return a new builder
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /**
     * Queues the record and returns at once; the writer numbers and writes it. A full queue drops it
     * (counted in {@link #dropped()}) rather than wait.
     *
     * @throws JournalException when the journal is closed, or the record's id or endpoint is longer
     *         than {@value JournalSql#MAX_NAME} characters
     */
    @Override
    public void append(JournalRecord record) {
        Objects.requireNonNull(record, "record");
        if (closed) {
            throw new JournalException("the delivery journal on table " + table + " is closed");
        }
        if (record.id().length() > JournalSql.MAX_NAME || record.endpoint().length() > JournalSql.MAX_NAME) {
            throw new JournalException("a journal record's id and endpoint must be at most " + JournalSql.MAX_NAME
                    + " characters: id " + record.id() + ", endpoint " + record.endpoint());
        }
        try {
            JournalSql.nanos(record.at());
        } catch (ArithmeticException e) {
            throw new JournalException("a journal record's time must be between 1677 and 2262: " + record.at());
        }
        writer.offer(JournalSql.fit(record));
    }

    @Override
    public JournalPage find(JournalQuery query) {
        Objects.requireNonNull(query, "query");
        return withConnection("list records", (connection, sql) -> {
            try (PreparedStatement select = prepare(connection, sql.find(query))) {
                sql.bindFind(select, query, writer.oldestKept());
                try (ResultSet rows = select.executeQuery()) {
                    List<JournalRecord> records = JournalSql.records(rows);
                    boolean more = records.size() > query.limit();
                    return new JournalPage(more ? records.subList(0, query.limit()) : records, more);
                }
            }
        });
    }

    @Override
    public Optional<JournalRecord> get(String id) {
        Objects.requireNonNull(id, "id");
        return withConnection("read record " + id, (connection, sql) -> {
            try (PreparedStatement select = prepare(connection, sql.get)) {
                select.setString(1, id);
                select.setLong(2, writer.oldestKept());
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(JournalSql.record(rows)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<JournalRecord> history(String endpoint, String deliveryId) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(deliveryId, "deliveryId");
        return withConnection("read the history of delivery " + deliveryId, (connection, sql) -> {
            try (PreparedStatement select = prepare(connection, sql.history)) {
                select.setString(1, deliveryId);
                select.setString(2, endpoint);
                select.setLong(3, writer.oldestKept());
                try (ResultSet rows = select.executeQuery()) {
                    return JournalSql.records(rows);
                }
            }
        });
    }

    @Override
    public JournalCounts count(Instant since) {
        Objects.requireNonNull(since, "since");
        return withConnection("count records", (connection, sql) -> {
            try (PreparedStatement select = prepare(connection, sql.count)) {
                select.setLong(1, Math.max(writer.oldestKept(), JournalSql.nanos(since)));
                Map<String, Map<Outcome, Long>> counts = new HashMap<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        counts.computeIfAbsent(rows.getString(1), e -> new EnumMap<>(Outcome.class))
                                .merge(Outcome.valueOf(rows.getString(2)), rows.getLong(3), Long::sum);
                    }
                }
                return new JournalCounts(counts);
            }
        });
    }

    @Override
    public String describe() {
        Prepared sql = prepared;
        return "JDBC table " + table + (sql == null ? "" : " on " + sql.where) + ", shared by every node, records"
                + " kept for " + DurationText.format(retention);
    }

    /**
     * Waits until every record appended so far is written or dropped.
     *
     * @throws JournalException when records were dropped since the last flush (the message says
     *         why), or they are still not written after a minute beyond the statements' timeouts
     */
    @Override
    public void flush() {
        boolean done;
        try {
            done = writer.await(FLUSH_WAIT.plusSeconds(2L * queryTimeoutSeconds));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JournalException("interrupted while waiting for the journal records of table " + table, e);
        }
        if (!done) {
            throw new JournalException("the journal records queued for table " + table + " are still not written"
                    + " after " + FLUSH_WAIT.plusSeconds(2L * queryTimeoutSeconds) + "; is the database answering?");
        }
        synchronized (flushLock) {
            long dropped = writer.dropped();
            if (dropped > reportedDrops) {
                long lost = dropped - reportedDrops;
                reportedDrops = dropped;
                throw new JournalException("PromptFloe delivery journal dropped " + lost + " records for table "
                        + table + " since the last flush: " + writer.lastFailure());
            }
        }
    }

    /** Writes what is queued (or drops it when it cannot), then stops the writer thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            flush();
        } catch (JournalException e) {
            LOG.log(System.Logger.Level.WARNING, "PromptFloe delivery journal closes: " + e.getMessage());
        }
        writer.stop();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * How many records were dropped so far: the queue was full, the database could not be written,
     * or it refused a record. The deliveries were answered as usual.
     *
     * @return the count
     */
    public long dropped() {
        return writer.dropped();
    }

    /**
     * How many records were written so far.
     *
     * @return the count
     */
    public long written() {
        return writer.written();
    }

    /**
     * Deletes one batch of records older than the retention now, as the writer thread does by
     * itself from time to time; for tests, or for a scheduler of your own.
     *
     * @return how many records were deleted, at most the purge batch size
     * @throws JournalException when the database cannot be reached
     */
    public int purgeExpired() {
        return withConnection("purge old records", (connection, sql) -> writer.purge(connection, sql));
    }

    /**
     * The table this journal keeps its records in.
     *
     * @return the table name as configured
     */
    public String table() {
        return table;
    }

    @Override
    public String toString() {
        return "JdbcDeliveryJournal[" + describe() + "]";
    }

    private JdbcDeliveryJournal start() {
        thread.start();
        return this;
    }

    private PreparedStatement prepare(Connection connection, String statement) throws SQLException {
        return Jdbc.prepare(connection, statement, queryTimeoutSeconds);
    }

    private <T> T withConnection(String action, Work<T> work) {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw new JournalException("PromptFloe delivery journal could not " + action + " from table " + table
                    + ": the DataSource (" + dataSource.getClass().getName() + ") gave no connection: "
                    + SqlErrors.describe(e) + ". Check that the database is up and reachable and that the"
                    + " DataSource's URL and credentials are right.", SqlErrors.safeCause(e));
        }
        Prepared[] sql = {prepared};
        try (Connection open = connection) {
            return Jdbc.inAutoCommit(open, autoCommitted -> {
                if (sql[0] == null) {
                    sql[0] = ready(autoCommitted);
                }
                return work.run(autoCommitted, sql[0].sql);
            });
        } catch (SQLException e) {
            String where = sql[0] == null ? "" : " on " + sql[0].where;
            throw new JournalException("PromptFloe delivery journal could not " + action + " from table " + table
                    + where + ": " + SqlErrors.describe(e) + ". Check that the database is up and that its user"
                    + " may SELECT, INSERT and DELETE on " + table + ".", SqlErrors.safeCause(e));
        }
    }

    /** Detects the database and makes sure the table is there, once per journal. */
    private Prepared ready(Connection connection) throws SQLException {
        synchronized (setupLock) {
            Prepared done = prepared;
            if (done == null) {
                JournalTable.Ready ready = JournalTable.ready(connection, table, createTable);
                done = new Prepared(ready.sql(), ready.where());
                prepared = done;
            }
            return done;
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection, JournalSql sql) throws SQLException;
    }

    private record Prepared(JournalSql sql, String where) {
    }

    /** Builds a {@link JdbcDeliveryJournal}; each setting is checked at once. */
    public static final class Builder {
        private final DataSource dataSource;
        private String table = DEFAULT_TABLE;
        private boolean createTable = true;
        private Clock clock = Clock.systemUTC();
        private Duration retention = DEFAULT_RETENTION;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private int purgeBatchSize = DEFAULT_PURGE_BATCH_SIZE;
        private Duration purgeInterval = DEFAULT_PURGE_INTERVAL;
        private Duration queryTimeout = DEFAULT_QUERY_TIMEOUT;
        private ThreadFactory threadFactory;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
            this.threadFactory = writer -> {
                Thread thread = new Thread(writer, "promptfloe-journal-writer-" + table);
                thread.setDaemon(true);
                return thread;
            };
        }

        /**
         * The table to keep the journal in; default {@value #DEFAULT_TABLE}.
         *
         * @param table a SQL identifier, optionally schema-qualified, as the JDBC ledger accepts it
         * @return this builder
         */
        public Builder table(String table) {
            this.table = Jdbc.table(table);
            return this;
        }

        /**
         * Whether the journal creates its table and indexes on first use when missing (default
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
         * The clock retention is measured with (tests hand in their own); the nodes' clocks must agree.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock must not be null");
            return this;
        }

        /**
         * How long records are kept.
         *
         * @param retention positive; default 7 days
         * @return this builder
         */
        public Builder retention(Duration retention) {
            this.retention = DurationText.requirePositive("retention", retention);
            return this;
        }

        /**
         * How many records may wait for the writer; more are dropped, never waited for.
         *
         * @param capacity 1 to 1,000,000; default {@value #DEFAULT_QUEUE_CAPACITY}
         * @return this builder
         */
        public Builder queueCapacity(int capacity) {
            if (capacity < 1 || capacity > 1_000_000) {
                throw new IllegalArgumentException("queue capacity must be between 1 and 1000000: " + capacity);
            }
            this.queueCapacity = capacity;
            return this;
        }

        /**
         * How many records one transaction writes at most.
         *
         * @param size 1 to 10,000; default {@value #DEFAULT_BATCH_SIZE}
         * @return this builder
         */
        public Builder batchSize(int size) {
            if (size < 1 || size > 10_000) {
                throw new IllegalArgumentException("batch size must be between 1 and 10000: " + size);
            }
            this.batchSize = size;
            return this;
        }

        /**
         * The most old records one purge deletes, so that a purge never holds locks for long.
         *
         * @param size between 1 and 100,000; default {@value #DEFAULT_PURGE_BATCH_SIZE}
         * @return this builder
         */
        public Builder purgeBatchSize(int size) {
            this.purgeBatchSize = Jdbc.purgeBatchSize(size);
            return this;
        }

        /**
         * How long the writer waits between purges when the last batch was not full.
         *
         * @param interval zero or positive; default 1 minute
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
         * @param timeout zero or positive; default 5 seconds
         * @return this builder
         */
        public Builder queryTimeout(Duration timeout) {
            this.queryTimeout = Jdbc.notNegative("query timeout", timeout);
            return this;
        }

        /**
         * Where the writer thread comes from: in a Jakarta EE server, the server's
         * {@code ManagedThreadFactory}; by default a daemon thread named
         * {@code promptfloe-journal-writer-<table>}.
         *
         * @param factory the factory, asked for one thread
         * @return this builder
         */
        public Builder threadFactory(ThreadFactory factory) {
            this.threadFactory = Objects.requireNonNull(factory, "threadFactory must not be null");
            return this;
        }

        /**
         * Builds the journal and starts its writer thread. Nothing touches the database before the
         * first record, the first read or the first purge (one purge interval after the start).
         *
         * @return a new journal; close it when done
         */
        public JdbcDeliveryJournal build() {
            return new JdbcDeliveryJournal(this).start();
        }
    }
}
