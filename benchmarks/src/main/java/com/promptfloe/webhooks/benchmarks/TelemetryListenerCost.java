package com.promptfloe.webhooks.benchmarks;

import com.promptfloe.webhooks.Outcome;
import com.promptfloe.webhooks.benchmarks.load.TelemetryBeans;
import com.promptfloe.webhooks.event.EventParser;
import com.promptfloe.webhooks.event.MalformedEventException;
import com.promptfloe.webhooks.event.PromptFloeEvent;
import com.promptfloe.webhooks.jakarta.internal.monitoring.MicrometerListener;
import com.promptfloe.webhooks.jakarta.internal.monitoring.OpenTelemetryListener;
import com.promptfloe.webhooks.monitoring.DeliveryListener;
import com.promptfloe.webhooks.monitoring.DeliveryObservation;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the metrics and tracing listeners cost one delivery, without the HTTP server around them:
 * drives the calls the receive path makes on a {@link DeliveryObservation} (arrived, signature age,
 * event, payload, handling, handled, finished) for each listener set, on several threads at once (as
 * the server's request threads do: the meters and the span queue are shared), at a set pace, and
 * reads the CPU time of all the process's threads around each round ({@code /proc/self/task/*}/schedstat,
 * in nanoseconds), so that the SDK's own threads (the batch span processor turning spans into span
 * data, the metric reader), the JIT and the garbage collector are counted too. The sets alternate
 * round by round, in rotating order, and the report is the median per set minus the median of the
 * set that listens to nothing. {@code benchmarks/run.sh telemetry-listeners} runs it.
 *
 * <p>The pace (20,000 deliveries a second by default, about three times what one server takes in
 * the load benchmark) keeps the batch span processor's default queue of 2,048 from filling: a span
 * it drops costs less than one it exports, and the run prints how many were exported, with a
 * warning when any was dropped. The SDK comes from {@code TelemetryBeans.sdk}, as for the server.
 *
 * <p>This is the listeners' own cost in a loop that keeps their data in the CPU's caches; in a server,
 * between requests that touch far more memory, the same calls cost more (BENCHMARKS.md compares both).
 *
 * <p>Arguments: {@code [deliveriesPerRound=50000] [rounds=15] [warmupRounds=5] [threads=4]
 * [deliveriesPerSecond=20000]}.
 */
public final class TelemetryListenerCost {

    private static final int EVENTS = 4096;

    private TelemetryListenerCost() {
    }

