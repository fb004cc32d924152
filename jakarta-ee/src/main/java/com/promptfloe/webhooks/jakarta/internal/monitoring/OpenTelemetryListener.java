package com.promptfloe.webhooks.jakarta.internal.monitoring;

import com.promptfloe.webhooks.Outcome;
import com.promptfloe.webhooks.event.PromptFloeEvent;
import com.promptfloe.webhooks.inbox.InboxEntry;
import com.promptfloe.webhooks.monitoring.DeliveryListener;
import com.promptfloe.webhooks.monitoring.DeliveryObservation;
import com.promptfloe.webhooks.monitoring.InboxCounts;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Delivery facts as OpenTelemetry metrics and spans. Each delivery whose body was verified gets one
 * span of kind CONSUMER named {@code process <event type>}, as the messaging conventions name a
 * process span, a child of whatever span is current on the request's thread (the runtime's HTTP
 * server span), from the moment the body is verified and parsed, current while the observers run;
 * each inbox attempt gets one of its own, in a trace of its own, linked to the span of the request
 * that stored the delivery.
 */
public final class OpenTelemetryListener implements DeliveryListener {

    /** The instrumentation scope of the meters and spans. */
    public static final String SCOPE = "com.promptfloe.webhooks";

    static final AttributeKey<String> ENDPOINT = AttributeKey.stringKey(Labels.ENDPOINT);
    static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey(Labels.EVENT_TYPE);
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey(Labels.OUTCOME);
    static final AttributeKey<String> RESULT = AttributeKey.stringKey(Labels.RESULT);
    static final AttributeKey<String> STATE = AttributeKey.stringKey(Labels.STATE);
    static final AttributeKey<String> REASON = AttributeKey.stringKey(Labels.REASON);

    static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> MESSAGING_OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
    static final AttributeKey<String> MESSAGING_OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");
    static final AttributeKey<String> MESSAGING_DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> MESSAGING_MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    static final AttributeKey<String> EVENT_ID = AttributeKey.stringKey("promptfloe.event.id");
    static final AttributeKey<String> SPAN_EVENT_TYPE = AttributeKey.stringKey("promptfloe.event.type");
    static final AttributeKey<String> SPAN_OUTCOME = AttributeKey.stringKey("promptfloe.outcome");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("promptfloe.inbox.attempt");

    private static final String[] SPAN_NAMES = spanNames();

    private final Meter meter;
    private final Tracer tracer;
    private final Clock clock;
    private final DoubleHistogram durations;
    private final DoubleHistogram ages;
    private final Map<String, Labelled> endpoints = new ConcurrentHashMap<>();
    private final AtomicReference<InboxCounts> counts = new AtomicReference<>();
    private final AtomicBoolean inboxGauges = new AtomicBoolean();

    /**
     * Reports through one OpenTelemetry instance.
     *
     * @param openTelemetry the runtime's instance (MicroProfile Telemetry's bean) or the global one
     * @param metrics whether to record metrics
     * @param tracing whether to record spans
     * @param clock the clock inbox ages are measured with
     */
    public OpenTelemetryListener(OpenTelemetry openTelemetry, boolean metrics, boolean tracing, Clock clock) {
        this.meter = metrics ? openTelemetry.getMeter(SCOPE) : null;
        this.tracer = tracing ? openTelemetry.getTracer(SCOPE) : null;
        this.clock = clock;
        if (meter == null) {
            durations = null;
            ages = null;
            return;
        }
        // Counted by the listener and read by the SDK when it collects: a delivery adds to one LongAdder
        // of its label set instead of going through the SDK's measurement path (context, storage lookup,
        // exemplar filter), about 1% of the endpoint's CPU samples (BENCHMARKS.md).
        meter.counterBuilder(Labels.DELIVERIES).setUnit("{delivery}")
                .setDescription("PromptFloe deliveries received, by what they were answered")
                .buildWithCallback(measurement -> endpoints.values().forEach(labelled -> labelled.report(measurement)));
        durations = meter.histogramBuilder(Labels.HANDLER_DURATION).setUnit("s")
                .setDescription("How long the observers of one delivery ran").build();
        ages = meter.histogramBuilder(Labels.SIGNATURE_AGE).setUnit("s")
                .setDescription("Age of a delivery's signature on arrival (one from the future counts as 0)").build();
    }

