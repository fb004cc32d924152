package com.promptfloe.webhooks.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.promptfloe.webhooks.jdbc.internal.Dialect;
import com.promptfloe.webhooks.ledger.Claim;
import com.promptfloe.webhooks.ledger.DeliveryKey;
import com.promptfloe.webhooks.ledger.DeliveryLedger;
import com.promptfloe.webhooks.ledger.DeliveryLedgerContract;
import com.promptfloe.webhooks.ledger.LedgerException;
import com.promptfloe.webhooks.ledger.TestClock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
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
 * Runs the ledger contract and the JDBC ledger's own behaviour (two nodes, purge, table handling) on
 * one real database; each test gets tables of its own, dropped afterwards.
 */
abstract class JdbcLedgerTestBase extends DeliveryLedgerContract {

    private final List<String> tables = new ArrayList<>();
    private DataSource dataSource;

    /** The database this class runs on. */
    abstract TestDatabase database();

    /** The dialect the ledger must pick on it. */
    abstract Dialect expectedDialect();

    /** A delivery of its own event, named for the test. */
    static DeliveryKey key(String deliveryId) {
        return new DeliveryKey("default", deliveryId, "evt_" + deliveryId, "deployment.live");
    }

    @Override
    protected DeliveryLedger newLedger(TestClock clock) {
        return ledgerOn(dataSource(), newTable()).build();
    }

    private DataSource dataSource() {
        if (dataSource == null) {
            dataSource = database().reachableDataSource();
        }
        return dataSource;
    }

    private String newTable() {
        String table = TestDatabase.uniqueTable();
        tables.add(table);
        return table;
    }

    private JdbcDeliveryLedger.Builder ledgerOn(DataSource source, String table) {
        return JdbcDeliveryLedger.builder(source).table(table).dedupeWindow(WINDOW).inFlightLease(LEASE).clock(clock);
    }

    @AfterEach
    void dropTables() throws SQLException {
        for (String table : tables) {
            database().drop(dataSource(), table);
        }
    }

    @Test
    void twoNodesRacingOnTheSameKeysGetExactlyOneNewPerKey() throws Exception {
        String table = newTable();
        // Two DataSources, two ledgers: nothing is shared between the "nodes" but the database.
        JdbcDeliveryLedger nodeA = ledgerOn(database().reachableDataSource(), table).build();
        JdbcDeliveryLedger nodeB = ledgerOn(database().reachableDataSource(), table).build();
        List<DeliveryKey> keys = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            keys.add(key());
        }

        Map<DeliveryKey, AtomicInteger> fresh = raceEveryKey(nodeA, nodeB, keys, 6);
        assertThat(keys).allSatisfy(key -> assertThat(fresh.get(key)).as(key.toString()).hasValue(1));

        // Every lease lapses: again exactly one node takes each delivery over.
        clock.advance(LEASE.plusSeconds(1));
        Map<DeliveryKey, AtomicInteger> takenOver = raceEveryKey(nodeA, nodeB, keys, 6);
        assertThat(keys).allSatisfy(key -> assertThat(takenOver.get(key)).as(key.toString()).hasValue(1));

