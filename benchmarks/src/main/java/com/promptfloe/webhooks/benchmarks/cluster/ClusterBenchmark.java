package com.promptfloe.webhooks.benchmarks.cluster;

import com.promptfloe.webhooks.HeaderLookup;
import com.promptfloe.webhooks.Outcome;
import com.promptfloe.webhooks.ReceiveResult;
import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.Signer;
import com.promptfloe.webhooks.WebhookHeaders;
import com.promptfloe.webhooks.WebhookReceiver;
import com.promptfloe.webhooks.inbox.InboxReceiver;
import com.promptfloe.webhooks.jdbc.CommitCountingDataSource;
import com.promptfloe.webhooks.jdbc.JdbcDeliveryInbox;
import com.promptfloe.webhooks.jdbc.JdbcDeliveryLedger;
import com.promptfloe.webhooks.jdbc.internal.Dialect;
import com.promptfloe.webhooks.jdbc.internal.InboxSql;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * Cluster mode at the database's limit: deliveries per second through {@link WebhookReceiver#receive}
 * with the JDBC ledger (dispatch mode, a handler that does nothing) and through {@link InboxReceiver}
 * with the JDBC inbox, each beside the database's own rate for exactly the statements the library
 * commits per delivery, run from the same JVM on the same HikariCP pool (and, on PostgreSQL, by
 * pgbench from a script of the same statements). Prints one table per database and the ratios.
 *
 * <p>Arguments: {@code postgresql|mariadb [seconds per run, default 8] [rounds, default 2]
 * [thread counts, default 1,4,16]}. Each run gets a fresh table, a pool of as many connections as
 * threads, two seconds of warm-up, then the measured seconds; rounds alternate the library and the
 * database's limit so that a busy machine disturbs both alike. Before the timed runs, a counted run
 * of 200 deliveries through a {@code DataSource} wrapper reports the commits per delivery.
 */
public final class ClusterBenchmark {

