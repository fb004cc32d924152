package com.promptfloe.webhooks.jdbc.internal;

import com.promptfloe.webhooks.journal.JournalException;
import com.promptfloe.webhooks.journal.JournalRecord;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JDBC journal's one background thread: takes queued records in batches, numbers the requests
 * and writes each batch in one transaction, and purges records older than the retention from time
 * to time. Nothing here ever blocks or fails the thread that appends: a full queue or a database
 * that cannot be written drops records, counts them and logs at most once a minute.
 */
public final class JournalWriter implements Runnable {

    /** Where the writer gets its connections and statements. */
    public interface Store {
        /**
         * A connection, as the data source gives it.
         *
         * @return an open connection
         * @throws SQLException when there is none
         */
        Connection connect() throws SQLException;

        /**
         * The statements, once the table is known to be there.
         *
         * @param connection an open connection
         * @return the statements
         * @throws SQLException when the table cannot be checked or created
         */
        JournalSql ready(Connection connection) throws SQLException;
    }

    private static final System.Logger LOG = System.getLogger(JournalWriter.class.getName());
    private static final long LOG_EVERY = Duration.ofMinutes(1).toNanos();
    private static final long IDLE_WAIT_MILLIS = 200;
    /** Delivery ids per attempt-count query. */
    private static final int IDS_PER_QUERY = 100;

    private final Store store;
    private final String table;
    private final BlockingQueue<JournalRecord> queue;
    private final int batchSize;
    private final Clock clock;
    private final long retentionNanos;
    private final int purgeBatchSize;
    private final long purgeIntervalNanos;
    private final int timeoutSeconds;
    private final AtomicLong appended = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong lastLogged = new AtomicLong(Long.MIN_VALUE);
    private final Object progress = new Object();
    private long settled; // guarded by progress
    private volatile boolean stopping;
    private volatile String lastFailure;
    private long nextPurge;

    /**
     * A writer; run it on a thread of its own.
     *
     * @param store the connections and statements
     * @param table the table, for messages
     * @param capacity how many records may wait
     * @param batchSize how many records one transaction writes at most
     * @param clock the clock retention follows
     * @param retention how long records are kept
     * @param purgeBatchSize how many records one purge deletes at most
     * @param purgeInterval the pause between purges without a backlog
     * @param timeoutSeconds each statement's timeout, 0 for the driver's
     */
    public JournalWriter(Store store, String table, int capacity, int batchSize, Clock clock, Duration retention,
            int purgeBatchSize, Duration purgeInterval, int timeoutSeconds) {
        this.store = store;
        this.table = table;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.batchSize = batchSize;
        this.clock = clock;
        this.retentionNanos = retention.toNanos();
        this.purgeBatchSize = purgeBatchSize;
        this.purgeIntervalNanos = purgeInterval.toNanos();
        this.timeoutSeconds = timeoutSeconds;
        this.nextPurge = System.nanoTime() + purgeIntervalNanos;
    }

    /**
     * Queues a record without waiting; when the queue is full the record is dropped and counted.
     *
     * @param record the record
     */
    public void offer(JournalRecord record) {
        appended.incrementAndGet();
        if (!queue.offer(record)) {
            drop(1, "its queue of " + (queue.size() + queue.remainingCapacity()) + " records is full (the database"
                    + " writes slower than deliveries arrive)");
            settle(1);
        }
    }

    /**
     * Waits until every record queued before the call is written or dropped.
     *
     * @param timeout how long to wait at most
     * @return {@code false} when the wait timed out or the writer stopped first
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public boolean await(Duration timeout) throws InterruptedException {
        long target = appended.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (settled < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, Math.min(left, TimeUnit.MILLISECONDS.toNanos(IDLE_WAIT_MILLIS)));
            }
            return true;
        }
    }

    /** Lets the thread end once the queue is empty. */
    public void stop() {
        stopping = true;
    }

    /**
     * Records written so far.
     *
     * @return the count
     */
    public long written() {
        return written.get();
    }

    /**
     * Records dropped so far: queue full, database unreachable, or refused by it.
     *
     * @return the count
     */
    public long dropped() {
        return dropped.get();
    }

