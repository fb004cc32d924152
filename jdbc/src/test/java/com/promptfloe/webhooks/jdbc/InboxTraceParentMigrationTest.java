package com.promptfloe.webhooks.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.promptfloe.webhooks.inbox.InboxDelivery;
import com.promptfloe.webhooks.inbox.InboxEntry;
import com.promptfloe.webhooks.inbox.InboxException;
import com.promptfloe.webhooks.jdbc.internal.Dialect;
import com.promptfloe.webhooks.jdbc.internal.InboxSql;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An inbox table created before the inbox kept trace contexts: the inbox adds the column itself when
 * it may create tables, refuses with the one-line migration when it may not, and the migration
 * INBOX.md documents makes the table usable with the rows it had.
 */
class InboxTraceParentMigrationTest {

    private static final Map<TestDatabase, Dialect> DIALECTS = Map.of(TestDatabase.H2, Dialect.H2,
            TestDatabase.POSTGRESQL, Dialect.POSTGRESQL, TestDatabase.MARIADB, Dialect.MYSQL);
    private static final String TRACE_PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static final Duration LEASE = Duration.ofMinutes(5);

    private static String documentedMigration() throws IOException {
        String readme = Files.readString(Path.of("INBOX.md"), StandardCharsets.UTF_8);
        Matcher block = Pattern.compile("```sql\n-- PostgreSQL, MariaDB, MySQL and H2: keep the trace context\n"
                + "(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(block.find()).as("INBOX.md's migration").isTrue();
        return block.group(1).trim();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aTableThatMayNotBeChangedIsRefusedNamingTheMigrationWhichThenWorks(TestDatabase database) throws Exception {
        DataSource dataSource = database.reachableDataSource();
        String table = TestDatabase.uniqueTable().replace("pf_ledger_", "pf_inbox_");
        try {
            olderTableWithOneRow(dataSource, DIALECTS.get(database), table);
            JdbcDeliveryInbox refusing = JdbcDeliveryInbox.builder(dataSource).table(table).createTable(false).build();
            assertThatThrownBy(() -> refusing.store(traced("deliv_new", "evt_new")))
                    .isInstanceOf(InboxException.class)
                    .hasMessageContaining("has no trace_parent column")
                    .hasMessageContaining(InboxSql.addTraceParent(table))
                    .hasMessageContaining("jdbc/INBOX.md")
                    .hasMessageContaining("promptfloe.webhooks.inbox.create-table=true");

            String migration = documentedMigration();
            assertThat(migration).isEqualTo(InboxSql.addTraceParent(JdbcDeliveryInbox.DEFAULT_TABLE) + ";");
            try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
                sql.execute(migration.replace(";", "").replace(JdbcDeliveryInbox.DEFAULT_TABLE, table));
            }
            assertUsable(JdbcDeliveryInbox.builder(dataSource).table(table).createTable(false).build());
        } finally {
            database.drop(dataSource, table);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void anInboxThatMayCreateTablesAddsTheColumnItself(TestDatabase database) throws Exception {
        DataSource dataSource = database.reachableDataSource();
        String table = TestDatabase.uniqueTable().replace("pf_ledger_", "pf_inbox_");
        try {
            olderTableWithOneRow(dataSource, DIALECTS.get(database), table);
            assertUsable(JdbcDeliveryInbox.builder(dataSource).table(table).build());
            // A second node starting on the upgraded table finds it as it is.
            assertThat(JdbcDeliveryInbox.builder(dataSource).table(table).build().find("default", "deliv_new")
                    .orElseThrow().delivery().traceParent()).isEqualTo(TRACE_PARENT);
        } finally {
            database.drop(dataSource, table);
        }
    }

    /** The row stored by the earlier version is processed, without a trace; a new one keeps its trace. */
    private static void assertUsable(JdbcDeliveryInbox inbox) {
        assertThat(inbox.store(traced("deliv_new", "evt_new"))).isTrue();
        List<InboxEntry> claimed = inbox.claim(Set.of("default"), 10, LEASE);
        assertThat(claimed).extracting(entry -> entry.deliveryId() + " " + entry.delivery().traceParent())
                .containsExactlyInAnyOrder("deliv_old null", "deliv_new " + TRACE_PARENT);
        claimed.forEach(entry -> assertThat(inbox.markDone(entry)).isTrue());
    }

    private static InboxDelivery traced(String deliveryId, String eventId) {
        return new InboxDelivery("default", deliveryId, eventId, "deployment.live", "{}".getBytes(StandardCharsets.UTF_8),
                Instant.now().minusSeconds(1), TRACE_PARENT);
    }

    /** The table exactly as the earlier inbox created it (today's DDL without the column), with a row. */
    private static void olderTableWithOneRow(DataSource dataSource, Dialect dialect, String table) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            try (Statement ddl = connection.createStatement()) {
                for (String statement : InboxSql.createTable(dialect, table)) {
                    String older = statement.replace("    trace_parent VARCHAR(128),\n", "");
                    assertThat(older).doesNotContain("trace_parent");
                    ddl.execute(older);
                }
            }
            long now = Instant.now().minusSeconds(2).toEpochMilli();
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (endpoint,"
                    + " delivery_id, event_id, event_type, body, received_at, state, attempts, due_at, claim_token,"
                    + " last_error, updated_at) VALUES ('default', 'deliv_old', 'evt_old', 'deployment.live', ?, ?,"
                    + " 'PENDING', 0, ?, 0, NULL, ?)")) {
                insert.setBytes(1, "{}".getBytes(StandardCharsets.UTF_8));
                insert.setLong(2, now);
                insert.setLong(3, now);
                insert.setLong(4, now);
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
        }
    }
}