        for (DeliveryKey key : keys) {
            nodeA.complete(new Claim(key, Claim.State.NEW, 1));
        }
        assertThat(keys).allSatisfy(key -> {
            assertThat(nodeA.begin(key).state()).isEqualTo(Claim.State.DONE);
            assertThat(nodeB.begin(key).state()).isEqualTo(Claim.State.DONE);
        });
    }

    /** Each thread (half on each node) begins every key once, in its own order; counts the NEWs. */
    private static Map<DeliveryKey, AtomicInteger> raceEveryKey(DeliveryLedger nodeA, DeliveryLedger nodeB,
            List<DeliveryKey> keys, int threadsPerNode) throws Exception {
        Map<DeliveryKey, AtomicInteger> fresh = new ConcurrentHashMap<>();
        keys.forEach(key -> fresh.put(key, new AtomicInteger()));
        AtomicInteger answers = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threadsPerNode * 2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threadsPerNode * 2; t++) {
                DeliveryLedger node = t % 2 == 0 ? nodeA : nodeB;
                List<DeliveryKey> order = new ArrayList<>(keys);
                Collections.shuffle(order);
                futures.add(pool.submit(() -> {
                    start.await();
                    for (DeliveryKey key : order) {
                        if (node.begin(key).isNew()) {
                            fresh.get(key).incrementAndGet();
                        }
                        answers.incrementAndGet();
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
        assertThat(answers).hasValue(keys.size() * threadsPerNode * 2);
        return fresh;
    }

    @Test
    void purgeDeletesExpiredRowsInBatchesAndKeepsLiveOnes() throws Exception {
        String table = newTable();
        // A long interval: only purgeExpired() purges here, not the begins.
        JdbcDeliveryLedger ledger = ledgerOn(dataSource(), table).purgeBatchSize(2)
                .purgeInterval(Duration.ofDays(365)).build();
        for (int i = 0; i < 5; i++) {
            ledger.complete(ledger.begin(key("old_done_" + i)));
        }
        ledger.begin(key("old_in_flight")); // its holder crashed: the lease lapses
        clock.advance(WINDOW.plusMinutes(1));
        for (int i = 0; i < 3; i++) {
            ledger.complete(ledger.begin(key("live_done_" + i)));
        }
        ledger.begin(key("live_in_flight"));
        assertThat(countExpired(table)).isEqualTo(6);

        assertThat(ledger.purgeExpired()).isEqualTo(2);
        assertThat(countExpired(table)).isEqualTo(4);
        int deleted = 0;
        int purges = 0;
        for (int n; (n = ledger.purgeExpired()) > 0; purges++) {
            assertThat(n).isLessThanOrEqualTo(2);
            deleted += n;
        }
        assertThat(deleted).isEqualTo(4);
        assertThat(purges).isEqualTo(2);
        assertThat(countExpired(table)).isZero();
        assertThat(countRows(table)).isEqualTo(4);
        for (int i = 0; i < 3; i++) {
            assertThat(ledger.begin(key("live_done_" + i)).state()).isEqualTo(Claim.State.DONE);
        }
        assertThat(ledger.begin(key("live_in_flight")).state()).isEqualTo(Claim.State.IN_FLIGHT);
    }

    @Test
    void beginPurgesABatchWhenDueAndKeepsGoingWhileThereIsABacklog() throws Exception {
        String table = newTable();
        JdbcDeliveryLedger ledger = ledgerOn(dataSource(), table).purgeBatchSize(2)
                .purgeInterval(Duration.ofMinutes(10)).build();
        for (int i = 0; i < 5; i++) {
            ledger.complete(ledger.begin(key("old_" + i))); // the first begin purged an empty table
        }
        clock.advance(WINDOW.plusMinutes(1));
        assertThat(countExpired(table)).isEqualTo(5);

        ledger.complete(ledger.begin(key("new_1"))); // due: one batch
        assertThat(countExpired(table)).isEqualTo(3);
        ledger.complete(ledger.begin(key("new_2"))); // the batch was full: another one
        assertThat(countExpired(table)).isEqualTo(1);
        ledger.complete(ledger.begin(key("new_3"))); // the last one; not a full batch, so the next waits
        assertThat(countExpired(table)).isZero();

        ledger.begin(key("abandoned"));
        clock.advance(LEASE.plusSeconds(1));
        ledger.complete(ledger.begin(key("new_4"))); // within the interval: nothing purged
        assertThat(countExpired(table)).isEqualTo(1);
        clock.advance(Duration.ofMinutes(10));
        ledger.begin(key("new_5")); // due again
        assertThat(countExpired(table)).isZero();
        assertThat(countRows(table)).isEqualTo(5); // new_1 to new_5, all live
    }

    @Test
    void createsTheTableThatTheReadmeDocuments() throws Exception {
        String table = newTable();
        JdbcDeliveryLedger ledger = ledgerOn(dataSource(), table).build();
        assertThat(ledger.begin(key("first")).isNew()).isTrue();
        try (Connection connection = dataSource().getConnection()) {
            assertThat(Dialect.detect(connection.getMetaData())).isEqualTo(expectedDialect());
            // The expiry index is there, under the documented name.
            boolean found = false;
            try (ResultSet indexes = connection.getMetaData().getIndexInfo(null, null,
                    foldCase(connection, table), false, false)) {
                while (indexes.next()) {
                    found |= Dialect.indexName(table).equalsIgnoreCase(indexes.getString("INDEX_NAME"));
                }
            }
            assertThat(found).as("index " + Dialect.indexName(table)).isTrue();
        }
        // A second ledger (a restart, another node) finds it and creates nothing new.
        assertThat(ledgerOn(dataSource(), table).build().begin(key("first")).state()).isEqualTo(Claim.State.IN_FLIGHT);
    }

    @Test
    void usesATableCreatedByHandWithTheDocumentedDdl() throws Exception {
        String table = newTable();
        try (Connection connection = dataSource().getConnection(); Statement ddl = connection.createStatement()) {
            for (String statement : expectedDialect().createTable(table)) {
                ddl.execute(statement);
            }
        }
        JdbcDeliveryLedger ledger = ledgerOn(dataSource(), table).createTable(false).build();
        ledger.complete(ledger.begin(key("by_hand")));
        assertThat(ledger.begin(key("by_hand")).state()).isEqualTo(Claim.State.DONE);
    }

    @Test
    void aMissingTableThatMayNotBeCreatedSaysWhatToDo() {
        String table = newTable();
        JdbcDeliveryLedger ledger = ledgerOn(dataSource(), table).createTable(false).build();
        assertThatThrownBy(() -> ledger.begin(key("k")))
                .isInstanceOf(LedgerException.class)
                .hasMessageContaining("cannot use table " + table)
                .hasMessageContaining("Create it with the DDL for " + expectedDialect())
                .hasMessageContaining("promptfloe.webhooks.ledger.create-table=true");
    }

    @Test
    void keysDifferingOnlyInCaseAreDifferentDeliveries() {
        DeliveryLedger ledger = ledgerOn(dataSource(), newTable()).build();
        ledger.complete(ledger.begin(key("deliv_ABC")));
        assertThat(ledger.begin(key("deliv_abc")).state()).isEqualTo(Claim.State.NEW);
    }

    @Test
    void aForgedDeliveryIdOfAKnownEventIsRefusedWithoutStoringAnything() throws Exception {
        String table = newTable();
        JdbcDeliveryLedger ledger = ledgerOn(dataSource(), table).build();
        DeliveryKey done = key("deliv_done");
        ledger.complete(ledger.begin(done));
        DeliveryKey inFlight = key("deliv_in_flight");
        ledger.begin(inFlight);

        assertThat(ledger.begin(sameEvent(done, "deliv_forged_1")).state()).isEqualTo(Claim.State.DONE);
        assertThat(ledger.begin(sameEvent(inFlight, "deliv_forged_2")).state()).isEqualTo(Claim.State.IN_FLIGHT);

        assertThat(countRows(table)).isEqualTo(2);
        assertThat(column(table, done, "delivery_id")).isEqualTo("deliv_done");
        assertThat(column(table, inFlight, "delivery_id")).isEqualTo("deliv_in_flight");
    }

    @Test
    void theRowIsTheDeliveryRecord() throws Exception {
        String table = newTable();
        JdbcDeliveryLedger ledger = ledgerOn(dataSource(), table).build();
        DeliveryKey key = key("deliv_record");
        long received = clock.millis();
        Claim claim = ledger.begin(key);
        assertThat(column(table, key, "state")).isEqualTo("IN_FLIGHT");
        clock.advance(Duration.ofMillis(250));

        ledger.complete(claim);

        assertThat(column(table, key, "endpoint")).isEqualTo("default");
        assertThat(column(table, key, "event_type")).isEqualTo("deployment.live");
        assertThat(column(table, key, "state")).isEqualTo("DONE");
        assertThat(column(table, key, "attempts")).isEqualTo("1");
        assertThat(column(table, key, "received_at")).isEqualTo(String.valueOf(received));
        assertThat(column(table, key, "finished_at")).isEqualTo(String.valueOf(received + 250));
        assertThat(column(table, key, "last_error")).isNull();
    }

    @Test
    void aFailureStaysVisibleAndTheRetryIsTheNextAttemptOfTheSameRow() throws Exception {
        String table = newTable();
        JdbcDeliveryLedger ledger = ledgerOn(dataSource(), table).build();
        DeliveryKey key = key("deliv_failing");
        ledger.fail(ledger.begin(key), "java.lang.IllegalStateException: database busy");
        assertThat(column(table, key, "state")).isEqualTo("FAILED");
        assertThat(column(table, key, "last_error")).isEqualTo("java.lang.IllegalStateException: database busy");

        clock.advance(Duration.ofMinutes(1)); // PromptFloe's first retry
        Claim retry = ledger.begin(key);
        assertThat(retry.state()).isEqualTo(Claim.State.NEW);
        assertThat(ledger.begin(sameEvent(key, "deliv_forged")).state()).isEqualTo(Claim.State.IN_FLIGHT);
        ledger.complete(retry);

        assertThat(countRows(table)).isEqualTo(1);
        assertThat(column(table, key, "state")).isEqualTo("DONE");
        assertThat(column(table, key, "attempts")).isEqualTo("2");
        assertThat(column(table, key, "received_at")).isEqualTo(String.valueOf(clock.millis()));
        assertThat(column(table, key, "last_error")).as("the earlier failure is kept")
                .isEqualTo("java.lang.IllegalStateException: database busy");
        // A failed row is kept for the window, like a done one, and then purged.
        ledger.fail(ledger.begin(key("deliv_failed_for_good")), "boom");
        clock.advance(WINDOW.plusMinutes(1));
        assertThat(countExpired(table)).isEqualTo(2);
    }

    @Test
    void aTableInTheOldLayoutIsRefusedWithThePathToTheMigration() throws Exception {
        String table = newTable();
        try (Connection connection = dataSource().getConnection(); Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE TABLE " + table + " (delivery_key VARCHAR(255) NOT NULL, state VARCHAR(16) NOT NULL,"
                    + " token BIGINT NOT NULL, expires_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,"
                    + " PRIMARY KEY (delivery_key))");
            ddl.execute("INSERT INTO " + table + " VALUES ('default:e:evt_1', 'DONE', 7, " + Long.MAX_VALUE + ", 0)");
        }
        for (boolean create : new boolean[] {true, false}) {
            JdbcDeliveryLedger ledger = ledgerOn(dataSource(), table).createTable(create).build();
            assertThatThrownBy(() -> ledger.begin(key("deliv_1")))
                    .isInstanceOf(LedgerException.class)
                    .hasMessageContaining("cannot use table " + table)
                    .hasMessageContaining("earlier layout of one row per key (column delivery_key)")
                    .hasMessageContaining("Migrate it with the SQL for " + expectedDialect())
                    .hasMessageContaining("\"Migrating from the one-row-per-key layout\" in the README");
        }
        // Nothing was changed.
        assertThat(countRows(table)).isEqualTo(1);
    }

    /** One column of a delivery's row, as text. */
    private String column(String table, DeliveryKey key, String column) throws SQLException {
        try (Connection connection = dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT " + column + " FROM " + table + " WHERE endpoint = ? AND event_id = ?")) {
            select.setString(1, key.endpoint());
            select.setString(2, key.eventId());
            try (ResultSet rows = select.executeQuery()) {
                assertThat(rows.next()).as("a row for " + key).isTrue();
                return rows.getString(1);
            }
        }
    }

    private int countExpired(String table) throws SQLException {
        try (Connection connection = dataSource().getConnection();
                PreparedStatement count = connection.prepareStatement(
                        "SELECT COUNT(*) FROM " + table + " WHERE expires_at <= ?")) {
            count.setLong(1, clock.millis());
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private int countRows(String table) throws SQLException {
        try (Connection connection = dataSource().getConnection();
                Statement count = connection.createStatement();
                ResultSet rows = count.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static String foldCase(Connection connection, String name) throws SQLException {
        return connection.getMetaData().storesUpperCaseIdentifiers() ? name.toUpperCase(java.util.Locale.ROOT) : name;
    }
}