    @Override
    public DeliveryObservation received(String endpoint) {
        // The span's parent is whatever is current when it starts, on this same request thread.
        return new Observation(labelled(endpoint), null);
    }

    @Override
    public DeliveryObservation claimed(InboxEntry entry) {
        // The worker's thread carries no request: the attempt is a trace of its own, linked to the
        // request that stored the delivery.
        return new Observation(labelled(entry.endpoint()), entry);
    }

    private Labelled labelled(String endpoint) {
        Labelled labelled = endpoints.get(endpoint);
        return labelled != null ? labelled : endpoints.computeIfAbsent(endpoint, Labelled::new);
    }

    @Override
    public void inboxCounted(InboxCounts counted) {
        counts.set(counted);
        if (meter != null && inboxGauges.compareAndSet(false, true)) {
            Attributes pending = Attributes.of(STATE, "pending");
            Attributes retrying = Attributes.of(STATE, "retrying");
            Attributes dead = Attributes.of(STATE, "dead");
            meter.gaugeBuilder(Labels.INBOX_ENTRIES).ofLongs().setUnit("{entry}")
                    .setDescription("Inbox entries by state, counted every few seconds by the worker")
                    .buildWithCallback(measurement -> {
                        InboxCounts now = counts.get();
                        measurement.record(now.pending(), pending);
                        measurement.record(now.retrying(), retrying);
                        measurement.record(now.dead(), dead);
                    });
            meter.gaugeBuilder(Labels.INBOX_OLDEST_AGE).setUnit("s")
                    .setDescription("How long the oldest inbox entry that is neither done nor dead has waited")
                    .buildWithCallback(measurement -> measurement.record(
                            counts.get().oldestAge(clock.instant()).toMillis() / 1000.0));
        }
    }

    @Override
    public void ledgerEvictions(LongSupplier premature) {
        if (meter == null) {
            return;
        }
        Attributes reason = Attributes.of(REASON, "premature");
        meter.counterBuilder(Labels.LEDGER_EVICTIONS).setUnit("{delivery}")
                .setDescription("Done deliveries the in-memory ledger dropped before their dedupe window ended")
                .buildWithCallback(measurement -> measurement.record(premature.getAsLong(), reason));
    }

    /**
     * The label sets of one endpoint, each built on first use and kept: a delivery builds no
     * {@code Attributes} and no map key (the cost of metrics on the delivery path, BENCHMARKS.md).
     */
    private static final class Labelled {
        private final String endpoint;
        private final Attributes endpointOnly;
        private final AtomicReferenceArray<Attributes> outcomes;
        private final AtomicReferenceArray<LongAdder> counts;
        private final AtomicReferenceArray<Attributes> results;

        Labelled(String endpoint) {
            this.endpoint = endpoint;
            this.endpointOnly = Attributes.of(ENDPOINT, endpoint);
            this.outcomes = new AtomicReferenceArray<>(Labels.OUTCOME_SLOTS);
            this.counts = new AtomicReferenceArray<>(Labels.OUTCOME_SLOTS);
            this.results = new AtomicReferenceArray<>(Labels.RESULT_SLOTS);
        }

        /** Counts one delivery of this label set; its attributes are made with its first count. */
        void count(int type, Outcome outcome) {
            int index = Labels.outcomeSlot(type, outcome);
            LongAdder count = counts.get(index);
            if (count == null) {
                // Attributes first: the collector reports a slot once its count is there.
                outcomes.compareAndSet(index, null, Attributes.of(ENDPOINT, endpoint, EVENT_TYPE,
                        Labels.typeName(type), OUTCOME, outcome.reason()));
                counts.compareAndSet(index, null, new LongAdder());
                count = counts.get(index);
            }
            count.increment();
        }

