package com.promptfloe.webhooks.jakarta.internal.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.promptfloe.webhooks.WebhookReceiver;
import com.promptfloe.webhooks.monitoring.InboxCounts;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MicrometerListenerTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerListener listener = new MicrometerListener(registry, Deliveries.CLOCK);

    private double deliveries(String type, String outcome) {
        var counter = registry.find(Labels.DELIVERIES).tag("endpoint", "orders").tag("event.type", type)
                .tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void countsEachAnswerOnceByEndpointTypeAndOutcome() {
        WebhookReceiver receiver = Deliveries.receiver(listener);
        Deliveries.sendTheMix(receiver);

        assertThat(deliveries("deployment.live", "processed")).isEqualTo(1);
        assertThat(deliveries("unknown", "processed")).as("a type PromptFloe adds later").isEqualTo(1);
        assertThat(deliveries("deployment.live", "duplicate")).isEqualTo(1);
        assertThat(deliveries("deployment.live", "handler_failed")).isEqualTo(1);
        assertThat(deliveries("none", "signature_mismatch")).as("the body of a forged request is never read")
                .isEqualTo(1);
        assertThat(deliveries("none", "method_not_allowed")).isEqualTo(1);
        assertThat(registry.find(Labels.DELIVERIES).counters()).hasSize(6);
        assertThat(registry.find(Labels.DELIVERIES).counters().stream().mapToDouble(c -> c.count()).sum())
                .isEqualTo(6);
    }

    @Test
    void timesObserversByResultAndRecordsSignatureAges() {
        Deliveries.sendTheMix(Deliveries.receiver(listener));

        var processed = registry.find(Labels.HANDLER_DURATION).tag("event.type", "deployment.live")
                .tag("result", "processed").timer();
        var failed = registry.find(Labels.HANDLER_DURATION).tag("event.type", "deployment.live")
                .tag("result", "handler_failed").timer();
        assertThat(processed.count()).isEqualTo(1);
        assertThat(failed.count()).isEqualTo(1);
        assertThat(processed.totalTime(TimeUnit.NANOSECONDS)).isPositive();
        var ages = registry.find(Labels.SIGNATURE_AGE).tag("endpoint", "orders").summary();
        assertThat(ages.count()).as("every genuine signature, not the forged one").isEqualTo(4);
        assertThat(ages.totalAmount()).isEqualTo(3 + 2 + 1);
        assertThat(ages.getId().getBaseUnit()).isEqualTo("seconds");
    }

    @Test
    void inboxGaugesAndEvictionsReadTheLastCountWithoutQueryingAnything() {
        AtomicLong evicted = new AtomicLong();
        listener.ledgerEvictions(evicted::get);
        listener.inboxCounted(new InboxCounts(3, 2, 1, Deliveries.CLOCK.instant().minus(Duration.ofSeconds(90)),
                Deliveries.CLOCK.instant()));

        assertThat(registry.find(Labels.INBOX_ENTRIES).tag("state", "pending").gauge().value()).isEqualTo(3);
        assertThat(registry.find(Labels.INBOX_ENTRIES).tag("state", "retrying").gauge().value()).isEqualTo(2);
        assertThat(registry.find(Labels.INBOX_ENTRIES).tag("state", "dead").gauge().value()).isEqualTo(1);
        assertThat(registry.find(Labels.INBOX_OLDEST_AGE).gauge().value()).isEqualTo(90);
        listener.inboxCounted(new InboxCounts(0, 0, 4, null, Deliveries.CLOCK.instant()));
        assertThat(registry.find(Labels.INBOX_ENTRIES).tag("state", "dead").gauge().value()).isEqualTo(4);
        assertThat(registry.find(Labels.INBOX_OLDEST_AGE).gauge().value()).isZero();
        evicted.set(7);
        assertThat(registry.find(Labels.LEDGER_EVICTIONS).tag("reason", "premature").functionCounter().count())
                .isEqualTo(7);
        assertThat(registry.getMeters()).extracting(Meter::getId).noneMatch(id -> id.getName().contains("percentile"));
    }
}
