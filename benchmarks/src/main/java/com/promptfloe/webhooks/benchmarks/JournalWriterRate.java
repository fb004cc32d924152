package com.promptfloe.webhooks.benchmarks;

import com.promptfloe.webhooks.Outcome;
import com.promptfloe.webhooks.jdbc.JdbcDeliveryJournal;
import com.promptfloe.webhooks.journal.JournalRecord;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * How many records a second the JDBC journal's writer writes when it has a backlog: appends a number
 * of request records at once (a queue large enough for all), flushes, three rounds on a growing
 * table; 127.0.0.1, database {@code test}, a table of its own, dropped after.
 *
 * <p>Arguments: {@code postgresql|mariadb [records per round, default 20000] [batch size, default 500]}.
 * Run it with {@code java -cp benchmarks/target/benchmarks.jar com.promptfloe.webhooks.benchmarks.JournalWriterRate postgresql}.
 */
public final class JournalWriterRate {

    private JournalWriterRate() {
    }

    /**
     * Runs the rounds and prints one line each.
     *
     * @param args database, records, batch size
     * @throws Exception when the database cannot be used
     */
    public static void main(String[] args) throws Exception {
        boolean postgres = args[0].equals("postgresql");
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres ? "jdbc:postgresql://127.0.0.1:5432/test" : "jdbc:mariadb://127.0.0.1:3306/test");
        config.setUsername(postgres ? "postgres" : "root");
        config.setMaximumPoolSize(2);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            String table = "pfw_bench_writer_" + UUID.randomUUID().toString().substring(0, 8);
            JdbcDeliveryJournal journal = JdbcDeliveryJournal.builder(pool).table(table).queueCapacity(count)
                    .batchSize(batch).build();
            try {
                for (int round = 0; round < 3; round++) {
                    long start = System.nanoTime();
                    for (int i = 0; i < count; i++) {
                        String deliveryId = "deliv_" + round + "_" + i;
                        journal.append(new JournalRecord(UUID.randomUUID().toString(), Fixtures.ENDPOINT, Instant.now(),
                                JournalRecord.Source.REQUEST, deliveryId, "evt_" + deliveryId, "skill.completed",
                                Outcome.PROCESSED, Duration.ofMillis(1), 0, null, null,
                                Map.of("X-PromptFloe-Delivery", deliveryId, "User-Agent", "PromptFloe/1",
                                        "Content-Type", "application/json"), null));
                    }
                    journal.flush();
                    double seconds = (System.nanoTime() - start) / 1e9;
                    System.out.printf(Locale.ROOT, "%s round %d: %,d records in batches of %d, %,.0f records/s"
                            + " (table holds %,d)%n", args[0], round + 1, count, batch, count / seconds,
                            (round + 1) * count);
                }
            } finally {
                journal.close();
                try (Connection connection = pool.getConnection(); Statement drop = connection.createStatement()) {
                    drop.execute("DROP TABLE IF EXISTS " + table);
                }
            }
        }
    }
}
