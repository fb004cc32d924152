package com.promptfloe.webhooks.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.promptfloe.webhooks.Outcome;
import com.promptfloe.webhooks.jdbc.internal.Dialect;
import com.promptfloe.webhooks.journal.DeliveryJournal;
import com.promptfloe.webhooks.journal.DeliveryJournalContract;
import com.promptfloe.webhooks.journal.JournalException;
import com.promptfloe.webhooks.journal.JournalQuery;
import com.promptfloe.webhooks.journal.JournalRecord;
import com.promptfloe.webhooks.ledger.TestClock;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the journal contract and the JDBC journal's own behaviour (two nodes on one table, the purge,
 * a spoiled batch, table handling) on one real database; each test gets tables of its own, dropped
 * afterwards.
 */
abstract class JournalJdbcTestBase extends DeliveryJournalContract {

    private final List<String> tables = new ArrayList<>();
    private final List<JdbcDeliveryJournal> journals = new ArrayList<>();
    private DataSource dataSource;

    /** The database this class runs on. */
    abstract TestDatabase database();

    /** The dialect the journal must pick on it. */
    abstract Dialect expectedDialect();

    @Override
    protected DeliveryJournal newJournal(TestClock clock) {
        return journalOn(dataSource(), newTable()).build();
    }

    private DataSource dataSource() {
        if (dataSource == null) {
            dataSource = database().reachableDataSource();
        }
        return dataSource;
    }

    private String newTable() {
        String table = TestDatabase.uniqueTable().replace("pf_ledger_", "pf_journal_");
        tables.add(table);
        return table;
    }

    private JdbcDeliveryJournal.Builder journalOn(DataSource source, String table) {
        return JdbcDeliveryJournal.builder(source).table(table).retention(RETENTION).clock(clock);
    }

    private JdbcDeliveryJournal started(JdbcDeliveryJournal.Builder builder) {
        JdbcDeliveryJournal journal = builder.build();
        journals.add(journal);
        return journal;
    }

    @AfterEach
    void dropTables() throws SQLException {
        journals.forEach(JdbcDeliveryJournal::close);
        for (String table : tables) {
            database().drop(dataSource(), table);
        }
    }

    private JournalRecord record(String deliveryId) {
        return request(deliveryId, Outcome.PROCESSED);
    }

