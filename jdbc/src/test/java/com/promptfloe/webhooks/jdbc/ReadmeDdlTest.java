package com.promptfloe.webhooks.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.promptfloe.webhooks.jdbc.internal.Dialect;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The DDL users copy from the documentation is exactly what the ledger runs. */
class ReadmeDdlTest {

    /** The module's README holds the ledger's DDL for each database. */
    private static String documentation() throws IOException {
        Path readme = Path.of("README.md");
        assertThat(readme).as("run from the jdbc module").isRegularFile();
        return Files.readString(readme, StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"POSTGRESQL", "MYSQL", "H2"})
    void documentedDdlIsWhatTheLedgerRuns(Dialect dialect) throws IOException {
        String statements = dialect.createTable(JdbcDeliveryLedger.DEFAULT_TABLE).stream()
                .map(statement -> statement + ";")
                .collect(Collectors.joining("\n"));
        assertThat(documentation()).contains("```sql\n" + statements + "\n```");
    }
}
