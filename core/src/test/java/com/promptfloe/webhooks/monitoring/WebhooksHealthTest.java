package com.promptfloe.webhooks.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.promptfloe.webhooks.inbox.InMemoryDeliveryInbox;
import com.promptfloe.webhooks.inbox.InboxWorker;
import com.promptfloe.webhooks.ledger.TestClock;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WebhooksHealthTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-04-26T12:35:00Z"));
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicInteger probes = new AtomicInteger();
    private final WebhooksHealth.Probe database = () -> {
        probes.incrementAndGet();
        if (down.get()) {
            throw new SQLException("Connection refused");
        }
    };

    @Test
    void readinessFollowsTheDatabaseAndAsksItAtMostOncePerCachePeriod() {
        WebhooksHealth health = WebhooksHealth.builder().endpoints(List.of("default", "billing"))
                .ledger("jdbc", database).clock(clock).build();

        assertThat(health.readiness().up()).isTrue();
        assertThat(health.readiness().data()).containsEntry("endpoints", "default,billing")
                .containsEntry("ledger", "jdbc").doesNotContainKey("reason");
        down.set(true);
        assertThat(health.readiness().up()).as("cached").isTrue();
        assertThat(probes).hasValue(1);
        clock.advance(Duration.ofSeconds(WebhooksHealth.DEFAULT_CACHE_SECONDS));
        HealthReport report = health.readiness();
        assertThat(report.up()).isFalse();
        assertThat(report.data()).containsEntry("reason", "ledger: Connection refused");
        down.set(false);
        clock.advance(Duration.ofSeconds(WebhooksHealth.DEFAULT_CACHE_SECONDS));
        assertThat(health.readiness().up()).isTrue();
        assertThat(probes).hasValue(3);
    }

    @Test
    void anInMemoryLedgerIsAlwaysReadyAndStartupWaitsForStarted() {
        WebhooksHealth health = WebhooksHealth.builder().endpoints(List.of("default")).ledger("caffeine", null).build();
        assertThat(health.readiness().up()).isTrue();
        assertThat(health.liveness().up()).isTrue();
        assertThat(health.startup().up()).isFalse();
        health.started();
        assertThat(health.startup().up()).isTrue();
    }

    @Test
    void livenessIsDownWhenTheInboxWorkerStopsPollingAndReadinessShowsTheBacklog() {
        InMemoryDeliveryInbox inbox = new InMemoryDeliveryInbox(clock);
        InboxWorker worker = InboxWorker.builder(inbox).handler(event -> { }).clock(clock)
                .pollInterval(Duration.ofSeconds(1)).build();
        WebhooksHealth health = WebhooksHealth.builder().endpoints(List.of("default")).ledger("jdbc", database)
                .inbox(database, worker).clock(clock).build();
        worker.runOnce();

        assertThat(health.liveness().up()).isTrue();
        assertThat(health.readiness().data()).containsEntry("inbox.backlog", 0L).containsEntry("inbox.dead", 0L);
        clock.advance(WebhooksHealth.MIN_STALE);
        assertThat(health.liveness().up()).isTrue();
        clock.advance(Duration.ofSeconds(1));
        HealthReport stuck = health.liveness();
        assertThat(stuck.up()).isFalse();
        assertThat((String) stuck.data().get("reason")).contains("has not polled for 31 s");
        worker.runOnce();
        assertThat(health.liveness().up()).isTrue();
    }
}
