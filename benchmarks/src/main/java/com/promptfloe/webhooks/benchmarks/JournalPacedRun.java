package com.promptfloe.webhooks.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The journal's cost at a delivery rate it keeps up with, where {@link JournalBenchmark} measures it
 * flat out (when the JDBC writer falls behind, records are dropped and the benchmark measures the
 * cheap drop). Deliveries go through {@link com.promptfloe.webhooks.WebhookReceiver#receive} from one thread at a fixed rate,
 * without a journal, with the in-memory one and with the JDBC one on PostgreSQL and MariaDB
 * (127.0.0.1, database {@code test}, tables of their own, dropped after), the variants taking turns
 * phase by phase so that the machine's other work falls on all alike. Per variant: the time of one
 * {@code receive} (p50, p99), the JVM's CPU time per delivery (the JDBC writer thread included, the
 * database server not), and the records written and dropped.
 *
 * <p>Arguments: {@code [deliveries per second, default 2000] [seconds per phase, default 8] [rounds,
 * default 3] [variants, default off,memory,postgresql,mariadb]}. Run it with
 * {@code java -cp benchmarks/target/benchmarks.jar com.promptfloe.webhooks.benchmarks.JournalPacedRun}.
 */
public final class JournalPacedRun {

    private JournalPacedRun() {
    }

    /**
     * Runs the comparison and prints a Markdown table.
     *
     * @param args rate, seconds, rounds, variants
     * @throws Exception when a variant cannot be set up
     */
    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<String> names = Arrays.asList((args.length > 3 ? args[3] : "off,memory,postgresql,mariadb").split(","));
        Map<String, JournalBenchmark.Receiving> variants = new LinkedHashMap<>();
        for (String name : names) {
            variants.put(name, variant(name));
        }
        System.out.printf(Locale.ROOT, "# %d deliveries/s, %d s per phase, %d rounds, %d cores, Java %s%n", rate, seconds,
                rounds, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        for (JournalBenchmark.Receiving variant : variants.values()) {
            phase(variant, rate, 10); // warm-up: C2 compiles the receive path
        }
        Map<String, List<long[]>> samples = new LinkedHashMap<>();
        Map<String, long[]> cpu = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, JournalBenchmark.Receiving> variant : variants.entrySet()) {
                long cpuBefore = processCpuNanos();
                long[] times = phase(variant.getValue(), rate, seconds);
                long[] total = cpu.computeIfAbsent(variant.getKey(), k -> new long[2]);
                total[0] += processCpuNanos() - cpuBefore;
                total[1] += times.length;
                samples.computeIfAbsent(variant.getKey(), k -> new ArrayList<>()).add(times);
            }
        }
        System.out.println("| journal | deliveries | receive p50 us | receive p99 us | JVM CPU us per delivery |"
                + " records written | dropped |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (Map.Entry<String, JournalBenchmark.Receiving> variant : variants.entrySet()) {
            long[] all = samples.get(variant.getKey()).stream().flatMapToLong(Arrays::stream).sorted().toArray();
            long[] total = cpu.get(variant.getKey());
            String written = "";
            String dropped = "";
            if (variant.getValue() instanceof JournalBenchmark.Jdbc jdbc) {
                jdbc.flush();
                written = String.format(Locale.ROOT, "%,d", jdbc.written());
                dropped = String.format(Locale.ROOT, "%,d", jdbc.dropped());
            }
            System.out.printf(Locale.ROOT, "| %s | %,d | %.1f | %.1f | %.1f | %s | %s |%n", variant.getKey(), all.length,
                    all[all.length / 2] / 1e3, all[(int) (all.length * 0.99)] / 1e3, total[0] / 1e3 / total[1], written,
                    dropped);
        }
        for (JournalBenchmark.Receiving variant : variants.values()) {
            if (variant instanceof JournalBenchmark.Jdbc jdbc) {
                jdbc.tearDown();
            }
        }
    }

    private static JournalBenchmark.Receiving variant(String name) {
        switch (name) {
            case "off":
                JournalBenchmark.NoJournal off = new JournalBenchmark.NoJournal();
                off.setUp();
                return off;
            case "memory":
                JournalBenchmark.InMemory memory = new JournalBenchmark.InMemory();
                memory.setUp();
                return memory;
            case "postgresql", "mariadb":
                JournalBenchmark.Jdbc jdbc = new JournalBenchmark.Jdbc();
                jdbc.database = name;
                jdbc.setUp();
                return jdbc;
            default:
                throw new IllegalArgumentException("variant must be off, memory, postgresql or mariadb: " + name);
        }
    }

    /** Receives deliveries at the rate for some seconds; answers the time of each receive. */
    private static long[] phase(JournalBenchmark.Receiving variant, int rate, int seconds) {
        int count = rate * seconds;
        long[] times = new long[count];
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            long before = System.nanoTime();
            variant.receive();
            times[i] = System.nanoTime() - before;
        }
        return times;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
