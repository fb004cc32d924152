package com.promptfloe.webhooks.chaos;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.emulator.AttemptRecord;
import com.promptfloe.webhooks.emulator.Delivery;
import com.promptfloe.webhooks.emulator.DeliveryEmulator;
import com.promptfloe.webhooks.emulator.DeliveryResult;
import com.promptfloe.webhooks.event.EventType;
import com.promptfloe.webhooks.testkit.Fixtures;

/**
 * One chaos run in one mode: two quickstart nodes on PostgreSQL, the emulator's stream spread over
 * both, SIGKILLs with restarts at random moments, one PostgreSQL restart, then the check of the
 * observers' record. Every table it creates is named for the run and dropped at the end.
 */
final class ChaosRun {

    private static final String SECRET = "whsec_chaos_run_only";
    /** Attempts the inbox gives a delivery before it is dead: the quickstart's 3, so that dead-lettering is exercised too. */
    static final int INBOX_MAX_ATTEMPTS = 3;

    private final String mode;
    private final ChaosSettings settings;
    private final Path war;
    private final String classPath;
    private final Path logs;
    private final PostgresServer postgres;
    private final String id;

    private final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicReference<long[]> outage = new AtomicReference<>(new long[] {0, 0});
    private final List<String> timeline = Collections.synchronizedList(new ArrayList<>());
    private long t0;

    ChaosRun(String mode, ChaosSettings settings, Path war, String classPath, Path logs) {
        this.mode = mode;
        this.settings = settings;
        this.war = war;
        this.classPath = classPath;
        this.logs = logs;
        this.postgres = new PostgresServer(settings.jdbcUrl());
        this.id = mode + "_" + Long.toString(System.currentTimeMillis(), 36);
    }

    /** Runs it and checks the record; the result lists the figures and every problem found. */
    ChaosResult run() throws Exception {
        String record = "chaos_runs_" + id;
        String ledger = "chaos_ledger_" + id;
        String inbox = "chaos_inbox_" + id;
        try (Connection connection = postgres.connect(); Statement create = connection.createStatement()) {
            create.execute("CREATE TABLE " + record + " (id BIGSERIAL PRIMARY KEY, event_id VARCHAR(255) NOT NULL,"
                    + " delivery_id VARCHAR(128), node VARCHAR(16) NOT NULL, pid BIGINT NOT NULL, started_at BIGINT NOT NULL,"
                    + " ended_at BIGINT, outcome VARCHAR(16))");
        }
        List<ChaosNode> nodes = List.of(node("a", record, ledger, inbox), node("b", record, ledger, inbox));
        try {
            for (ChaosNode node : nodes) {
                node.start();
            }
            Map<String, DeliveryResult> results = stream(nodes);
            Map<String, Long> inboxStates = "inbox".equals(mode) ? drainInbox(inbox) : Map.of();
            Set<String> dead = "inbox".equals(mode) ? deadEvents(inbox) : Set.of();
            for (ChaosNode node : nodes) {
                node.stop();
            }
            try (Connection connection = postgres.connect()) {
                return verdict(results, ChaosRecord.read(connection, record), nodes, inboxStates, dead);
            }
        } finally {
            for (ChaosNode node : nodes) {
                if (node.alive()) {
                    node.kill();
                }
            }
            postgres.ensureRunning();
            try (Connection connection = postgres.connect(); Statement drop = connection.createStatement()) {
                for (String table : List.of(record, ledger, inbox)) {
                    drop.execute("DROP TABLE IF EXISTS " + table);
                }
            }
        }
    }

