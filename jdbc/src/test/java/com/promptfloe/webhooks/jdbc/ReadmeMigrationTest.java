package com.promptfloe.webhooks.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.promptfloe.webhooks.jdbc.internal.Dialect;
import com.promptfloe.webhooks.ledger.Claim;
import com.promptfloe.webhooks.ledger.DeliveryKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The migration the README documents turns a table of the old layout into one the ledger uses. */
class ReadmeMigrationTest {

    private static final Map<TestDatabase, Dialect> DIALECTS = Map.of(TestDatabase.H2, Dialect.H2,
            TestDatabase.POSTGRESQL, Dialect.POSTGRESQL, TestDatabase.MARIADB, Dialect.MYSQL);

    private static String migration(Dialect dialect) throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        Matcher block = Pattern.compile("```sql\n-- " + dialect + ": from one row per key to one row per delivery\n"
                + "(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(block.find()).as("the README's migration for " + dialect).isTrue();
        return block.group(1);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void theDocumentedMigrationKeepsDoneEventsAndTheLedgerUsesTheTable(TestDatabase database) throws Exception {
        DataSource dataSource = database.reachableDataSource();
        String table = TestDatabase.uniqueTable();
        long now = Clock.systemUTC().millis();
        long live = now + Duration.ofHours(40).toMillis();
        try {
            try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
                // The old layout exactly as the earlier ledger created it, with the kinds of rows it kept.
                for (String ddl : oldDdl(DIALECTS.get(database), table)) {
                    sql.execute(ddl);
                }
                sql.execute("INSERT INTO " + table + " VALUES ('default:e:evt_done', 'DONE', 1, " + live + ", " + now
                        + ")");
                sql.execute("INSERT INTO " + table + " VALUES ('tenant-b:e:evt_done', 'DONE', 2, " + live + ", "
                        + now + ")");
                sql.execute("INSERT INTO " + table + " VALUES ('default:d:deliv_in_flight', 'IN_FLIGHT', 3, " + live
                        + ", " + now + ")");
                sql.execute("INSERT INTO " + table + " VALUES ('default:e:evt_in_flight', 'IN_FLIGHT', 3, " + live
                        + ", " + now + ")");
                for (String statement : migration(DIALECTS.get(database)).split(";\n")) {
                    if (!statement.isBlank()) {
                        sql.execute(statement.replace("promptfloe_deliveries", table));
                    }
                }
            }
            JdbcDeliveryLedger ledger = JdbcDeliveryLedger.builder(dataSource).table(table).createTable(false).build();
            // A retry of an event the old version processed is still a duplicate, on its own endpoint only.
            assertThat(ledger.begin(new DeliveryKey("default", "deliv_retry", "evt_done", "deployment.live")).state())
                    .isEqualTo(Claim.State.DONE);
            assertThat(ledger.begin(new DeliveryKey("tenant-b", "deliv_retry", "evt_done", "deployment.live"))
                    .state()).isEqualTo(Claim.State.DONE);
            assertThat(ledger.begin(new DeliveryKey("tenant-c", "deliv_retry", "evt_done", "deployment.live"))
                    .state()).isEqualTo(Claim.State.NEW);
            // What was in flight is not carried over (the old nodes were stopped first).
            Claim inFlight = ledger.begin(new DeliveryKey("default", "deliv_in_flight", "evt_in_flight", "x"));
            assertThat(inFlight.state()).isEqualTo(Claim.State.NEW);
            ledger.complete(inFlight);
            assertThat(ledger.begin(new DeliveryKey("default", "deliv_in_flight", "evt_in_flight", "x")).state())
                    .isEqualTo(Claim.State.DONE);
        } finally {
            database.drop(dataSource, table);
            database.drop(dataSource, table + "_v1");
        }
    }

    /** The earlier ledger's DDL, with its expiry index under the name the migration drops. */
    private static String[] oldDdl(Dialect dialect, String table) {
        String columns = " (delivery_key VARCHAR(255) NOT NULL, state VARCHAR(16) NOT NULL, token BIGINT NOT NULL,"
                + " expires_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, PRIMARY KEY (delivery_key)";
        if (dialect == Dialect.MYSQL) {
            return new String[] {"CREATE TABLE " + table + columns + ", INDEX " + table + "_expires_idx (expires_at))"
                    + " ENGINE=InnoDB"};
        }
        return new String[] {"CREATE TABLE " + table + columns + ")",
            "CREATE INDEX " + table + "_expires_idx ON " + table + " (expires_at)"};
    }

}
