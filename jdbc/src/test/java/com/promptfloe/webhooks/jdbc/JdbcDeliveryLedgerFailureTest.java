package com.promptfloe.webhooks.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.promptfloe.webhooks.ledger.Claim;
import com.promptfloe.webhooks.ledger.DeliveryKey;
import com.promptfloe.webhooks.ledger.LedgerException;
import com.promptfloe.webhooks.ledger.TestClock;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.ds.PGSimpleDataSource;

/** What the ledger does when its database goes away: a {@link LedgerException} that says what to check. */
class JdbcDeliveryLedgerFailureTest {

    private static final Map<TestDatabase, String> PRODUCTS = Map.of(
            TestDatabase.H2, "H2 2.", TestDatabase.POSTGRESQL, "PostgreSQL 1", TestDatabase.MARIADB, "MariaDB 1");

    private final TestClock clock = new TestClock(Instant.parse("2026-04-26T12:00:00Z"));
    private final String table = TestDatabase.uniqueTable();
    private TestDatabase database;
    private FaultyDataSource dataSource;
    private JdbcDeliveryLedger ledger;

    private static DeliveryKey key(String deliveryId) {
        return new DeliveryKey("default", deliveryId, "evt_" + deliveryId, "deployment.live");
    }

    private void on(TestDatabase database) {
        this.database = database;
        this.dataSource = new FaultyDataSource(database.reachableDataSource());
        this.ledger = JdbcDeliveryLedger.builder(dataSource).table(table).clock(clock).build();
    }

    @AfterEach
    void dropTable() throws SQLException {
        if (dataSource != null) {
            dataSource.down(false);
            dataSource.failStatements(sql -> false);
            database.drop(dataSource, table);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void databaseDownMidwayFailsEveryOperationAndRecoversWhenItIsBack(TestDatabase database) {
        on(database);
        Claim claim = ledger.begin(key("deliv_1"));
        assertThat(claim.isNew()).isTrue();

        dataSource.down(true);
        assertThatThrownBy(() -> ledger.begin(key("deliv_2")))
                .isInstanceOf(LedgerException.class)
                .hasMessageContaining("could not begin delivery 'deliv_2'")
                .hasMessageContaining("gave no connection")
                .hasMessageContaining("[SQLState 08001]")
                .hasMessageContaining("Check that the database is up")
                .hasMessageNotContaining("hunter2")
                .satisfies(e -> assertThat(e.getCause()).hasMessageNotContaining("hunter2"));
        assertThatThrownBy(() -> ledger.complete(claim))
                .isInstanceOf(LedgerException.class).hasMessageContaining("could not mark delivery 'deliv_1' (event 'evt_deliv_1', endpoint 'default') done");
        assertThatThrownBy(() -> ledger.forget(claim))
                .isInstanceOf(LedgerException.class).hasMessageContaining("could not forget delivery 'deliv_1'");
        assertThatThrownBy(ledger::purgeExpired)
                .isInstanceOf(LedgerException.class).hasMessageContaining("could not purge expired deliveries");

        dataSource.down(false);
        ledger.complete(claim);
        assertThat(ledger.begin(key("deliv_1")).state()).isEqualTo(Claim.State.DONE);
        assertThat(ledger.begin(key("deliv_2")).state()).isEqualTo(Claim.State.NEW);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void connectionLostDuringAStatementNamesTheTableAndTheDatabase(TestDatabase database) {
        on(database);
        Claim claim = ledger.begin(key("deliv_1"));
        dataSource.failStatements(sql -> true);

        assertThatThrownBy(() -> ledger.begin(key("deliv_2")))
                .isInstanceOf(LedgerException.class)
                .hasMessageContaining("could not begin delivery 'deliv_2' (event 'evt_deliv_2', endpoint 'default') in table "
                        + table + " on " + PRODUCTS.get(database))
                .hasMessageContaining("[SQLState 08006]")
                .hasMessageContaining("may SELECT, INSERT, UPDATE and DELETE on " + table)
                .hasMessageContaining("password=***")
                .hasMessageNotContaining("hunter2")
                .satisfies(e -> assertThat(e.getCause()).hasMessageNotContaining("hunter2"));
        assertThatThrownBy(() -> ledger.complete(claim)).isInstanceOf(LedgerException.class);

        dataSource.failStatements(sql -> false);
        ledger.complete(claim);
        assertThat(ledger.begin(key("deliv_1")).state()).isEqualTo(Claim.State.DONE);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aFailedPurgeNeverFailsTheDelivery(TestDatabase database) {
        on(database);
        ledger.complete(ledger.begin(key("deliv_old")));
        clock.advance(Duration.ofDays(3));
        dataSource.failStatements(sql -> sql.startsWith("DELETE") && sql.contains("expires_at <="));

        assertThat(ledger.begin(key("deliv_new")).isNew()).isTrue();
        assertThatThrownBy(ledger::purgeExpired).isInstanceOf(LedgerException.class);

        dataSource.failStatements(sql -> false);
        assertThat(ledger.purgeExpired()).isEqualTo(1);
    }

    @Test
    void postgresqlThatIsNotListeningIsALedgerException() {
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setServerNames(new String[] {"127.0.0.1"});
        nowhere.setPortNumbers(new int[] {1}); // nothing listens on port 1
        nowhere.setDatabaseName("test");
        nowhere.setUser("postgres");
        nowhere.setPassword("s3cret-value");
        nowhere.setConnectTimeout(5);
        JdbcDeliveryLedger unreachable = JdbcDeliveryLedger.builder(nowhere).build();

        assertThatThrownBy(() -> unreachable.begin(key("deliv_1")))
                .isInstanceOf(LedgerException.class)
                .hasMessageContaining("org.postgresql.ds.PGSimpleDataSource")
                .hasMessageContaining("127.0.0.1:1")
                .hasMessageContaining("Check that the database is up")
                .hasMessageNotContaining("s3cret-value");
    }
}
