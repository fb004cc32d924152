package com.promptfloe.webhooks.benchmarks;

import com.promptfloe.webhooks.HeaderLookup;
import com.promptfloe.webhooks.Outcome;
import com.promptfloe.webhooks.ReceiveResult;
import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.Signer;
import com.promptfloe.webhooks.WebhookHeaders;
import com.promptfloe.webhooks.WebhookReceiver;
import com.promptfloe.webhooks.jdbc.JdbcDeliveryJournal;
import com.promptfloe.webhooks.journal.DeliveryJournal;
import com.promptfloe.webhooks.journal.InMemoryDeliveryJournal;
import com.promptfloe.webhooks.journal.JournalListener;
import com.promptfloe.webhooks.ledger.CaffeineDeliveryLedger;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the delivery journal costs on the delivery path: {@link WebhookReceiver#receive} of 1 KiB
 * deliveries, each new, without a journal (the floor), with a {@link JournalListener} writing to the
 * in-memory journal, and writing to the JDBC journal on PostgreSQL or MariaDB (127.0.0.1, database
 * {@code test}, a table of its own per run, dropped after). Run it with
 * {@code benchmarks/run.sh short JournalBenchmark}.
 *
 * <p>The JDBC journal only queues on the delivery path; its writer thread runs beside the benchmark
 * thread (on another core when there is one). When deliveries come faster than the writer writes,
 * the queue fills and records are dropped, which is cheap: the tear-down prints how many records
 * were written and dropped and the rate the writer kept up, so a result is read with them.
 */
@Warmup(iterations = 15, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JournalBenchmark {

    /** Creates the benchmark; JMH calls it. */
    public JournalBenchmark() {
    }

    /** A receiver of new 1 KiB deliveries with the Caffeine ledger, as {@link PipelineBenchmark} has it. */
    abstract static class Receiving {
        private final byte[][] bodies = new byte[PipelineBenchmark.POOL][];
        private final String[] headers = new String[PipelineBenchmark.POOL];
        private SteppingClock ledgerClock;
        private WebhookReceiver receiver;
        private long sequence;

        void build(DeliveryJournal journal) {
            Signer signer = Signer.of(Secret.of(Fixtures.SECRET));
            for (int i = 0; i < PipelineBenchmark.POOL; i++) {
                bodies[i] = Fixtures.skillCompleted(Fixtures.id("evt_", i), 1024);
                headers[i] = signer.header(Fixtures.SIGNED_AT, bodies[i]);
            }
            ledgerClock = new SteppingClock(Fixtures.SIGNED_AT);
            WebhookReceiver.Builder builder = WebhookReceiver.builder()
                    .secret(Secret.of(Fixtures.SECRET))
                    .clock(Clock.fixed(Fixtures.SIGNED_AT, ZoneOffset.UTC))
                    .ledger(CaffeineDeliveryLedger.builder().dedupeWindow(Duration.ofMillis(PipelineBenchmark.POOL / 2))
                            .maximumSize(4_096).clock(ledgerClock).build())
                    .endpoint(Fixtures.ENDPOINT)
                    .handler(event -> { });
            if (journal != null) {
                builder.listener(JournalListener.builder(journal).build());
            }
            receiver = builder.build();
        }

        ReceiveResult receive() {
            long n = sequence++;
            int i = (int) (n & (PipelineBenchmark.POOL - 1));
            ledgerClock.step(1);
            ReceiveResult result = receiver.receive(new Delivery(headers[i], Fixtures.id("deliv_", n)), bodies[i]);
            if (result.outcome() != Outcome.PROCESSED) {
                throw new IllegalStateException("delivery " + n + " was not processed: " + result);
            }
            return result;
        }
    }

    /** No journal. */
    @State(Scope.Benchmark)
    public static class NoJournal extends Receiving {
        /** Creates the state; JMH calls it. */
        public NoJournal() {
        }

        /** Builds the receiver. */
        @Setup
        public void setUp() {
            build(null);
        }
    }

    /** The in-memory journal, 10,000 records. */
    @State(Scope.Benchmark)
    public static class InMemory extends Receiving {
        /** Creates the state; JMH calls it. */
        public InMemory() {
        }

        /** Builds the receiver and the journal. */
        @Setup
        public void setUp() {
            build(InMemoryDeliveryJournal.builder().build());
        }
    }

    /** The JDBC journal on a pool of two connections. */
    @State(Scope.Benchmark)
    public static class Jdbc extends Receiving {
        /** The database. */
        @Param({"postgresql", "mariadb"})
        public String database;

        private HikariDataSource pool;
        private JdbcDeliveryJournal journal;
        private long started;

        /** Creates the state; JMH calls it. */
        public Jdbc() {
        }

        /** Builds the receiver, the pool and the journal on a new table. */
        @Setup
        public void setUp() {
            HikariConfig config = new HikariConfig();
            boolean postgres = database.equals("postgresql");
            config.setJdbcUrl(postgres ? "jdbc:postgresql://127.0.0.1:5432/test" : "jdbc:mariadb://127.0.0.1:3306/test");
            config.setUsername(postgres ? "postgres" : "root");
            config.setMaximumPoolSize(2);
            config.setPoolName("journal-benchmark");
            pool = new HikariDataSource(config);
            String table = "pfw_bench_journal_" + UUID.randomUUID().toString().substring(0, 8);
            journal = JdbcDeliveryJournal.builder(pool).table(table).build();
            build(journal);
            started = System.nanoTime();
        }

        /** Prints what the writer kept up with, then drops the table. */
        @TearDown(Level.Trial)
        public void tearDown() throws SQLException {
            long written = journal.written();
            long dropped = journal.dropped();
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(Locale.ROOT, "%n# JDBC journal on %s: %,d records written (%,.0f/s over %.0f s),"
                    + " %,d dropped (%.1f%%)%n", database, written, written / seconds, seconds, dropped,
                    100.0 * dropped / Math.max(1, written + dropped));
            journal.close();
            try (Connection connection = pool.getConnection(); Statement drop = connection.createStatement()) {
                drop.execute("DROP TABLE IF EXISTS " + journal.table());
            }
            pool.close();
        }
    }

    /**
     * The floor: no journal.
     *
     * @param state the receiver
     * @return the result
     */
    @Benchmark
    public ReceiveResult floorNoJournal(NoJournal state) {
        return state.receive();
    }

    /**
     * With the in-memory journal.
     *
     * @param state the receiver
     * @return the result
     */
    @Benchmark
    public ReceiveResult inMemoryJournal(InMemory state) {
        return state.receive();
    }

    /**
     * With the JDBC journal.
     *
     * @param state the receiver
     * @return the result
     */
    @Benchmark
    public ReceiveResult jdbcJournal(Jdbc state) {
        return state.receive();
    }

    /** The three PromptFloe headers of one request. */
    private record Delivery(String signature, String deliveryId) implements HeaderLookup {
        @Override
        public String header(String name) {
            return switch (name) {
                case WebhookHeaders.SIGNATURE -> signature;
                case WebhookHeaders.DELIVERY -> deliveryId;
                case WebhookHeaders.EVENT -> "skill.completed";
                default -> null;
            };
        }
    }
}
