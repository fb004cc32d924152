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
    private final Map<String, Counter> deliveries = new ConcurrentHashMap<>();
    private final Map<String, Timer> durations = new ConcurrentHashMap<>();
    private final Map<String, DistributionSummary> ages = new ConcurrentHashMap<>();
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
        return new Observation(endpoint, true);
    }

    @Override
    public DeliveryObservation claimed(InboxEntry entry) {
        return new Observation(entry.endpoint(), false);
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

    private final class Observation implements DeliveryObservation {
        private final String endpoint;
        private final boolean request;
        private PromptFloeEvent event;

        Observation(String endpoint, boolean request) {
            this.endpoint = endpoint;
            this.request = request;
        }

        @Override
        public void signatureAge(Duration age) {
            ages.computeIfAbsent(endpoint, e -> DistributionSummary.builder(Labels.SIGNATURE_AGE)
                    .baseUnit("seconds").tag(Labels.ENDPOINT, e)
                    .description("Age of a delivery's signature on arrival (one from the future counts as 0)")
                    .register(registry)).record(age.isNegative() ? 0 : age.toMillis() / 1000.0);
        }

        @Override
        public void event(PromptFloeEvent parsed) {
            this.event = parsed;
        }

        @Override
        public void handled(Duration took, Throwable failure) {
            String type = Labels.eventType(event);
            String result = failure == null ? Outcome.PROCESSED.reason() : Outcome.HANDLER_FAILED.reason();
            durations.computeIfAbsent(endpoint + '\n' + type + '\n' + result, k -> Timer.builder(Labels.HANDLER_DURATION)
                    .tag(Labels.ENDPOINT, endpoint).tag(Labels.EVENT_TYPE, type).tag(Labels.RESULT, result)
                    .description("How long the observers of one delivery ran").register(registry))
                    .record(took.toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public void finished(Outcome outcome) {
            if (!request) {
                return; // an inbox attempt: its delivery was counted when it was queued
            }
            String type = Labels.eventType(event);
            deliveries.computeIfAbsent(endpoint + '\n' + type + '\n' + outcome.reason(),
                    k -> Counter.builder(Labels.DELIVERIES).tag(Labels.ENDPOINT, endpoint).tag(Labels.EVENT_TYPE, type)
                            .tag(Labels.OUTCOME, outcome.reason())
                            .description("PromptFloe deliveries received, by what they were answered")
                            .register(registry)).increment();
        }
    }

    @Override
    public String toString() {
        return "Micrometer (" + registry.getClass().getSimpleName() + (evictions == null ? "" : ", ledger evictions")
                + ")";
    }
}
