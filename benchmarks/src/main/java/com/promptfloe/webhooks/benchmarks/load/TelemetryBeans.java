package com.promptfloe.webhooks.benchmarks.load;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a production runtime gives the library, for the telemetry-cost comparison of
 * {@code benchmarks/run.sh load}: an OpenTelemetry SDK that samples every span (or the ratio of
 * {@code -Dload.sampler.ratio}) and exports them in batches, reads its metrics every 10 s, and a
 * Prometheus Micrometer registry. Both are beans, as MicroProfile Telemetry and an application's
 * registry are, so the library finds and records into them.
 * The exporters only count what reaches them (the cost of a network exporter is the runtime's, not
 * the library's); each metric export logs the counts so far, to show that the SDK does record.
 */
@ApplicationScoped
public class TelemetryBeans {

    private static final System.Logger LOG = System.getLogger(TelemetryBeans.class.getName());

    private final AtomicLong spans = new AtomicLong();
    private final AtomicLong metricExports = new AtomicLong();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final OpenTelemetrySdk sdk = sdk(spans, new CountingMetricExporter());

    /**
     * The SDK as this class sets it up for the server, also for {@code TelemetryListenerCost}: spans
     * sampled by {@link #sampler()}, exported in batches by the default {@code BatchSpanProcessor} to an
     * exporter that counts them, metrics read every 10 s.
     *
     * @param spans counts the spans exported
     * @param metrics where the periodic reader sends the metrics
     * @return the SDK
     */
    public static OpenTelemetrySdk sdk(AtomicLong spans, MetricExporter metrics) {
        return OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().setSampler(sampler())
                        .addSpanProcessor(BatchSpanProcessor.builder(new CountingSpanExporter(spans)).build()).build())
                .setMeterProvider(SdkMeterProvider.builder()
                        .registerMetricReader(PeriodicMetricReader.builder(metrics).setInterval(Duration.ofSeconds(10))
                                .build())
                        .build())
                .build();
    }

    /**
     * Every span by default, as {@code otel.traces.sampler=always_on}; with {@code -Dload.sampler.ratio=0.1}
     * a tenth of the traces, as {@code parentbased_traceidratio} samples in many production setups.
     */
    private static Sampler sampler() {
        String ratio = System.getProperty("load.sampler.ratio");
        return ratio == null ? Sampler.alwaysOn() : Sampler.parentBased(Sampler.traceIdRatioBased(Double.parseDouble(ratio)));
    }

    /** Creates the beans; CDI calls it. */
    public TelemetryBeans() {
    }

    // Dependent, not a normal scope: neither type can be proxied usefully, and this bean keeps the one instance.
    @Produces
    OpenTelemetry openTelemetry() {
        return sdk;
    }

    @Produces
    MeterRegistry registry() {
        return registry;
    }

    @PreDestroy
    void close() {
        sdk.close();
    }

    private record CountingSpanExporter(AtomicLong spans) implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> batch) {
            spans.addAndGet(batch.size());
            return CompletableResultCode.ofSuccess();
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

    private final class CountingMetricExporter implements MetricExporter {
        @Override
        public CompletableResultCode export(Collection<MetricData> metrics) {
            long points = metrics.stream().filter(m -> m.getName().startsWith("promptfloe.webhooks."))
                    .mapToLong(m -> m.getData().getPoints().size()).sum();
            LOG.log(System.Logger.Level.INFO, "telemetry recorded: " + spans.get() + " spans exported, metric export "
                    + metricExports.incrementAndGet() + " with " + points + " PromptFloe points; Prometheus: "
                    + registry.find("promptfloe.webhooks.deliveries").counters().stream()
                            .mapToDouble(c -> c.count()).sum() + " deliveries counted");
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