    private ChaosNode node(String name, String record, String ledger, String inbox) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(ChaosObserver.TABLE, record);
        properties.put(ChaosObserver.NODE, name);
        properties.put(ChaosObserver.THROW_RATE, Double.toString(settings.throwRate()));
        properties.put(ChaosObserver.SLOW_RATE, Double.toString(settings.slowRate()));
        properties.put(ChaosObserver.SLOW_MILLIS, Long.toString(settings.slowMillis()));
        properties.put(ChaosObserver.WORK_MILLIS, Long.toString(settings.workMillis()));
        properties.put("promptfloe.webhooks.ledger.table", ledger);
        properties.put("promptfloe.webhooks.in-flight-lease", settings.lease().toMillis() + "ms");
        properties.put("promptfloe.webhooks.inbox.table", inbox);
        properties.put("promptfloe.webhooks.inbox.lease", settings.lease().toMillis() + "ms");
        // PromptFloe's schedule is time-scaled; the inbox's own retries are scaled alike.
        properties.put("promptfloe.webhooks.inbox.initial-backoff", "200ms");
        properties.put("promptfloe.webhooks.inbox.max-backoff", "2s");
        properties.put("promptfloe.webhooks.inbox.poll-interval", "200ms");
        // The quickstart's own value, said here because the verdict counts on it (deadAsDesigned).
        properties.put("promptfloe.webhooks.inbox.max-attempts", Integer.toString(INBOX_MAX_ATTEMPTS));
        List<String> args = new ArrayList<>(List.of("--war", war.toString(), "--no-demo", "--mode", mode,
                "--jdbc-url", settings.jdbcUrl(), "--jdbc-user", "postgres"));
        return ChaosNode.create(name, classPath, properties, args, Map.of("PROMPTFLOE_WEBHOOKS_SECRET", SECRET),
                logs.resolve(id));
    }

    private Map<String, DeliveryResult> stream(List<ChaosNode> nodes) throws Exception {
        HttpClient http = new RoundRobinHttpClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.responseTimeout()).build(), nodes.stream().map(ChaosNode::port).toList());
        DeliveryEmulator emulator = DeliveryEmulator.builder()
                .url(URI.create("http://127.0.0.1:" + nodes.get(0).port() + "/webhooks/promptfloe"))
                .secret(Secret.of(SECRET)).timeScale(settings.timeScale()).responseTimeout(settings.responseTimeout())
                .httpClient(http).onAttempt(this::count).build();
        ExecutorService senders = Executors.newCachedThreadPool(daemon("chaos-sender"));
        ExecutorService chaos = Executors.newFixedThreadPool(2, daemon("chaos-monkey"));
        t0 = System.currentTimeMillis();
        try {
            Future<?> kills = chaos.submit(() -> killAndRestart(nodes));
            Future<?> restart = settings.databaseRestart() ? chaos.submit(this::restartDatabase) : null;
            Map<String, Future<DeliveryResult>> sent = new LinkedHashMap<>();
            for (int i = 0; i < settings.deliveries(); i++) {
                sleepUntil(Math.round(i * 1000 / settings.rate()));
                Delivery delivery = Delivery.of("deliv_chaos_" + id + "_" + i, Fixtures.envelope(EventType.SKILL_COMPLETED)
                        .id(eventId(i)).createdAt(Instant.now()));
                sent.put(eventId(i), senders.submit(() -> emulator.deliver(delivery)));
            }
            kills.get();
            if (restart != null) {
                restart.get();
            }
            Duration schedule = Duration.ZERO;
            for (int retry = 0; retry < emulator.maxAttempts() - 1; retry++) {
                schedule = schedule.plus(emulator.scaledDelay(retry)).plus(settings.responseTimeout());
            }
            long deadline = System.currentTimeMillis() + schedule.toMillis() + 60_000;
            Map<String, DeliveryResult> results = new LinkedHashMap<>();
            for (Map.Entry<String, Future<DeliveryResult>> entry : sent.entrySet()) {
                results.put(entry.getKey(), entry.getValue().get(Math.max(1, deadline - System.currentTimeMillis()),
                        TimeUnit.MILLISECONDS));
            }
            return results;
        } finally {
            senders.shutdownNow();
            chaos.shutdownNow();
        }
    }

    private String eventId(int i) {
        return "evt_chaos_" + id + "_" + i;
    }

    private void count(AttemptRecord attempt) {
        attempts.incrementAndGet();
        String key = switch (attempt.result()) {
            case TIMED_OUT -> "timeout";
            case UNREACHABLE -> "unreachable";
            default -> Integer.toString(attempt.status());
        };
        answers.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    // Kill moments: one at random in each of `kills` equal slices of the stream's middle 80 %, so
    // they are spread out; the node is started again at once, and the next kill waits for that.
    private Void killAndRestart(List<ChaosNode> nodes) throws InterruptedException {
        Random random = new Random(settings.seed());
        long stream = settings.stream().toMillis();
        double slice = 0.8 * stream / Math.max(1, settings.kills());
        for (int k = 0; k < settings.kills(); k++) {
            sleepUntil(Math.round(0.1 * stream + k * slice + random.nextDouble() * slice));
            ChaosNode victim = nodes.get(random.nextInt(nodes.size()));
            long killedAt = victim.kill();
            log("SIGKILL node " + victim.name() + " (pid " + victim.lives().get(victim.lives().size() - 1).pid() + ") at +"
                    + (killedAt - t0) + " ms");
            victim.start();
            log("node " + victim.name() + " serves again at +" + (System.currentTimeMillis() - t0) + " ms");
        }
        return null;
    }

    private Void restartDatabase() throws InterruptedException {
        sleepUntil(Math.round(0.45 * settings.stream().toMillis()));
        log("stopping PostgreSQL at +" + (System.currentTimeMillis() - t0) + " ms");
        long[] downUp = postgres.restart(settings.outage());
        outage.set(downUp);
        log("PostgreSQL down at +" + (downUp[0] - t0) + " ms, accepting connections again at +" + (downUp[1] - t0) + " ms");
        return null;
    }

    private Map<String, Long> drainInbox(String inbox) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 2 * settings.lease().toMillis() + 120_000;
        Map<String, Long> states;
        do {
            states = new TreeMap<>();
            try (Connection connection = postgres.connect(); Statement select = connection.createStatement();
                    ResultSet rows = select.executeQuery("SELECT state, COUNT(*) FROM " + inbox + " GROUP BY state")) {
                while (rows.next()) {
                    states.put(rows.getString(1), rows.getLong(2));
                }
            } catch (SQLException e) {
                throw new IllegalStateException("could not read the inbox " + inbox + ": " + e, e);
            }
            if (states.keySet().stream().allMatch(state -> state.equals("DONE") || state.equals("DEAD"))) {
                return states;
            }
            Thread.sleep(500);
        } while (System.currentTimeMillis() < deadline);
        return states;
    }

    /** The event ids of the inbox entries that ended DEAD. */
    private Set<String> deadEvents(String inbox) {
        Set<String> dead = new TreeSet<>();
        try (Connection connection = postgres.connect(); Statement select = connection.createStatement();
                ResultSet rows = select.executeQuery("SELECT event_id FROM " + inbox + " WHERE state = 'DEAD'")) {
            while (rows.next()) {
                dead.add(rows.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the inbox " + inbox + ": " + e, e);
        }
        return dead;
    }

    private ChaosResult verdict(Map<String, DeliveryResult> results, ChaosRecord record, List<ChaosNode> nodes,
            Map<String, Long> inboxStates, Set<String> dead) {
        List<String> problems = new ArrayList<>();
        Set<String> acknowledged = new TreeSet<>();
        results.forEach((event, result) -> {
            if (result.delivered()) {
                acknowledged.add(event);
            }
        });
        Map<Long, Long> kills = new HashMap<>();
        for (ChaosNode node : nodes) {
            node.lives().stream().filter(life -> life.killedAt() > 0).forEach(life -> kills.put(life.pid(), life.killedAt()));
        }
        long[] downUp = outage.get();
        Set<String> processed = record.processed();
        Set<String> lost = new TreeSet<>(acknowledged);
        lost.removeAll(processed);
        // Dead-lettered after the observer threw on every allowed attempt: kept in the inbox for a
        // re-drive, which is what the library promises, not a loss.
        Set<String> deadAsDesigned = record.deadAsDesigned(dead, INBOX_MAX_ATTEMPTS);
        lost.removeAll(deadAsDesigned);
        Map<String, List<ChaosRecord.Run>> twice = record.processedTwice();
        Set<String> interrupted = record.interrupted(kills, downUp[0], downUp[1]);
        Set<String> unexplained = new TreeSet<>(twice.keySet());
        unexplained.removeAll(interrupted);

        if (!lost.isEmpty()) {
            problems.add("LOST: " + lost.size() + " deliveries PromptFloe counted as acknowledged were never processed "
                    + "(no finished run): " + describe(lost, record));
        }
        if (!unexplained.isEmpty()) {
            problems.add("DUPLICATED: " + unexplained.size() + " events were processed twice although no run of theirs was "
                    + "running at a kill or during the database outage: " + describe(unexplained, record));
        }
        if (kills.size() != settings.kills()) {
            problems.add("the run killed " + kills.size() + " nodes, not the " + settings.kills() + " asked for");
        }
        int unavailable = answered("503");
        if (settings.databaseRestart() && (downUp[0] == 0 || unavailable == 0)) {
            problems.add("the database restart did not hit the stream (" + unavailable + " answers 503): make the stream "
                    + "longer (chaos.deliveries) or the outage longer (chaos.outage-seconds)");
        }
        if ("inbox".equals(mode)) {
            inboxStates.forEach((state, rows) -> {
                if (!state.equals("DONE") && !state.equals("DEAD")) {
                    problems.add("the inbox still holds " + rows + " " + state + " deliveries: every stored delivery must "
                            + "end DONE or DEAD");
                }
            });
        }

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("mode", mode);
        figures.put("deliveries", results.size());
        figures.put("acknowledged", acknowledged.size());
        figures.put("given up by PromptFloe", results.size() - acknowledged.size());
        figures.put("kills (SIGKILL)", kills.size());
        figures.put("outage seconds", downUp[0] == 0 ? 0 : String.format(Locale.ROOT, "%.1f",
                (downUp[1] - downUp[0]) / 1000.0));
        DeliveryResult slowest = results.values().stream().max(Comparator.comparing(
                (DeliveryResult result) -> result.attempts().size())).orElseThrow();
        figures.put("most attempts for one delivery", slowest.attempts().size() + " of " + slowest.lastAttempt().maxAttempts()
                + " (" + slowest.attempts().stream().map(AttemptRecord::statusText).toList() + ")");
        figures.put("attempts", attempts.get());
        figures.put("retries", attempts.get() - results.size());
        figures.put("503s answered", unavailable);
        figures.put("answers", new TreeMap<>(answers.entrySet().stream().collect(
                Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().get()))));
        figures.put("observer runs", record.runs() + " (finished " + record.count("finished") + ", threw on purpose "
                + record.count("threw") + ", cut short " + record.count(null) + ")");
        figures.put("processed", processed.size());
        figures.put("lost", lost.size());
        if ("inbox".equals(mode)) {
            figures.put("dead as designed (every attempt threw)", deadAsDesigned.size());
        }
        long finishedTwice = twice.values().stream().filter(runs -> runs.stream()
                .filter(run -> "finished".equals(run.outcome())).count() > 1).count();
        figures.put("duplicates (processed twice)", twice.size() + " (cut short and run again " + (twice.size()
                - finishedTwice) + ", finished twice " + finishedTwice + ")");
        figures.put("bound (running at a kill or the outage)", interrupted.size());
        if ("inbox".equals(mode)) {
            figures.put("inbox rows by state", inboxStates);
        }
        return new ChaosResult(figures, List.copyOf(timeline), problems);
    }

    private int answered(String status) {
        AtomicInteger count = answers.get(status);
        return count == null ? 0 : count.get();
    }

    private static String describe(Set<String> events, ChaosRecord record) {
        StringBuilder text = new StringBuilder();
        events.stream().limit(10).forEach(event -> text.append("\n  ").append(event).append(": ")
                .append(record.runsOf(event)));
        return text + (events.size() > 10 ? "\n  ... and " + (events.size() - 10) + " more" : "");
    }

    private void log(String line) {
        timeline.add(line);
        System.out.println("[chaos " + mode + "] " + line);
    }

    private void sleepUntil(long offsetMillis) throws InterruptedException {
        long wait = t0 + offsetMillis - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