    private static final Secret SECRET = Secret.of("whsec_cluster_benchmark_only_not_a_real_secret");
    private static final long WARM_UP_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final AtomicInteger TABLES = new AtomicInteger();
    /** The library's per-statement timeout (its default unless -Dcluster.queryTimeout=PT0S and the like). */
    private static final Duration QUERY_TIMEOUT = Duration.parse(System.getProperty("cluster.queryTimeout", "PT5S"));
    /** Signed requests made per thread before a run: more than a thread delivers in 10 s here. */
    private static final int PREPARED_PER_THREAD = Integer.getInteger("cluster.prepared", 10_000);
    private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000, 36);

    private final String database;
    private final String url;
    private final String user;
    private final Dialect dialect;
    private final int seconds;

    private ClusterBenchmark(String database, int seconds) {
        this.database = database;
        this.seconds = seconds;
        if (database.equals("postgresql")) {
            url = "jdbc:postgresql://127.0.0.1:5432/test";
            user = "postgres";
            dialect = Dialect.POSTGRESQL;
        } else if (database.equals("mariadb")) {
            url = "jdbc:mariadb://127.0.0.1:3306/test";
            user = "root";
            dialect = Dialect.MYSQL;
        } else {
            throw new IllegalArgumentException("database must be postgresql or mariadb: " + database);
        }
    }

    /**
     * Runs the benchmark.
     *
     * @param args database, seconds per run, rounds, thread counts
     * @throws Exception when a database cannot be reached or a run fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: ClusterBenchmark postgresql|mariadb [seconds] [rounds] [threads,...]");
            System.exit(2);
        }
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int[] threads = Arrays.stream((args.length > 3 ? args[3] : "1,4,16").split(","))
                .mapToInt(Integer::parseInt).toArray();
        // HikariCP logs through SLF4J; without a provider it says so once, which is fine here.
        new ClusterBenchmark(args[0], seconds).run(rounds, threads);
    }

    private void run(int rounds, int[] threadCounts) throws Exception {
        System.out.printf(Locale.ROOT, "# %s, %d s per run, %d rounds, %d cores, Java %s%n", database, seconds, rounds,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        countCommits();
        boolean pgbench = dialect == Dialect.POSTGRESQL && Files.isExecutable(Path.of(PGBENCH));
        Map<String, List<Result>> results = new LinkedHashMap<>();
        for (int threads : threadCounts) {
            for (int round = 1; round <= rounds; round++) {
                record(results, measure("ledger", threads, this::ledgerWorkload));
                record(results, measure("ledger statements (JDBC)", threads, this::ledgerStatements));
                if (pgbench) {
                    record(results, pgbench("ledger statements (pgbench)", threads, ledgerScript()));
                }
                record(results, measure("inbox", threads, this::inboxWorkload));
                record(results, measure("inbox statement (JDBC)", threads, this::inboxStatement));
                if (pgbench) {
                    record(results, pgbench("inbox statement (pgbench)", threads, inboxScript()));
                }
            }
        }
        System.out.println();
        System.out.println("| mode | threads | deliveries/s (each round) | mean | p50 ms | p99 ms |");
        System.out.println("|---|---|---|---|---|---|");
        for (List<Result> runs : results.values()) {
            Result first = runs.get(0);
            System.out.printf(Locale.ROOT, "| %s | %d | %s | %,.0f | %.2f | %.2f |%n", first.mode, first.threads,
                    String.join(" / ", runs.stream().map(r -> String.format(Locale.ROOT, "%,.0f", r.perSecond)).toList()),
                    mean(runs), runs.stream().mapToDouble(r -> r.p50Millis).average().orElse(0),
                    runs.stream().mapToDouble(r -> r.p99Millis).average().orElse(0));
        }
        System.out.println();
        System.out.println("| ratio | threads | JDBC loop | pgbench |");
        System.out.println("|---|---|---|---|");
        for (int threads : threadCounts) {
            for (String[] pair : new String[][] {{"ledger", "ledger statements"}, {"inbox", "inbox statement"}}) {
                double library = mean(results.get(pair[0] + "@" + threads));
                double jdbc = mean(results.get(pair[1] + " (JDBC)@" + threads));
                List<Result> bench = results.get(pair[1] + " (pgbench)@" + threads);
                System.out.printf(Locale.ROOT, "| %s / %s | %d | %.2f | %s |%n", pair[0], pair[1], threads,
                        library / jdbc, bench == null ? "-" : String.format(Locale.ROOT, "%.2f", library / mean(bench)));
            }
        }
    }

    private static void record(Map<String, List<Result>> results, Result result) {
        System.out.printf(Locale.ROOT, "%-30s %2d threads: %,9.0f deliveries/s, p50 %.2f ms, p99 %.2f ms%n",
                result.mode, result.threads, result.perSecond, result.p50Millis, result.p99Millis);
        results.computeIfAbsent(result.mode + "@" + result.threads, k -> new ArrayList<>()).add(result);
    }

    private static double mean(List<Result> runs) {
        return runs.stream().mapToDouble(r -> r.perSecond).average().orElse(Double.NaN);
    }

    // ---------------------------------------------------------------- the workloads

    /** What each thread does for one delivery; sets up per run. */
    @FunctionalInterface
    private interface Workload {
        Delivery prepare(DataSource dataSource, String table) throws Exception;
    }

    @FunctionalInterface
    private interface Delivery {
        void deliver(Request request) throws Exception;
    }

    /**
     * One signed request, made before the clock starts: signing is PromptFloe's work, not the
     * receiver's, and the statement loops do not pay it either.
     */
    private record Request(String id, byte[] body, HeaderLookup headers) {
        static Request of(String id) {
            byte[] body = ClusterBenchmark.body(id);
            String signature = Signer.of(SECRET).header(Clock.systemUTC().instant(), body);
            String delivery = "deliv_" + id;
            return new Request(id, body, name -> switch (name) {
                case WebhookHeaders.SIGNATURE -> signature;
                case WebhookHeaders.DELIVERY -> delivery;
                case WebhookHeaders.EVENT -> "deployment.live";
                default -> null;
            });
        }
    }

    private Delivery ledgerWorkload(DataSource dataSource, String table) {
        JdbcDeliveryLedger ledger = JdbcDeliveryLedger.builder(dataSource).table(table).queryTimeout(QUERY_TIMEOUT)
                .build();
        WebhookReceiver receiver = WebhookReceiver.builder().secret(SECRET).ledger(ledger).handler(event -> { })
                .build();
        return request -> expect(receiver.receive(request.headers(), request.body()), Outcome.PROCESSED);
    }

    private Delivery inboxWorkload(DataSource dataSource, String table) {
        JdbcDeliveryInbox inbox = JdbcDeliveryInbox.builder(dataSource).table(table).queryTimeout(QUERY_TIMEOUT)
                .build();
        // A JDBC ledger is configured too, as jakarta-ee does in inbox mode: the inbox receiver must not use it.
        JdbcDeliveryLedger ledger = JdbcDeliveryLedger.builder(dataSource).table(table + "_l").build();
        WebhookReceiver receiver = WebhookReceiver.builder().secret(SECRET).ledger(ledger).endpoint("orders").build();
        InboxReceiver inboxReceiver = InboxReceiver.builder(receiver, inbox).build();
        return request -> expect(inboxReceiver.receive(request.headers(), request.body()), Outcome.QUEUED);
    }

    /** The ledger's two statements for a new delivery, as it runs them: autocommit, one commit each. */
    private Delivery ledgerStatements(DataSource dataSource, String table) throws SQLException {
        createTable(dataSource, dialect.createTable(table));
        String insert = dialect.insert(table);
        String done = Dialect.markDone(table);
        return request -> {
            String id = request.id();
            try (Connection connection = dataSource.getConnection()) {
                long now = System.currentTimeMillis();
                try (PreparedStatement statement = connection.prepareStatement(insert)) {
                    statement.setString(1, "default");
                    statement.setString(2, "evt_" + id);
                    statement.setString(3, "deliv_" + id);
                    statement.setString(4, "deployment.live");
                    statement.setString(5, "IN_FLIGHT");
                    statement.setLong(6, now);
                    statement.setInt(7, 1);
                    statement.setLong(8, now);
                    statement.setNull(9, java.sql.Types.BIGINT);
                    statement.setLong(10, now + 120_000);
                    statement.setNull(11, java.sql.Types.VARCHAR);
                    statement.executeUpdate();
                }
                try (PreparedStatement statement = connection.prepareStatement(done)) {
                    statement.setString(1, "DONE");
                    statement.setLong(2, now);
                    statement.setLong(3, now + 172_800_000);
                    statement.setString(4, "default");
                    statement.setString(5, "evt_" + id);
                    statement.executeUpdate();
                }
            }
        };
    }

    /** The inbox's one statement for a new delivery. */
    private Delivery inboxStatement(DataSource dataSource, String table) throws SQLException {
        createTable(dataSource, InboxSql.createTable(dialect, table));
        String insert = new InboxSql(dialect, table).insert;
        return request -> {
            String id = request.id();
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement statement = connection.prepareStatement(insert)) {
                long now = System.currentTimeMillis();
                statement.setString(1, "orders");
                statement.setString(2, "deliv_" + id);
                statement.setString(3, "evt_" + id);
                statement.setString(4, "deployment.live");
                statement.setBytes(5, request.body());
                statement.setLong(6, now);
                statement.setLong(7, now);
                statement.setLong(8, now);
                statement.executeUpdate();
            }
        };
    }

    private static void expect(ReceiveResult result, Outcome wanted) {
        if (result.outcome() != wanted) {
            throw new IllegalStateException("expected " + wanted + ", got " + result.outcome() + ": " + result.detail());
        }
    }

    private static byte[] body(String id) {
        return ("{\"id\":\"evt_" + id + "\",\"type\":\"deployment.live\",\"createdAt\":\"2026-04-26T12:34:56Z\","
                + "\"workspaceId\":\"ws_1\",\"data\":{\"url\":\"https://demo.example\"}}").getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- running

    private HikariDataSource pool(int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        config.setPoolName("cluster-benchmark");
        return new HikariDataSource(config);
    }

    private static String newTable(String kind) {
        return "pfw_bench_" + kind + "_" + RUN + "_" + TABLES.incrementAndGet();
    }

    private static void createTable(DataSource dataSource, List<String> ddl) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : ddl) {
                statement.execute(sql);
            }
        }
    }

    private static void drop(DataSource dataSource, String... tables) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String table : tables) {
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
        }
    }

    private Result measure(String mode, int threads, Workload workload) throws Exception {
        String table = newTable(mode.startsWith("inbox") ? "inbox" : "ledger");
        try (HikariDataSource pool = pool(threads)) {
            try {
                Delivery delivery = workload.prepare(pool, table);
                Request[][] requests = new Request[threads][PREPARED_PER_THREAD];
                for (int t = 0; t < threads; t++) {
                    for (int i = 0; i < PREPARED_PER_THREAD; i++) {
                        requests[t][i] = Request.of(t + "_" + i);
                    }
                }
                AtomicLong failures = new AtomicLong();
                long[][] latencies = new long[threads][];
                int[] counts = new int[threads];
                CountDownLatch ready = new CountDownLatch(threads);
                long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
                long measureFrom = start + WARM_UP_NANOS;
                long end = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
                List<Thread> workers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int index = t;
                    Thread worker = new Thread(() -> {
                        long[] own = new long[1 << 16];
                        int n = 0;
                        long next = 0;
                        ready.countDown();
                        while (System.nanoTime() < start) {
                            Thread.onSpinWait();
                        }
                        for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
                            long n0 = next++;
                            // Past the prepared ones (a fast database), a request is signed on the spot.
                            Request request = n0 < PREPARED_PER_THREAD ? requests[index][(int) n0]
                                    : Request.of(index + "_" + n0);
                            if (n0 >= PREPARED_PER_THREAD) {
                                now = System.nanoTime();
                            }
                            try {
                                delivery.deliver(request);
                            } catch (Exception e) {
                                if (failures.incrementAndGet() == 1) {
                                    e.printStackTrace();
                                }
                                continue;
                            }
                            long done = System.nanoTime();
                            if (now >= measureFrom && done <= end) {
                                if (n == own.length) {
                                    own = Arrays.copyOf(own, n * 2);
                                }
                                own[n++] = done - now;
                            }
                        }
                        latencies[index] = own;
                        counts[index] = n;
                    }, "cluster-bench-" + t);
                    workers.add(worker);
                    worker.start();
                }
                for (Thread worker : workers) {
                    worker.join();
                }
                if (failures.get() > 0) {
                    throw new IllegalStateException(mode + ": " + failures.get() + " deliveries failed");
                }
                int total = Arrays.stream(counts).sum();
                long[] all = new long[total];
                int at = 0;
                for (int t = 0; t < threads; t++) {
                    System.arraycopy(latencies[t], 0, all, at, counts[t]);
                    at += counts[t];
                }
                Arrays.sort(all);
                return new Result(mode, threads, total / (double) seconds, percentile(all, 0.50) / 1e6,
                        percentile(all, 0.99) / 1e6);
            } finally {
                drop(pool, table, table + "_l");
            }
        }
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }

    private void countCommits() throws Exception {
        for (String mode : List.of("ledger", "ledger statements (JDBC)", "inbox", "inbox statement (JDBC)")) {
            String table = newTable(mode.startsWith("inbox") ? "inbox" : "ledger");
            try (HikariDataSource pool = pool(1)) {
                try {
                    CommitCountingDataSource counted = new CommitCountingDataSource(pool);
                    Workload workload = switch (mode) {
                        case "ledger" -> this::ledgerWorkload;
                        case "inbox" -> this::inboxWorkload;
                        case "ledger statements (JDBC)" -> this::ledgerStatements;
                        default -> this::inboxStatement;
                    };
                    Delivery delivery = workload.prepare(counted, table);
                    delivery.deliver(Request.of("warm"));
                    counted.reset();
                    int deliveries = 200;
                    for (int i = 0; i < deliveries; i++) {
                        delivery.deliver(Request.of("count_" + i));
                    }
                    System.out.printf(Locale.ROOT, "commits per new delivery, %-26s %.2f%n", mode + ":",
                            counted.commits() / (double) deliveries);
                } finally {
                    drop(pool, table, table + "_l");
                }
            }
        }
    }

    // ---------------------------------------------------------------- pgbench

    /** Debian's pgbench; override with -Dpgbench=/path. */
    private static final String PGBENCH = System.getProperty("pgbench", "/usr/bin/pgbench");
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

    private String ledgerScript() {
        return "\\set n random(1, 1000000000000000)\n"
                + "INSERT INTO @T (" + Dialect.COLUMNS + ") VALUES ('default', 'evt_' || :n, 'deliv_' || :n,"
                + " 'deployment.live', 'IN_FLIGHT', :n, 1, :n, NULL, :n, NULL) ON CONFLICT DO NOTHING;\n"
                + "UPDATE @T SET state = 'DONE', finished_at = :n, expires_at = :n WHERE endpoint = 'default'"
                + " AND event_id = 'evt_' || :n;\n";
    }

    private String inboxScript() {
        // The body as hex: a JSON literal would hold ':' followed by letters, which pgbench reads as variables.
        String hex = HexFormat.of().formatHex(body("pgbench_fixed_id"));
        return "\\set n random(1, 1000000000000000)\n"
                + "INSERT INTO @T (endpoint, delivery_id, event_id, event_type, body, received_at, state, attempts,"
                + " due_at, claim_token, last_error, updated_at) VALUES ('orders', 'deliv_' || :n, 'evt_' || :n,"
                + " 'deployment.live', decode('" + hex + "', 'hex'), :n, 'PENDING', 0, :n, 0, NULL, :n)"
                + " ON CONFLICT DO NOTHING;\n";
    }

    private Result pgbench(String mode, int threads, String script) throws Exception {
        String table = newTable(mode.startsWith("inbox") ? "inbox" : "ledger");
        Path dir = Files.createTempDirectory("pgbench");
        try (HikariDataSource pool = pool(1)) {
            try {
                createTable(pool, mode.startsWith("inbox") ? InboxSql.createTable(dialect, table)
                        : dialect.createTable(table));
                Path file = dir.resolve("script.sql");
                Files.writeString(file, script.replace("@T", table));
                List<String> command = List.of(PGBENCH, "-h", "127.0.0.1", "-p", "5432", "-U", user, "-n",
                        "-M", "prepared", "-c", Integer.toString(threads), "-j", Integer.toString(Math.min(threads, 2)),
                        "-T", Integer.toString(seconds), "-f", file.toString(), "-l", "--log-prefix",
                        dir.resolve("log").toString(), "test");
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (process.waitFor() != 0) {
                    throw new IllegalStateException("pgbench failed: " + output);
                }
                Matcher tps = TPS.matcher(output);
                if (!tps.find()) {
                    throw new IllegalStateException("no tps in pgbench's output: " + output);
                }
                long[] latencies = pgbenchLatencies(dir);
                return new Result(mode, threads, Double.parseDouble(tps.group(1)), percentile(latencies, 0.50) / 1e3,
                        percentile(latencies, 0.99) / 1e3);
            } finally {
                drop(pool, table);
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path file : files.toList()) {
                        Files.delete(file);
                    }
                }
                Files.delete(dir);
            }
        }
    }

    /** Per-transaction latencies in microseconds from pgbench's logs (third field of each line). */
    private static long[] pgbenchLatencies(Path dir) throws IOException {
        List<Long> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("log")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    String[] fields = line.split(" ");
                    if (fields.length > 2) {
                        all.add(Long.parseLong(fields[2]));
                    }
                }
            }
        }
        return all.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    private record Result(String mode, int threads, double perSecond, double p50Millis, double p99Millis) {
    }
}
