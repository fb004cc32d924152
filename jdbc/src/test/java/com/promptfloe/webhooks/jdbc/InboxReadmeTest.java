package com.promptfloe.webhooks.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.promptfloe.webhooks.jdbc.internal.Dialect;
import com.promptfloe.webhooks.jdbc.internal.InboxSql;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The inbox DDL users copy from INBOX.md is exactly what the inbox runs. */
class InboxReadmeTest {

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"POSTGRESQL", "MYSQL", "H2"})
    void documentedDdlIsWhatTheInboxRuns(Dialect dialect) throws IOException {
        Path readme = Path.of("INBOX.md");
        assertThat(readme).as("run from the jdbc module").isRegularFile();
        String statements = InboxSql.createTable(dialect, JdbcDeliveryInbox.DEFAULT_TABLE).stream()
                .map(statement -> statement + ";")
                .collect(Collectors.joining("\n"));
        assertThat(Files.readString(readme, StandardCharsets.UTF_8)).contains("```sql\n" + statements + "\n```");
    }
}