    private long countRows(String table) throws SQLException {
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @Test
    void twoNodesOnOneTableShareTheHistoryAndNumberRequestsInTurnExactly() {
        String table = newTable();
        // Two DataSources, two journals: nothing is shared between the "nodes" but the database.
        JdbcDeliveryJournal nodeA = started(journalOn(database().reachableDataSource(), table));
        JdbcDeliveryJournal nodeB = started(journalOn(database().reachableDataSource(), table));
        for (int i = 0; i < 6; i++) {
            JdbcDeliveryJournal node = i % 2 == 0 ? nodeA : nodeB;
            node.append(record("retried"));
            node.flush();
            clock.advance(Duration.ofMinutes(1));
        }

        assertThat(nodeA.history("default", "retried")).extracting(JournalRecord::attempt)
                .containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(nodeB.find(JournalQuery.newest(10)).records()).hasSize(6);
    }

    @Test
    void twoNodesWritingAtOnceKeepEveryRecordNumberedWithinItsCount() throws Exception {
        String table = newTable();
        JdbcDeliveryJournal nodeA = started(journalOn(database().reachableDataSource(), table));
        JdbcDeliveryJournal nodeB = started(journalOn(database().reachableDataSource(), table));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> writes = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                JdbcDeliveryJournal node = t % 2 == 0 ? nodeA : nodeB;
                writes.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 50; i++) {
                        node.append(record("shared" + (i % 5)));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> write : writes) {
                write.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        nodeA.flush();
        nodeB.flush();

        assertThat(countRows(table)).isEqualTo(200);
        for (int i = 0; i < 5; i++) {
            // Each node numbers its own records exactly; racing transactions of two nodes may repeat a number.
            assertThat(nodeA.history("default", "shared" + i)).hasSize(40)
                    .allSatisfy(r -> assertThat(r.attempt()).isBetween(1, 40))
                    .extracting(JournalRecord::attempt).contains(1);
        }
        assertThat(nodeA.dropped() + nodeB.dropped()).isZero();
    }

    @Test
    void aDuplicateSpoilsOnlyItselfNotTheRecordsBatchedWithIt() {
        JdbcDeliveryJournal journal = started(journalOn(dataSource(), newTable()));
        JournalRecord first = record("a");
        List<JournalRecord> others = List.of(record("b"), record("c"), record("d"));
        journal.append(first);
        journal.flush();

        journal.append(others.get(0));
        journal.append(first);
        journal.append(others.get(1));
        journal.append(others.get(2));

        assertThatThrownBy(journal::flush).isInstanceOf(JournalException.class)
                .hasMessageContaining("dropped 1 records for table " + journal.table())
                .hasMessageContaining(first.id());
        assertThat(journal.written()).isEqualTo(4);
        assertThat(journal.dropped()).isEqualTo(1);
        for (JournalRecord other : others) {
            assertThat(journal.get(other.id())).contains(other.withAttempt(1));
        }
        journal.flush(); // reported once
    }

    @Test
    void longIdsAreCutToTheirColumnsAndLongTextsKeptWhole() {
        JdbcDeliveryJournal journal = started(journalOn(dataSource(), newTable()));
        String longId = "d".repeat(300);
        String trace = "x".repeat(JournalRecord.Failure.MAX_STACK_TRACE_LENGTH);
        String payload = "{\"data\":\"" + "é".repeat(200_000) + "\"}";
        JournalRecord record = new JournalRecord(UUID.randomUUID().toString(), "default", clock.instant(),
                JournalRecord.Source.REQUEST, longId, "evt", "t", Outcome.HANDLER_FAILED, Duration.ofNanos(1_234_567),
                0, "failed", new JournalRecord.Failure("java.lang.IllegalStateException", "m", trace),
                Map.of("X-PromptFloe-Delivery", longId, "Quote", "\"\\\n\u0001"), payload);
        journal.append(record);
        journal.flush();

        JournalRecord read = journal.get(record.id()).orElseThrow();
        assertThat(read.deliveryId()).isEqualTo(longId.substring(0, 260));
        assertThat(read.failure().stackTrace()).isEqualTo(trace);
        assertThat(read.payload()).isEqualTo(payload);
        assertThat(read.headers()).isEqualTo(record.headers());
        assertThat(read.handlerDuration()).isEqualTo(Duration.ofNanos(1_234_567));
        assertThat(journal.history("default", longId.substring(0, 260))).hasSize(1);
    }

    @Test
    void purgeDeletesRecordsPastTheRetentionInBatchesAndNothingElse() throws Exception {
        String table = newTable();
        JdbcDeliveryJournal journal = started(journalOn(dataSource(), table).purgeBatchSize(2)
                .purgeInterval(Duration.ofDays(365)));
        for (int i = 0; i < 5; i++) {
            journal.append(record("old" + i));
        }
        clock.advance(RETENTION);
        journal.append(record("new"));
        journal.flush();
        clock.advance(Duration.ofMillis(1));

        assertThat(journal.purgeExpired()).isEqualTo(2);
        assertThat(journal.purgeExpired()).isEqualTo(2);
        assertThat(journal.purgeExpired()).isEqualTo(1);
        assertThat(journal.purgeExpired()).isZero();
        assertThat(countRows(table)).isEqualTo(1);
    }

    @Test
    void theWriterPurgesOnItsOwn() throws Exception {
        String table = newTable();
        JdbcDeliveryJournal journal = started(journalOn(dataSource(), table).purgeBatchSize(3)
                .purgeInterval(Duration.ZERO));
        for (int i = 0; i < 10; i++) {
            journal.append(record("old" + i));
        }
        journal.flush();
        clock.advance(RETENTION.plusSeconds(1));
        journal.append(record("new"));
        journal.flush();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (countRows(table) > 1 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(countRows(table)).as("old records purged by the writer thread").isEqualTo(1);
    }

    @Test
    void createsTheTableThatTheReadmeDocumentsAndFindsItAgain() throws Exception {
        String table = newTable();
        JdbcDeliveryJournal journal = started(journalOn(dataSource(), table));
        journal.append(record("a"));
        journal.flush();
        try (Connection connection = dataSource().getConnection()) {
            assertThat(Dialect.detect(connection.getMetaData())).isEqualTo(expectedDialect());
            List<String> indexes = new ArrayList<>();
            String name = connection.getMetaData().storesUpperCaseIdentifiers() ? table.toUpperCase(Locale.ROOT)
                    : table;
            try (ResultSet rows = connection.getMetaData().getIndexInfo(null, null, name, false, false)) {
                while (rows.next()) {
                    indexes.add(String.valueOf(rows.getString("INDEX_NAME")).toLowerCase(Locale.ROOT));
                }
            }
            assertThat(indexes).contains(table + "_at_idx", table + "_delivery_idx", table + "_event_idx");
            // H2 names the index behind a constraint after it, with a suffix of its own.
            assertThat(indexes).anySatisfy(index -> assertThat(index).startsWith(table + "_id_uq"));
        }
        // Another journal (a restart, another node), not allowed to create it, finds the table and its record.
        JdbcDeliveryJournal again = started(journalOn(dataSource(), table).createTable(false));
        assertThat(again.find(JournalQuery.newest(5)).records()).extracting(JournalRecord::deliveryId)
                .containsExactly("a");
        assertThat(again.describe()).contains(table);
    }

    @Test
    void aMissingTableItMayNotCreateIsReportedByReadsAndFlush() {
        String table = newTable();
        JdbcDeliveryJournal journal = started(journalOn(dataSource(), table).createTable(false));

        assertThatThrownBy(() -> journal.find(JournalQuery.newest(5))).isInstanceOf(JournalException.class)
                .hasMessageContaining("cannot use table " + table)
                .hasMessageContaining("README of promptfloe-webhooks-jdbc");
        journal.append(record("lost"));
        assertThatThrownBy(journal::flush).isInstanceOf(JournalException.class)
                .hasMessageContaining("dropped 1 records for table " + table)
                .hasMessageContaining("cannot use table " + table);
        assertThat(journal.dropped()).isEqualTo(1);
    }
}
