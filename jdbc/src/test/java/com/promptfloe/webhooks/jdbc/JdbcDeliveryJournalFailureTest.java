package com.promptfloe.webhooks.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.promptfloe.webhooks.Outcome;
import com.promptfloe.webhooks.journal.JournalException;
import com.promptfloe.webhooks.journal.JournalQuery;
import com.promptfloe.webhooks.journal.JournalRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the JDBC journal does when the database is down or hangs, and what a batch costs: on H2, in
 * front of which test DataSources fail, hold or count connections.
 */
class JdbcDeliveryJournalFailureTest {

    private final DataSource h2 = TestDatabase.H2.reachableDataSource();
    private final List<String> tables = new ArrayList<>();
    private final List<JdbcDeliveryJournal> journals = new ArrayList<>();

    @AfterEach
    void dropTables() throws SQLException {
        journals.forEach(JdbcDeliveryJournal::close);
        for (String table : tables) {
            TestDatabase.H2.drop(h2, table);
        }
    }

    private JdbcDeliveryJournal journal(DataSource dataSource, int queueCapacity) {
        String table = TestDatabase.uniqueTable().replace("pf_ledger_", "pf_journal_");
        tables.add(table);
        JdbcDeliveryJournal journal = JdbcDeliveryJournal.builder(dataSource).table(table)
                .queueCapacity(queueCapacity).build();
        journals.add(journal);
        return journal;
    }

    private static JournalRecord record(String deliveryId) {
        return new JournalRecord(UUID.randomUUID().toString(), "default", Instant.now(), JournalRecord.Source.REQUEST,
                deliveryId, "evt_" + deliveryId, "deployment.live", Outcome.PROCESSED, Duration.ofMillis(3), 0, null,
                null, Map.of(), null);
    }

    @Test
    void whileTheDatabaseIsDownAppendsReturnAndTheLostRecordsAreCounted() {
        FaultyDataSource faulty = new FaultyDataSource(h2);
        JdbcDeliveryJournal journal = journal(faulty, 1000);
        journal.append(record("before"));
        journal.flush();
        faulty.down(true);

        for (int i = 0; i < 50; i++) {
            journal.append(record("while-down-" + i)); // throws nothing
        }

        assertThatThrownBy(journal::flush).isInstanceOf(JournalException.class)
                .hasMessageContaining("dropped 50 records for table " + journal.table())
                .hasMessageContaining("the DataSource gave no connection")
                .hasMessageNotContaining("hunter2");
        assertThat(journal.dropped()).isEqualTo(50);
        assertThatThrownBy(() -> journal.find(JournalQuery.newest(10))).isInstanceOf(JournalException.class)
                .hasMessageContaining("could not list records from table " + journal.table())
                .hasMessageContaining("gave no connection")
                .hasMessageNotContaining("hunter2");

        faulty.down(false);
        journal.append(record("after"));
        journal.flush();
        assertThat(journal.find(JournalQuery.newest(10)).records()).extracting(JournalRecord::deliveryId)
                .containsExactly("after", "before");
    }

    @Test
    void whileTheDatabaseHangsAppendsDoNotWaitAndAFullQueueDrops() throws Exception {
        GatedDataSource gated = new GatedDataSource(h2);
        JdbcDeliveryJournal journal = journal(gated, 5);
        journal.append(record("creates-the-table"));
        journal.flush();
        gated.close();
        journal.append(record("held")); // the writer takes it and waits for a connection
        assertThat(gated.awaitWaiting()).as("the writer waits for a connection").isTrue();

        for (int i = 0; i < 20; i++) {
            journal.append(record("queued-" + i)); // returns at once: 5 queued, 15 dropped
        }

        assertThat(journal.dropped()).isEqualTo(15);
        gated.open();
        assertThatThrownBy(journal::flush).hasMessageContaining("dropped 15 records")
                .hasMessageContaining("queue of 5 records is full");
        assertThat(journal.written()).isEqualTo(1 + 1 + 5);
    }

    @Test
    void aBatchOfManyRecordsCostsOneCommit() throws Exception {
        GatedDataSource gated = new GatedDataSource(h2);
        CommitCountingDataSource counting = new CommitCountingDataSource(gated);
        JdbcDeliveryJournal journal = journal(counting, 1000);
        journal.append(record("creates-the-table"));
        journal.flush();
        gated.close();
        journal.append(record("first"));
        assertThat(gated.awaitWaiting()).isTrue();
        for (int i = 0; i < 300; i++) {
            journal.append(record("retried-" + (i % 30))); // numbered 1 to 10 within one batch
        }
        counting.reset();

        gated.open();
        journal.flush();

        assertThat(counting.commits()).as("one commit for the record held, one for the 300 queued behind it")
                .isEqualTo(2);
        assertThat(journal.written()).isEqualTo(302);
        assertThat(journal.history("default", "retried-7")).extracting(JournalRecord::attempt)
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    }

    /** A DataSource whose connections wait while it is closed, as a database that hangs. */
    private static final class GatedDataSource extends ProxyingDataSource {
        private final DataSource delegate;
        private volatile CountDownLatch gate = new CountDownLatch(0);
        private volatile CountDownLatch waiting = new CountDownLatch(1);

        GatedDataSource(DataSource delegate) {
            this.delegate = delegate;
        }

        void close() {
            waiting = new CountDownLatch(1);
            gate = new CountDownLatch(1);
        }

        void open() {
            gate.countDown();
        }

        boolean awaitWaiting() throws InterruptedException {
            return waiting.await(30, TimeUnit.SECONDS);
        }

        @Override
        public Connection getConnection() throws SQLException {
            CountDownLatch current = gate;
            if (current.getCount() > 0) {
                waiting.countDown();
                try {
                    current.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted", e);
                }
            }
            return delegate.getConnection();
        }
    }
}