    /**
     * Why records were last dropped.
     *
     * @return the reason, or {@code null} when none were
     */
    public String lastFailure() {
        return lastFailure;
    }

    /**
     * Deletes at most one batch of records older than the retention.
     *
     * @param connection an open connection in autocommit
     * @param sql the statements
     * @return how many were deleted
     * @throws SQLException when the DELETE fails
     */
    public int purge(Connection connection, JournalSql sql) throws SQLException {
        try (PreparedStatement purge = Jdbc.prepare(connection, sql.purge, timeoutSeconds)) {
            purge.setLong(1, oldestKept());
            purge.setInt(2, purgeBatchSize);
            return purge.executeUpdate();
        }
    }

    /**
     * The oldest time a record may have and still be kept.
     *
     * @return epoch nanoseconds
     */
    public long oldestKept() {
        return JournalSql.nanos(clock.instant()) - retentionNanos;
    }

    @Override
    public void run() {
        List<JournalRecord> batch = new ArrayList<>(batchSize);
        while (!stopping || !queue.isEmpty()) {
            try {
                JournalRecord first = queue.poll(IDLE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, batchSize - 1);
                    write(batch);
                    settle(batch.size());
                    batch.clear();
                }
                purgeIfDue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                int left = queue.size();
                drop(left, "the journal was stopped with records still queued");
                settle(left);
                return;
            } catch (RuntimeException e) {
                // Never let the thread die: what cannot be written is dropped.
                drop(batch.size(), String.valueOf(e));
                settle(batch.size());
                batch.clear();
            }
        }
    }

    private void settle(int count) {
        synchronized (progress) {
            settled += count;
            progress.notifyAll();
        }
    }

    private void write(List<JournalRecord> batch) {
        Connection connection;
        try {
            connection = store.connect();
        } catch (SQLException e) {
            drop(batch.size(), "the DataSource gave no connection: " + describe(e));
            return;
        }
        try (Connection open = connection) {
            JournalSql sql = ready(open);
            boolean autoCommit = open.getAutoCommit();
            open.setAutoCommit(false);
            try {
                writeAll(open, sql, batch);
            } finally {
                if (autoCommit) {
                    open.setAutoCommit(true);
                }
            }
        } catch (SQLException e) {
            drop(batch.size(), describe(e));
        } catch (JournalException e) {
            drop(batch.size(), e.getMessage()); // the table is missing and may not be created
        }
    }

    private JournalSql ready(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        if (!autoCommit) {
            connection.setAutoCommit(true); // a failed probe must not abort a PostgreSQL transaction
        }
        try {
            return store.ready(connection);
        } finally {
            if (!autoCommit) {
                connection.setAutoCommit(false);
            }
        }
    }

    /** One transaction for the batch; when one record spoils it, one transaction per record. */
    private void writeAll(Connection connection, JournalSql sql, List<JournalRecord> batch) throws SQLException {
        for (int round = 1; ; round++) {
            try {
                insert(connection, sql, batch);
                connection.commit();
                written.addAndGet(batch.size());
                return;
            } catch (SQLException e) {
                rollback(connection);
                if (SqlErrors.isTransient(e) && round < 3) {
                    continue; // a deadlock or serialization failure with another node: try again
                }
                if (!isAboutARecord(e)) {
                    throw e;
                }
                if (batch.size() == 1) {
                    drop(1, "record " + batch.get(0).id() + " was refused: " + describe(e));
                    return;
                }
                break;
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            JournalRecord record = batch.get(i);
            try {
                insert(connection, sql, List.of(record));
                connection.commit();
                written.incrementAndGet();
            } catch (SQLException e) {
                rollback(connection);
                if (!isAboutARecord(e)) {
                    drop(batch.size() - i, describe(e));
                    return;
                }
                drop(1, "record " + record.id() + " was refused: " + describe(e));
            }
        }
    }

    private void insert(Connection connection, JournalSql sql, List<JournalRecord> batch) throws SQLException {
        Map<List<String>, Integer> held = requestsHeld(connection, sql, batch);
        try (PreparedStatement insert = Jdbc.prepare(connection, sql.insert, timeoutSeconds)) {
            for (JournalRecord record : batch) {
                JournalRecord numbered = record;
                if (isNumbered(record)) {
                    numbered = record.withAttempt(held.merge(List.of(record.endpoint(), record.deliveryId()), 1,
                            Integer::sum));
                }
                JournalSql.bind(insert, numbered);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** How many request records the table holds for each delivery id of the batch, by endpoint. */
    private Map<List<String>, Integer> requestsHeld(Connection connection, JournalSql sql, List<JournalRecord> batch)
            throws SQLException {
        Set<String> ids = new LinkedHashSet<>();
        for (JournalRecord record : batch) {
            if (isNumbered(record)) {
                ids.add(record.deliveryId());
            }
        }
        Map<List<String>, Integer> held = new HashMap<>();
        List<String> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += IDS_PER_QUERY) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + IDS_PER_QUERY));
            try (PreparedStatement select = Jdbc.prepare(connection, sql.requests(chunk.size()), timeoutSeconds)) {
                select.setLong(1, oldestKept());
                for (int i = 0; i < chunk.size(); i++) {
                    select.setString(i + 2, chunk.get(i));
                }
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        held.merge(List.of(rows.getString(1), rows.getString(2)), rows.getInt(3), Integer::sum);
                    }
                }
            }
        }
        return held;
    }

    /** PostgreSQL's batch failure quotes every value of the statement (payloads too): say what the next one says. */
    private static String describe(SQLException e) {
        SQLException next = e.getNextException();
        return SqlErrors.describe(e instanceof BatchUpdateException && next != null ? next : e);
    }

    private static boolean isNumbered(JournalRecord record) {
        return record.source() == JournalRecord.Source.REQUEST && record.deliveryId() != null;
    }

    /**
     * Whether a failure is about a record's values (a duplicate id, a value the database refuses:
     * SQL state classes 22 and 23) rather than about the connection or the table.
     */
    static boolean isAboutARecord(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            for (Throwable cause = next; cause != null; cause = cause.getCause()) {
                if (cause instanceof SQLException sql && sql.getSQLState() != null
                        && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"))) {
                    return true;
                }
                if (cause.getCause() == cause) {
                    break;
                }
            }
            if (next.getNextException() == next) {
                break;
            }
        }
        return false;
    }

    private static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // The connection is broken: the next statement says so.
        }
    }

    private void purgeIfDue() {
        long now = System.nanoTime();
        if (now - nextPurge < 0) {
            return;
        }
        nextPurge = now + purgeIntervalNanos;
        try (Connection connection = store.connect()) {
            Jdbc.inAutoCommit(connection, autoCommitted -> {
                JournalSql sql = store.ready(autoCommitted);
                int deleted = purge(autoCommitted, sql);
                if (deleted >= purgeBatchSize) {
                    nextPurge = now; // a backlog: another batch after the next records
                }
                if (deleted > 0) {
                    LOG.log(System.Logger.Level.DEBUG, () -> "purged " + deleted + " journal records from " + table);
                }
                return deleted;
            });
        } catch (SQLException | RuntimeException e) {
            String why = e instanceof SQLException sql ? describe(sql) : String.valueOf(e);
            logThrottled(() -> "PromptFloe delivery journal could not purge old records from " + table
                    + " (it tries again in " + Duration.ofNanos(purgeIntervalNanos) + "): " + why);
        }
    }

    private void drop(int count, String why) {
        if (count <= 0) {
            return;
        }
        long total = dropped.addAndGet(count);
        lastFailure = why;
        logThrottled(() -> "PromptFloe delivery journal dropped " + count + " records for table " + table + " ("
                + total + " so far; deliveries are answered as before): " + why);
    }

    private void logThrottled(java.util.function.Supplier<String> message) {
        long now = System.nanoTime();
        long last = lastLogged.get();
        if ((last == Long.MIN_VALUE || now - last >= LOG_EVERY) && lastLogged.compareAndSet(last, now)) {
            LOG.log(System.Logger.Level.WARNING, message);
        }
    }
}
