package com.promptfloe.webhooks.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.promptfloe.webhooks.jdbc.internal.Dialect;
import com.promptfloe.webhooks.jdbc.internal.JournalSql;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The journal DDL users copy from the README is exactly what the journal runs. */
class JournalReadmeTest {

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"POSTGRESQL", "MYSQL", "H2"})
    void documentedDdlIsWhatTheJournalRuns(Dialect dialect) throws IOException {
        Path readme = Path.of("README.md");
        assertThat(readme).as("run from the jdbc module").isRegularFile();
        String statements = JournalSql.createTable(dialect, JdbcDeliveryJournal.DEFAULT_TABLE).stream()
                .map(statement -> statement + ";")
                .collect(Collectors.joining("\n"));
        assertThat(Files.readString(readme, StandardCharsets.UTF_8)).contains("```sql\n" + statements + "\n```");
    }
}
