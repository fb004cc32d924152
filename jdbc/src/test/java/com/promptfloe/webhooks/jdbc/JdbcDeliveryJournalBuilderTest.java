package com.promptfloe.webhooks.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.promptfloe.webhooks.Outcome;
import com.promptfloe.webhooks.journal.JournalException;
import com.promptfloe.webhooks.journal.JournalRecord;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The JDBC journal's settings are checked at once, and its thread comes from the factory given. */
class JdbcDeliveryJournalBuilderTest {

    private final DataSource h2 = TestDatabase.H2.reachableDataSource();

    @Test
    void badSettingsAreRefusedWithTheValue() {
        JdbcDeliveryJournal.Builder builder = JdbcDeliveryJournal.builder(h2);
        assertThatThrownBy(() -> builder.table("journal; DROP TABLE x")).hasMessageContaining("'journal; DROP TABLE x'");
        assertThatThrownBy(() -> builder.retention(Duration.ZERO)).hasMessage("retention must be positive: PT0S");
        assertThatThrownBy(() -> builder.queueCapacity(0)).hasMessageContaining("queue capacity must be between 1");
        assertThatThrownBy(() -> builder.batchSize(10_001)).hasMessageContaining("10001");
        assertThatThrownBy(() -> builder.purgeBatchSize(0)).hasMessageContaining("purge batch size");
        assertThatThrownBy(() -> builder.purgeInterval(Duration.ofSeconds(-1))).hasMessageContaining("PT-1S");
        assertThatThrownBy(() -> builder.queryTimeout(Duration.ofSeconds(-1))).hasMessageContaining("PT-1S");
        assertThatThrownBy(() -> JdbcDeliveryJournal.builder(null)).hasMessageContaining("dataSource");
    }

    @Test
    void theWriterRunsOnAThreadOfTheFactoryGiven() throws SQLException {
        String table = TestDatabase.uniqueTable().replace("pf_ledger_", "pf_journal_");
        List<Thread> made = new ArrayList<>();
        JdbcDeliveryJournal journal = JdbcDeliveryJournal.builder(h2).table(table).threadFactory(writer -> {
            Thread thread = new Thread(writer, "managed-by-the-server");
            made.add(thread);
            return thread;
        }).build();
        try {
            journal.append(new JournalRecord(UUID.randomUUID().toString(), "default", Instant.now(),
                    JournalRecord.Source.REQUEST, "d", null, null, Outcome.PROCESSED, null, 0, null, null, Map.of(), null));
            journal.flush();
            assertThat(made).singleElement().satisfies(thread -> assertThat(thread.isAlive()).isTrue());
            assertThat(journal.written()).isEqualTo(1);
        } finally {
            journal.close();
            TestDatabase.H2.drop(h2, table);
        }
        assertThat(made.get(0).isAlive()).as("close stops the writer").isFalse();
        assertThatThrownBy(() -> journal.append(new JournalRecord(UUID.randomUUID().toString(), "default",
                Instant.now(), JournalRecord.Source.REQUEST, "d", null, null, Outcome.PROCESSED, null, 0, null, null,
                Map.of(), null))).isInstanceOf(JournalException.class).hasMessageContaining("is closed");
    }
}
