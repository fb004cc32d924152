package com.promptfloe.webhooks.jakarta.internal.monitoring;

import com.promptfloe.webhooks.Outcome;
import com.promptfloe.webhooks.event.PromptFloeEvent;
import com.promptfloe.webhooks.inbox.InboxEntry;
import com.promptfloe.webhooks.monitoring.DeliveryListener;
import com.promptfloe.webhooks.monitoring.DeliveryObservation;
import com.promptfloe.webhooks.monitoring.InboxCounts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * Delivery facts as Micrometer meters, named as the OpenTelemetry ones. No percentiles or
 * histogram buckets are configured here: that is the application's choice (a {@code MeterFilter}),
 * as Micrometer advises libraries.
 */
public final class MicrometerListener implements DeliveryListener {

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, Meters> endpoints = new ConcurrentHashMap<>();
    // Gauges hold their object weakly: this listener keeps it alive.
    private final AtomicReference<InboxCounts> counts = new AtomicReference<>();
    private final AtomicBoolean inboxGauges = new AtomicBoolean();
    private LongSupplier evictions;

    /**
     * Registers meters in a registry as deliveries come.
     *
     * @param registry the application's or the global registry
     * @param clock the clock inbox ages are measured with
     */
    public MicrometerListener(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public DeliveryObservation received(String endpoint) {
        return new Observation(meters(endpoint), true);
    }

    @Override
    public DeliveryObservation claimed(InboxEntry entry) {
        return new Observation(meters(entry.endpoint()), false);
    }

    private Meters meters(String endpoint) {
        Meters meters = endpoints.get(endpoint);
        return meters != null ? meters : endpoints.computeIfAbsent(endpoint, Meters::new);
    }

    @Override
    public void inboxCounted(InboxCounts counted) {
        counts.set(counted);
        if (inboxGauges.compareAndSet(false, true)) {
            gauge("pending", c -> c.pending());
            gauge("retrying", c -> c.retrying());
            gauge("dead", c -> c.dead());
            Gauge.builder(Labels.INBOX_OLDEST_AGE, counts, ref -> {
                InboxCounts now = ref.get();
                return now == null ? 0 : now.oldestAge(clock.instant()).toMillis() / 1000.0;
            }).baseUnit("seconds").description("How long the oldest inbox entry that is neither done nor dead has"
                    + " waited").register(registry);
        }
    }

    private void gauge(String state, ToDoubleFunction<InboxCounts> value) {
        Gauge.builder(Labels.INBOX_ENTRIES, counts, ref -> {
            InboxCounts now = ref.get();
            return now == null ? 0 : value.applyAsDouble(now);
        }).tag(Labels.STATE, state).description("Inbox entries by state, counted every few seconds by the worker")
                .register(registry);
    }

    @Override
    public synchronized void ledgerEvictions(LongSupplier premature) {
        evictions = premature;
        FunctionCounter.builder(Labels.LEDGER_EVICTIONS, premature, LongSupplier::getAsLong)
                .tag(Labels.REASON, "premature")
                .description("Done deliveries the in-memory ledger dropped before their dedupe window ended")
                .register(registry);
    }

    /**
     * The meters of one endpoint, each registered on first use and kept: a delivery builds no tags
     * and no map key (the cost of metrics on the delivery path, BENCHMARKS.md).
     */
    private final class Meters {
        private final String endpoint;
        private final DistributionSummary ages;
        private final AtomicReferenceArray<Counter> deliveries;
        private final AtomicReferenceArray<Timer> durations;

        Meters(String endpoint) {
            this.endpoint = endpoint;
            this.ages = DistributionSummary.builder(Labels.SIGNATURE_AGE).baseUnit("seconds").tag(Labels.ENDPOINT, endpoint)
                    .description("Age of a delivery's signature on arrival (one from the future counts as 0)")
                    .register(registry);
            this.deliveries = new AtomicReferenceArray<>(Labels.OUTCOME_SLOTS);
            this.durations = new AtomicReferenceArray<>(Labels.RESULT_SLOTS);
        }

        Counter delivery(int type, Outcome outcome) {
            int index = Labels.outcomeSlot(type, outcome);
            Counter counter = deliveries.get(index);
            if (counter == null) {
                // Registering twice in a race is harmless: the registry answers the same meter.
                counter = Counter.builder(Labels.DELIVERIES).tag(Labels.ENDPOINT, endpoint)
                        .tag(Labels.EVENT_TYPE, Labels.typeName(type)).tag(Labels.OUTCOME, outcome.reason())
                        .description("PromptFloe deliveries received, by what they were answered").register(registry);
                deliveries.set(index, counter);
            }
            return counter;
        }

        Timer duration(int type, Throwable failure) {
            int index = Labels.resultSlot(type, failure);
            Timer timer = durations.get(index);
            if (timer == null) {
                timer = Timer.builder(Labels.HANDLER_DURATION).tag(Labels.ENDPOINT, endpoint)
                        .tag(Labels.EVENT_TYPE, Labels.typeName(type)).tag(Labels.RESULT, Labels.result(failure))
                        .description("How long the observers of one delivery ran").register(registry);
                durations.set(index, timer);
            }
            return timer;
        }
    }

    private static final class Observation implements DeliveryObservation {
        private final Meters meters;
        private final boolean request;
        private int type = Labels.typeIndex(null);

        Observation(Meters meters, boolean request) {
            this.meters = meters;
            this.request = request;
        }

        @Override
        public void signatureAge(Duration age) {
            meters.ages.record(age.isNegative() ? 0 : age.toMillis() / 1000.0);
        }

        @Override
        public void event(PromptFloeEvent parsed) {
            this.type = Labels.typeIndex(parsed);
        }

        @Override
        public void handled(Duration took, Throwable failure) {
            meters.duration(type, failure).record(took.toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public void finished(Outcome outcome) {
            if (request) {
                meters.delivery(type, outcome).increment();
            } // else an inbox attempt: its delivery was counted when it was queued
        }
    }

    @Override
    public String toString() {
        return "Micrometer (" + registry.getClass().getSimpleName() + (evictions == null ? "" : ", ledger evictions")
                + ")";
    }
}
