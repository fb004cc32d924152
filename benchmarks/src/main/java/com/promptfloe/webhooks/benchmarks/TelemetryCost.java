package com.promptfloe.webhooks.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measures what metrics and tracing cost the webhook endpoint: drives two running copies of the same
 * WAR, one with OpenTelemetry and Micrometer recording, one with both switched off, in phases that
 * alternate between them (on-off, then off-on, so that a slow start or a trend hits both alike), and
 * prints the throughput ratio; {@code benchmarks/run.sh load} starts both servers and this.
 *
 * <p>Arguments: {@code <base URI with telemetry> <base URI without> <secret> [bodyBytes=1024]
 * [phaseSeconds=8] [rounds=12] [threads=4] [maxRequestsPerPhase=100000] [warmupSeconds=60]}; only
 * loopback addresses are accepted. The warm-up alternates between the servers in 10 s steps: the
 * server with telemetry has more code for its JIT to compile, and on a busy machine that takes long.
 *
 * <p>{@code -Dload.what=journal} names what the two servers differ in, for the printed rows (default
 * {@code metrics and tracing}): {@code run.sh load} compares the delivery journal on and off the same
 * way.
 *
 * <p>With {@code -Dload.pids=<pid with>,<pid without>} (Linux) it also prints the CPU time each server
 * spent per request during its phases, read from {@code /proc/<pid>/stat}: less sensitive than
 * throughput to other work on the machine, since a server that waits for the CPU does not use it.
 */
public final class TelemetryCost {

    private TelemetryCost() {
    }

    /**
     * Runs the comparison.
     *
     * @param args see the class description
     * @throws Exception when a server cannot be reached or answers anything but 200
     */
    public static void main(String[] args) throws Exception {
        String what = System.getProperty("load.what", "metrics and tracing");
        URI on = loopback(args[0]);
        URI off = loopback(args[1]);
        String secret = args[2];
        int bodyBytes = args.length > 3 ? Integer.parseInt(args[3]) : 1024;
        int phaseSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 8;
        int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 12;
        int threads = args.length > 6 ? Integer.parseInt(args[6]) : 4;
        int maxRequests = args.length > 7 ? Integer.parseInt(args[7]) : 100_000;
        int warmupSeconds = args.length > 8 ? Integer.parseInt(args[8]) : 60;
        String[] pids = System.getProperty("load.pids", "").split(",");
        Cpu onCpu = pids.length == 2 ? new Cpu(pids[0]) : null;
        Cpu offCpu = pids.length == 2 ? new Cpu(pids[1]) : null;

        LoadComparison withTelemetry = new LoadComparison(on, secret, bodyBytes);
        LoadComparison without = new LoadComparison(off, secret, bodyBytes);
        withTelemetry.awaitServer(Duration.ofSeconds(90));
        without.awaitServer(Duration.ofSeconds(90));
        System.out.printf(Locale.ROOT, "body %d bytes, %d threads, %d rounds of %d s per server, webhook endpoint"
                + " only%n", bodyBytes, threads, rounds, phaseSeconds);
        for (int warm = 0; warm < warmupSeconds; warm += 10) {
            withTelemetry.phase(LoadComparison.WEBHOOK_PATH, threads, Math.min(10, warmupSeconds - warm), maxRequests);
            without.phase(LoadComparison.WEBHOOK_PATH, threads, Math.min(10, warmupSeconds - warm), maxRequests);
        }

        LoadComparison.Result onTotal = new LoadComparison.Result();
        LoadComparison.Result offTotal = new LoadComparison.Result();
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            LoadComparison.Phase onPhase;
            LoadComparison.Phase offPhase;
            if (round % 2 == 0) {
                onPhase = measured(withTelemetry, onCpu, threads, phaseSeconds, maxRequests);
                offPhase = measured(without, offCpu, threads, phaseSeconds, maxRequests);
            } else {
                offPhase = measured(without, offCpu, threads, phaseSeconds, maxRequests);
                onPhase = measured(withTelemetry, onCpu, threads, phaseSeconds, maxRequests);
            }
            double ratio = onPhase.rate() / offPhase.rate();
            ratios.add(ratio);
            System.out.printf(Locale.ROOT, "round %d (%s first): %s on %.0f req/s, off %.0f req/s, ratio %.3f%n",
                    round + 1, round % 2 == 0 ? "on" : "off", what, onPhase.rate(), offPhase.rate(), ratio);
            onTotal.add(onPhase);
            offTotal.add(offPhase);
        }
        System.out.println("| " + what + " | requests | req/s | p50 ms | p99 ms |");
        System.out.println("|---|---:|---:|---:|---:|");
        System.out.println(onTotal.row(what + " on"));
        System.out.println(offTotal.row(what + " off"));
        List<Double> sorted = ratios.stream().sorted().toList();
        double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        double overall = onTotal.rate() / offTotal.rate();
        System.out.printf(Locale.ROOT, "throughput ratio on/off: %.3f overall, %.3f median of rounds (%.3f to %.3f);"
                + " cost %.1f%% overall, %.1f%% by the median%n", overall, median, sorted.get(0),
                sorted.get(sorted.size() - 1), (1 - overall) * 100, (1 - median) * 100);
        if (onCpu != null) {
            double onUs = onCpu.perRequest();
            double offUs = offCpu.perRequest();
            System.out.printf(Locale.ROOT, "server CPU per request (at 100 ticks/s): on %.0f us, off %.0f us, ratio %.3f"
                    + " (%+.0f us per delivery)%n", onUs, offUs, onUs / offUs, onUs - offUs);
        }
    }

    private static LoadComparison.Phase measured(LoadComparison load, Cpu cpu, int threads, int seconds,
            int maxRequests) throws InterruptedException {
        long before = cpu == null ? 0 : cpu.ticks();
        LoadComparison.Phase phase = load.phase(LoadComparison.WEBHOOK_PATH, threads, seconds, maxRequests);
        if (cpu != null) {
            cpu.add(cpu.ticks() - before, phase.latencies().length);
        }
        return phase;
    }

    /** User and system CPU time of a server process, from {@code /proc/<pid>/stat}. */
    private static final class Cpu {
        private final Path stat;
        private long ticks;
        private long requests;

        Cpu(String pid) {
            this.stat = Path.of("/proc", pid.trim(), "stat");
        }

        long ticks() {
            try {
                String line = Files.readString(stat);
                // Fields after the command name, which is in parentheses and may hold spaces.
                String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + stat + ": pass the servers' process ids", e);
            }
        }

        void add(long spent, long served) {
            ticks += spent;
            requests += served;
        }

        double perRequest() {
            return ticks * 10_000.0 / requests;
        }
    }

    private static URI loopback(String uri) {
        URI base = URI.create(uri.endsWith("/") ? uri : uri + "/");
        String host = base.getHost();
        if (!(host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]"))) {
            throw new IllegalArgumentException("load is only ever sent to loopback, not " + host);
        }
        return base;
    }
}
