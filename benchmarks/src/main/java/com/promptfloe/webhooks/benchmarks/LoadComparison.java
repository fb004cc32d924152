package com.promptfloe.webhooks.benchmarks;

import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.Signer;
import com.promptfloe.webhooks.WebhookHeaders;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives a running quickstart WAR over loopback and compares its webhook endpoint with a bare servlet
 * of the same WAR that only reads the body; {@code benchmarks/run.sh load} starts the server and this.
 *
 * <p>Each request to either target carries a new signed delivery (new delivery id, new event id), so
 * the client does the same work for both and the webhook endpoint takes its real path: verify, ledger,
 * parse, dispatch. Phases alternate between the two targets, so that a burst of other work on the
 * machine hits both. Every phase is bounded in time, and the whole run in requests.
 *
 * <p>Arguments: {@code <base URI> <secret> [bodyBytes=1024] [phaseSeconds=5] [rounds=3] [threads=4]
 * [maxRequestsPerPhase=50000] [warmupSeconds=phaseSeconds]}; only loopback addresses are accepted.
 */
public final class LoadComparison {

    static final String WEBHOOK_PATH = "webhooks/promptfloe";
    private static final String BARE_PATH = "bare";

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final Signer signer;
    private final int bodyBytes;
    private final AtomicLong sequence = new AtomicLong();

    LoadComparison(URI base, String secret, int bodyBytes) {
        this.base = base;
        this.signer = Signer.of(Secret.of(secret));
        this.bodyBytes = bodyBytes;
    }

    /**
     * Runs the comparison and prints throughput, p50 and p99 of both targets.
     *
     * @param args see the class description
     * @throws Exception when the server cannot be reached or answers anything but 200
     */
    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0].endsWith("/") ? args[0] : args[0] + "/");
        String host = base.getHost();
        if (!(host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]"))) {
            throw new IllegalArgumentException("load is only ever sent to loopback, not " + host);
        }
        String secret = args[1];
        int bodyBytes = args.length > 2 ? Integer.parseInt(args[2]) : 1024;
        int phaseSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        int threads = args.length > 5 ? Integer.parseInt(args[5]) : 4;
        int maxRequests = args.length > 6 ? Integer.parseInt(args[6]) : 50_000;
        int warmupSeconds = args.length > 7 ? Integer.parseInt(args[7]) : phaseSeconds;

        LoadComparison load = new LoadComparison(base, secret, bodyBytes);
        load.awaitServer(Duration.ofSeconds(90));
        System.out.printf(Locale.ROOT, "body %d bytes, %d threads, %d rounds of %d s per target%n",
                bodyBytes, threads, rounds, phaseSeconds);
        // Warm both paths up (JIT, connection pools) before anything is counted.
        // On a busy 2-core machine C2 needs many seconds for the webhook path (see PipelineBenchmark).
        load.phase(WEBHOOK_PATH, threads, warmupSeconds, maxRequests);
        load.phase(BARE_PATH, threads, warmupSeconds, maxRequests);

        Result webhook = new Result();
        Result bare = new Result();
        for (int round = 0; round < rounds; round++) {
            Phase hook = load.phase(WEBHOOK_PATH, threads, phaseSeconds, maxRequests);
            Phase plain = load.phase(BARE_PATH, threads, phaseSeconds, maxRequests);
            System.out.printf(Locale.ROOT, "round %d: webhook %.0f req/s, bare %.0f req/s%n", round + 1,
                    hook.rate(), plain.rate());
            webhook.add(hook);
            bare.add(plain);
        }
        System.out.println("| target | requests | req/s | p50 ms | p99 ms |");
        System.out.println("|---|---:|---:|---:|---:|");
        System.out.println(webhook.row("webhook endpoint (/" + WEBHOOK_PATH + ")"));
        System.out.println(bare.row("bare servlet (/" + BARE_PATH + ")"));
        System.out.printf(Locale.ROOT, "throughput ratio webhook/bare: %.3f%n", webhook.rate() / bare.rate());
    }

    void awaitServer(Duration limit) throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (true) {
            try {
                client.send(HttpRequest.newBuilder(base.resolve(BARE_PATH)).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (ConnectException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("nothing listens at " + base + " after " + limit
                            + ": start the quickstart WAR first (benchmarks/run.sh load does)", e);
                }
                Thread.sleep(200);
            } catch (IOException e) {
                throw new IllegalStateException("cannot reach " + base + ": " + e, e);
            }
        }
    }

    Phase phase(String path, int threads, int seconds, int maxRequests) throws InterruptedException {
        URI target = base.resolve(path);
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        AtomicLong budget = new AtomicLong(maxRequests);
        long[][] latencies = new long[threads][maxRequests];
        int[] counts = new int[threads];
        List<Throwable> failures = new ArrayList<>();
        Thread[] workers = new Thread[threads];
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int worker = t;
            workers[t] = new Thread(() -> {
                try {
                    while (System.nanoTime() < deadline && budget.getAndDecrement() > 0) {
                        HttpRequest request = signedRequest(target);
                        long sent = System.nanoTime();
                        HttpResponse<Void> response;
                        try {
                            response = client.send(request, HttpResponse.BodyHandlers.discarding());
                        } catch (IOException e) {
                            // The JDK client may reuse a keep-alive connection the server just closed
                            // ("connection closed locally"); one retry sends the same delivery again.
                            response = client.send(request, HttpResponse.BodyHandlers.discarding());
                        }
                        long took = System.nanoTime() - sent;
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException(target + " answered " + response.statusCode());
                        }
                        latencies[worker][counts[worker]++] = took;
                    }
                } catch (Exception e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }, "load-" + t);
            workers[t].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        long elapsed = System.nanoTime() - start;
        if (!failures.isEmpty()) {
            throw new IllegalStateException("requests failed: " + failures.get(0), failures.get(0));
        }
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(latencies[t], 0, all, at, counts[t]);
            at += counts[t];
        }
        return new Phase(all, elapsed);
    }

    private HttpRequest signedRequest(URI target) {
        long n = sequence.incrementAndGet();
        byte[] body = Fixtures.skillCompleted(Fixtures.id("evt_ld", n), bodyBytes);
        return HttpRequest.newBuilder(target)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header(WebhookHeaders.SIGNATURE, signer.header(Instant.now(), body))
                .header(WebhookHeaders.DELIVERY, Fixtures.id("deliv_ld", n))
                .header(WebhookHeaders.EVENT, "skill.completed")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    record Phase(long[] latencies, long elapsedNanos) {
        double rate() {
            return latencies.length / (elapsedNanos / 1e9);
        }
    }

    static final class Result {
        private final List<long[]> latencies = new ArrayList<>();
        private long requests;
        private long nanos;

        void add(Phase phase) {
            latencies.add(phase.latencies());
            requests += phase.latencies().length;
            nanos += phase.elapsedNanos();
        }

        double rate() {
            return requests / (nanos / 1e9);
        }

        String row(String name) {
            long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            return String.format(Locale.ROOT, "| %s | %d | %.0f | %.2f | %.2f |", name, requests, rate(),
                    percentile(all, 0.50) / 1e6, percentile(all, 0.99) / 1e6);
        }

        private static double percentile(long[] sorted, double p) {
            return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, p * sorted.length)];
        }
    }
}
