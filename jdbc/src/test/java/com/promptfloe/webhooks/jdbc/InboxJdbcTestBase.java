package com.promptfloe.webhooks.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.promptfloe.webhooks.inbox.DeliveryInbox;
import com.promptfloe.webhooks.inbox.DeliveryInboxContract;
import com.promptfloe.webhooks.inbox.InboxDelivery;
import com.promptfloe.webhooks.inbox.InboxEntry;
import com.promptfloe.webhooks.inbox.InboxException;
import com.promptfloe.webhooks.jdbc.internal.Dialect;
import com.promptfloe.webhooks.jdbc.internal.InboxSql;
import com.promptfloe.webhooks.ledger.TestClock;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the inbox contract and the JDBC inbox's own behaviour (two nodes, purge, table handling, large
 * bodies, failures) on one real database; each test gets tables of its own, dropped afterwards.
 */
abstract class InboxJdbcTestBase extends DeliveryInboxContract {

    private static final Set<String> ENDPOINTS = Set.of(ENDPOINT);
    private final List<String> tables = new ArrayList<>();
    private DataSource dataSource;

    /** The database this class runs on. */
    abstract TestDatabase database();

    /** The dialect the inbox must pick on it. */
    abstract Dialect expectedDialect();

    @Override
    protected DeliveryInbox newInbox(TestClock clock) {
        return inboxOn(dataSource(), newTable()).build();
    }

    private DataSource dataSource() {
        if (dataSource == null) {
            dataSource = database().reachableDataSource();
        }
        return dataSource;
    }

    private String newTable() {
        String table = TestDatabase.uniqueTable().replace("pf_ledger_", "pf_inbox_");
        tables.add(table);
        return table;
    }

    private JdbcDeliveryInbox.Builder inboxOn(DataSource source, String table) {
        return JdbcDeliveryInbox.builder(source).table(table).clock(clock);
    }

    @AfterEach
    void dropTables() throws SQLException {
        for (String table : tables) {
            database().drop(dataSource(), table);
        }
    }

    @Test
    void twoNodesClaimingTheSameTableNeverHoldTheSameEntry() throws Exception {
        String table = newTable();
        // Two DataSources, two inboxes: nothing is shared between the "nodes" but the database.
        JdbcDeliveryInbox nodeA = inboxOn(database().reachableDataSource(), table).build();
        JdbcDeliveryInbox nodeB = inboxOn(database().reachableDataSource(), table).build();
        int count = 80;
        for (int i = 0; i < count; i++) {
            assertThat((i % 2 == 0 ? nodeA : nodeB).store(delivery(ENDPOINT, "deliv_" + i, "evt_" + i))).isTrue();
        }
        Map<String, AtomicInteger> claims = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                JdbcDeliveryInbox node = t % 2 == 0 ? nodeA : nodeB;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (List<InboxEntry> batch; !(batch = node.claim(ENDPOINTS, 3, LEASE)).isEmpty(); ) {
                        for (InboxEntry entry : batch) {
                            claims.computeIfAbsent(entry.deliveryId(), k -> new AtomicInteger()).incrementAndGet();
                            assertThat(node.markDone(entry)).isTrue();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(claims).hasSize(count);
        assertThat(claims.values()).allSatisfy(n -> assertThat(n).hasValue(1));
        assertThat(countRows(table, "state = 'DONE'")).isEqualTo(count);
    }

    @Test
    void keepsABodyOfTheDefaultMaximumSizeByteForByte() {
        byte[] body = new byte[1024 * 1024];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i ^ (i >>> 8));
        }
        DeliveryInbox inbox = inboxOn(dataSource(), newTable()).build();
        assertThat(inbox.store(new InboxDelivery(ENDPOINT, "deliv_big", "evt_big", "skill.completed", body,
                clock.instant()))).isTrue();
        assertThat(inbox.claim(ENDPOINTS, 1, LEASE)).singleElement()
                .satisfies(entry -> assertThat(entry.delivery().body()).isEqualTo(body));
    }

    @Test
    void purgeDeletesDoneRowsPastTheRetentionInBatchesAndNothingElse() throws Exception {
        String table = newTable();
        JdbcDeliveryInbox inbox = inboxOn(dataSource(), table).retention(Duration.ofDays(7)).purgeBatchSize(2)
                .purgeInterval(Duration.ofDays(365)).build();
        for (int i = 0; i < 5; i++) {
            inbox.store(delivery(ENDPOINT, "old_" + i, "evt_old_" + i));
        }
        inbox.store(delivery(ENDPOINT, "old_dead", "evt_old_dead"));
        inbox.store(delivery(ENDPOINT, "old_pending", "evt_old_pending"));
        for (InboxEntry entry : inbox.claim(ENDPOINTS, 6, LEASE)) {
            if (entry.deliveryId().equals("old_dead")) {
                inbox.markDead(entry, "gave up");
            } else {
                inbox.markDone(entry);
            }
        }
        assertThat(countRows(table, "state = 'DONE'")).isEqualTo(5);
        clock.advance(Duration.ofDays(7));
        inbox.store(delivery(ENDPOINT, "new_done", "evt_new_done"));
        inbox.markDone(inbox.claim(Set.of(ENDPOINT), 1, LEASE).stream()
                .filter(e -> e.deliveryId().equals("old_pending")).findFirst().orElseThrow());
        inbox.markDone(inbox.claim(ENDPOINTS, 1, LEASE).get(0)); // new_done, done just now

        assertThat(inbox.purgeDone()).isEqualTo(2);
        assertThat(inbox.purgeDone()).isEqualTo(2);
        assertThat(inbox.purgeDone()).isEqualTo(1);
        assertThat(inbox.purgeDone()).isZero();
        assertThat(inbox.find(ENDPOINT, "old_dead").orElseThrow().state()).isEqualTo(InboxEntry.State.DEAD);
        assertThat(inbox.find(ENDPOINT, "new_done")).isPresent();
        assertThat(inbox.find(ENDPOINT, "old_pending")).as("done just now, though stored long ago").isPresent();
        assertThat(countRows(table, "1 = 1")).isEqualTo(3);
    }