    /**
     * Runs the comparison.
     *
     * @param args see the class description
     * @throws MalformedEventException never: the fixtures are valid
     * @throws InterruptedException when interrupted
     */
    public static void main(String[] args) throws MalformedEventException, InterruptedException {
        int perRound = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        int perSecond = args.length > 4 ? Integer.parseInt(args[4]) : 20_000;

        EventParser parser = EventParser.create();
        PromptFloeEvent[] events = new PromptFloeEvent[EVENTS];
        for (int i = 0; i < EVENTS; i++) {
            events[i] = parser.parse(Fixtures.skillCompleted(Fixtures.id("evt_", i), 1024), Fixtures.id("deliv_", i),
                    "skill.completed");
        }
        byte[] body = Fixtures.skillCompleted(Fixtures.id("evt_", 0), 1024);

        Map<String, Backends> sets = new LinkedHashMap<>();
        sets.put("none", new Backends(false, false, false));
        sets.put("otel metrics", new Backends(true, false, false));
        sets.put("otel spans", new Backends(false, true, false));
        sets.put("micrometer", new Backends(false, false, true));
        sets.put("all (as the load benchmark's server)", new Backends(true, true, true));
        List<String> names = new ArrayList<>(sets.keySet());
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        names.forEach(name -> cpu.put(name, new ArrayList<>()));

        System.out.printf(Locale.ROOT, "%d deliveries a round on %d threads at %d a second, %d rounds after %d warm-up"
                + " rounds, %d listener sets%n", perRound, threads, perSecond, rounds, warmup, names.size());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int round = 0; round < warmup + rounds; round++) {
            for (int i = 0; i < names.size(); i++) {
                String name = names.get((round + i) % names.size());
                double nanos = run(pool, sets.get(name), events, body, perRound, threads, perSecond);
                if (round >= warmup) {
                    cpu.get(name).add(nanos);
                }
            }
        }
        double floor = median(cpu.get("none"));
        System.out.println("| listeners | CPU ns per delivery (median) | min | max | cost over none, ns |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (String name : names) {
            List<Double> values = cpu.get(name).stream().sorted().toList();
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %+.0f |%n", name, median(values), values.get(0),
                    values.get(values.size() - 1), median(values) - floor);
        }
        pool.shutdown();
        long delivered = (long) perRound / threads * threads * (warmup + rounds);
        for (Map.Entry<String, Backends> set : sets.entrySet()) {
            set.getValue().close(set.getKey(), delivered);
        }
    }

    private static double run(ExecutorService pool, Backends backends, PromptFloeEvent[] events, byte[] body,
            int deliveries, int threads, int perSecond) throws InterruptedException {
        DeliveryListener listener = backends.listener;
        long perThread = deliveries / threads;
        long nanosEach = 1_000_000_000L * threads / perSecond;
        long before = cpuNanos();
        long start = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t * (EVENTS / threads);
            running.add(pool.submit(() -> deliver(listener, events, body, first, perThread, start, nanosEach)));
        }
        for (Future<?> thread : running) {
            try {
                thread.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        backends.flush();
        return (cpuNanos() - before) / (double) (perThread * threads);
    }

    private static void deliver(DeliveryListener listener, PromptFloeEvent[] events, byte[] body, int first,
            long deliveries, long start, long nanosEach) {
        for (int i = first; i < first + deliveries; i++) {
            if ((i & 63) == 0) {
                long ahead = start + (i - first) * nanosEach - System.nanoTime();
                if (ahead > 0) {
                    LockSupport.parkNanos(ahead);
                }
            }
            PromptFloeEvent event = events[i & (EVENTS - 1)];
            DeliveryObservation observation = listener.received(Fixtures.ENDPOINT);
            observation.arrived(name -> null);
            observation.signatureAge(Duration.ofMillis(i & 1023));
            observation.event(event);
            observation.payload(body);
            DeliveryObservation.Handling handling = observation.handling();
            handling.close();
            observation.handled(Duration.ofNanos(1_000 + (i & 4095)), null);
            observation.finished(Outcome.PROCESSED);
        }
    }

    /** CPU time of every live thread of this process, in nanoseconds (the pool's threads live through all rounds). */
    private static long cpuNanos() {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            long sum = 0;
            for (Path task : tasks) {
                try {
                    String schedstat = Files.readString(task.resolve("schedstat"));
                    sum += Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
                } catch (NoSuchFileException e) {
                    // the thread ended between listing and reading
                }
            }
            return sum;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/task/*/schedstat (Linux only)", e);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** One set of listeners, each backend of its own, as the load benchmark's {@code TelemetryBeans} set them up. */
    private static final class Backends {
        private final AtomicLong spans = new AtomicLong();
        private final OpenTelemetrySdk sdk;
        private final PrometheusMeterRegistry registry;
        final DeliveryListener listener;

        Backends(boolean otelMetrics, boolean otelSpans, boolean micrometer) {
            List<DeliveryListener> listeners = new ArrayList<>();
            if (otelMetrics || otelSpans) {
                sdk = TelemetryBeans.sdk(spans, new DiscardingMetricExporter());
                listeners.add(new OpenTelemetryListener(sdk, otelMetrics, otelSpans, Clock.systemUTC()));
            } else {
                sdk = null;
            }
            if (micrometer) {
                registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                listeners.add(new MicrometerListener(registry, Clock.systemUTC()));
            } else {
                registry = null;
            }
            listener = DeliveryListener.of(listeners);
        }

        void flush() {
            if (sdk != null) {
                sdk.getSdkTracerProvider().forceFlush().join(1, TimeUnit.MINUTES);
            }
        }

        void close(String name, long delivered) {
            if (sdk != null) {
                sdk.close();
            }
            String counted = registry == null ? "" : String.format(Locale.ROOT, ", Prometheus counted %.0f",
                    registry.find("promptfloe.webhooks.deliveries").counters().stream().mapToDouble(c -> c.count()).sum());
            System.out.printf(Locale.ROOT, "%s: %d deliveries, %d spans exported%s%s%n", name, delivered, spans.get(),
                    counted, sdk != null && spans.get() > 0 && spans.get() < delivered
                            ? " (spans were dropped: lower the pace)" : "");
        }
    }

    private static final class DiscardingMetricExporter implements MetricExporter {
        @Override
        public CompletableResultCode export(Collection<MetricData> metrics) {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
            return AggregationTemporality.CUMULATIVE;
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