        /** Reports the count of every label set that has one. */
        void report(ObservableLongMeasurement measurement) {
            for (int index = 0; index < Labels.OUTCOME_SLOTS; index++) {
                LongAdder count = counts.get(index);
                if (count != null) {
                    measurement.record(count.sum(), outcomes.get(index));
                }
            }
        }

        Attributes result(int type, Throwable failure) {
            int index = Labels.resultSlot(type, failure);
            Attributes attributes = results.get(index);
            if (attributes == null) {
                attributes = Attributes.of(ENDPOINT, endpoint, EVENT_TYPE, Labels.typeName(type), RESULT,
                        Labels.result(failure));
                results.set(index, attributes);
            }
            return attributes;
        }
    }

    private final class Observation implements DeliveryObservation {
        private final Labelled labels;
        private final String endpoint;
        private final InboxEntry entry;
        private int type = Labels.typeIndex(null);
        private Span span;

        Observation(Labelled labels, InboxEntry entry) {
            this.labels = labels;
            this.endpoint = labels.endpoint;
            this.entry = entry;
        }

        @Override
        public void signatureAge(Duration age) {
            if (ages != null) {
                ages.record(age.isNegative() ? 0 : age.toMillis() / 1000.0, labels.endpointOnly);
            }
        }

        @Override
        public void event(PromptFloeEvent parsed) {
            this.type = Labels.typeIndex(parsed);
            if (tracer == null) {
                return;
            }
            // Only a verified delivery gets a span: a refused request is the HTTP span's story. It
            // starts now, verified and parsed, and takes its times from the SDK's clock (no wall-clock
            // reads of ours on the delivery path).
            SpanBuilder builder = tracer.spanBuilder(SPAN_NAMES[type]).setSpanKind(SpanKind.CONSUMER)
                    .setAttribute(MESSAGING_SYSTEM, "promptfloe")
                    .setAttribute(MESSAGING_OPERATION_TYPE, "process")
                    .setAttribute(MESSAGING_OPERATION_NAME, "process")
                    .setAttribute(MESSAGING_DESTINATION, endpoint)
                    .setAttribute(MESSAGING_MESSAGE_ID, parsed.deliveryId())
                    .setAttribute(EVENT_ID, parsed.id())
                    .setAttribute(SPAN_EVENT_TYPE, parsed.type());
            if (entry != null) {
                builder.setNoParent().setAttribute(ATTEMPT, (long) entry.attempts());
                SpanContext stored = TraceParents.parse(entry.delivery().traceParent());
                if (stored != null) {
                    builder.addLink(stored);
                }
            }
            span = builder.startSpan();
        }

        @Override
        public Handling handling() {
            if (span == null) {
                return Handling.NONE;
            }
            // Spans the observers open become children of this one.
            Scope scope = span.makeCurrent();
            return scope::close;
        }

        @Override
        public String traceParent() {
            return span == null ? null : TraceParents.format(span.getSpanContext());
        }

        @Override
        public void handled(Duration took, Throwable failure) {
            if (durations != null) {
                durations.record(took.toNanos() / 1e9, labels.result(type, failure));
            }
            if (span != null && failure != null) {
                span.recordException(failure);
            }
        }

        @Override
        public void finished(Outcome outcome) {
            if (meter != null && entry == null) {
                labels.count(type, outcome);
            }
            if (span != null) {
                span.setAttribute(SPAN_OUTCOME, outcome.reason());
                if (!outcome.acknowledged() && outcome != Outcome.IN_FLIGHT) {
                    span.setStatus(StatusCode.ERROR, outcome.reason());
                }
                span.end();
            }
        }
    }

    private static String[] spanNames() {
        String[] names = new String[Labels.TYPE_COUNT];
        for (int type = 0; type < names.length; type++) {
            names[type] = "process " + Labels.typeName(type);
        }
        return names;
    }

    @Override
    public String toString() {
        return "OpenTelemetry (" + (meter != null ? "metrics" : "") + (meter != null && tracer != null ? " and " : "")
                + (tracer != null ? "traces" : "") + ")";
    }
}