    @Test
    void claimsPurgeOnTheirOwnWhenDue() throws Exception {
        String table = newTable();
        JdbcDeliveryInbox inbox = inboxOn(dataSource(), table).retention(Duration.ofDays(1))
                .purgeInterval(Duration.ofMinutes(1)).build();
        inbox.store(delivery(ENDPOINT, "deliv_1", "evt_1"));
        inbox.markDone(inbox.claim(ENDPOINTS, 1, LEASE).get(0));
        clock.advance(Duration.ofDays(1));
        assertThat(inbox.claim(ENDPOINTS, 1, LEASE)).isEmpty();
        assertThat(countRows(table, "1 = 1")).isZero();
    }

    @Test
    void createsTheTableThatTheReadmeDocuments() throws Exception {
        String table = newTable();
        JdbcDeliveryInbox inbox = inboxOn(dataSource(), table).build();
        assertThat(inbox.store(delivery(ENDPOINT, "deliv_1", "evt_1"))).isTrue();
        try (Connection connection = dataSource().getConnection()) {
            assertThat(Dialect.detect(connection.getMetaData())).isEqualTo(expectedDialect());
            List<String> indexes = new ArrayList<>();
            String name = connection.getMetaData().storesUpperCaseIdentifiers() ? table.toUpperCase(java.util.Locale.ROOT)
                    : table;
            try (ResultSet rows = connection.getMetaData().getIndexInfo(null, null, name, false, false)) {
                while (rows.next()) {
                    indexes.add(String.valueOf(rows.getString("INDEX_NAME")).toLowerCase(java.util.Locale.ROOT));
                }
            }
            assertThat(indexes).contains(table + "_due_idx");
            // H2 names the index behind a constraint after it, with a suffix of its own.
            assertThat(indexes).anySatisfy(index -> assertThat(index).startsWith(table + "_event_uq"));
        }
        // A second inbox (a restart, another node) finds the table and its rows.
        assertThat(inboxOn(dataSource(), table).build().store(delivery(ENDPOINT, "deliv_1", "evt_1"))).isFalse();
    }

    @Test
    void usesATableCreatedByHandWithTheDocumentedDdl() throws Exception {
        String table = newTable();
        try (Connection connection = dataSource().getConnection(); Statement ddl = connection.createStatement()) {
            for (String statement : InboxSql.createTable(expectedDialect(), table)) {
                ddl.execute(statement);
            }
        }
        JdbcDeliveryInbox inbox = inboxOn(dataSource(), table).createTable(false).build();
        assertThat(inbox.store(delivery(ENDPOINT, "deliv_1", "evt_1"))).isTrue();
        assertThat(inbox.markDone(inbox.claim(ENDPOINTS, 1, LEASE).get(0))).isTrue();
    }

    @Test
    void aMissingTableThatMayNotBeCreatedSaysWhatToDo() {
        String table = newTable();
        JdbcDeliveryInbox inbox = inboxOn(dataSource(), table).createTable(false).build();
        assertThatThrownBy(() -> inbox.store(delivery(ENDPOINT, "deliv_1", "evt_1")))
                .isInstanceOf(InboxException.class)
                .hasMessageContaining("cannot use table " + table)
                .hasMessageContaining("DDL for " + expectedDialect() + " in jdbc/INBOX.md")
                .hasMessageContaining("promptfloe.webhooks.inbox.create-table=true");
    }

    @Test
    void aDatabaseThatIsDownIsAnInboxExceptionWithoutCredentials() {
        FaultyDataSource faulty = new FaultyDataSource(dataSource());
        JdbcDeliveryInbox inbox = inboxOn(faulty, newTable()).build();
        assertThat(inbox.store(delivery(ENDPOINT, "deliv_1", "evt_1"))).isTrue();
        faulty.down(true);
        assertThatThrownBy(() -> inbox.store(delivery(ENDPOINT, "deliv_2", "evt_2")))
                .isInstanceOf(InboxException.class)
                .hasMessageContaining("could not store delivery deliv_2")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> inbox.claim(ENDPOINTS, 1, LEASE)).isInstanceOf(InboxException.class);
        faulty.down(false);
        faulty.failStatements(sql -> sql.startsWith("UPDATE"));
        assertThatThrownBy(() -> inbox.claim(ENDPOINTS, 1, LEASE)).isInstanceOf(InboxException.class)
                .hasMessageNotContaining("hunter2");
        faulty.failStatements(sql -> false);
        // The failed claim took nothing: the entry is still there to be claimed.
        assertThat(inbox.claim(ENDPOINTS, 1, LEASE)).hasSize(1);
    }

    @Test
    void rejectsATableNameThatIsNotAnIdentifier() {
        assertThatThrownBy(() -> JdbcDeliveryInbox.builder(dataSource()).table("inbox; DROP TABLE x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inbox; DROP TABLE x");
    }

    private int countRows(String table, String where) throws SQLException {
        try (Connection connection = dataSource().getConnection(); Statement count = connection.createStatement();
                ResultSet rows = count.executeQuery("SELECT COUNT(*) FROM " + table + " WHERE " + where)) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
