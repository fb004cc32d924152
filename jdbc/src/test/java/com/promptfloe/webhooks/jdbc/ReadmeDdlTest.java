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

    /** The ledger section lives beside the module; the root README takes it over later. */
    private static String documentation() throws IOException {
        for (Path candidate : new Path[] {Path.of("README-ledger.md"), Path.of("../README.md")}) {
            if (Files.isRegularFile(candidate)) {
                String text = Files.readString(candidate, StandardCharsets.UTF_8);
                if (text.contains("CREATE TABLE IF NOT EXISTS " + JdbcDeliveryLedger.DEFAULT_TABLE)) {
                    return text;
                }
            }
        }
        throw new AssertionError("no README-ledger.md or ../README.md with the ledger's DDL (run from the jdbc module)");
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
