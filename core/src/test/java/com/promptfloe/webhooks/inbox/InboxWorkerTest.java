package com.promptfloe.webhooks.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.promptfloe.webhooks.EventHandler;
import com.promptfloe.webhooks.event.DeploymentLive;
import com.promptfloe.webhooks.event.PromptFloeEvent;
import com.promptfloe.webhooks.ledger.TestClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InboxWorkerTest {

    private static final Duration LEASE = Duration.ofMinutes(5);
    private final TestClock clock = new TestClock(Instant.parse("2026-04-26T12:35:00Z"));
    private final InMemoryDeliveryInbox inbox = new InMemoryDeliveryInbox(clock);
    private final List<PromptFloeEvent> handled = new CopyOnWriteArrayList<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void shutDown() {
        pool.shutdownNow();
    }

    private InboxWorker.Builder worker(EventHandler handler) {
        return InboxWorker.builder(inbox).handler("orders", handler).clock(clock).lease(LEASE);
    }

    private InboxDelivery store(String deliveryId, String eventId) {
        InboxDelivery delivery = new InboxDelivery("orders", deliveryId, eventId, "deployment.live",
                InboxReceiverTest.body(eventId), clock.instant());
        assertThat(inbox.store(delivery)).isTrue();
        return delivery;
    }

    private InboxEntry entry(String deliveryId) {
        return inbox.find("orders", deliveryId).orElseThrow();
    }

    @Test
    void processesAStoredDeliveryOnceAndMarksItDone() {
        store("deliv_1", "evt_1");
        InboxWorker worker = worker(handled::add).build();

        assertThat(worker.runOnce()).isEqualTo(1);
        assertThat(handled).singleElement().isInstanceOfSatisfying(DeploymentLive.class, live -> {
            assertThat(live.id()).isEqualTo("evt_1");
            assertThat(live.deliveryId()).isEqualTo("deliv_1");
            assertThat(live.url()).isEqualTo("https://demo.example");
        });
        assertThat(entry("deliv_1").state()).isEqualTo(InboxEntry.State.DONE);
        clock.advance(Duration.ofDays(1));
        assertThat(worker.runOnce()).isZero();
        assertThat(handled).hasSize(1);
    }

    @Test
    void theDefaultBackoffDoublesFromOneMinuteUpToAnHour() {
        InboxWorker worker = worker(handled::add).build();
        assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 8, 100)).map(worker::backoff).map(Duration::toMinutes)
                .containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L);
    }

    @Test
    void aFailingHandlerIsRetriedWithBackoffAndTheDeliveryDiesAfterTheMaximumAttempts() {
        store("deliv_1", "evt_1");
        int[] calls = {0};
        InboxWorker worker = worker(event -> {
            calls[0]++;
            throw new IOException("downstream refused call " + calls[0]);
        }).maxAttempts(4).initialBackoff(Duration.ofMinutes(1)).maxBackoff(Duration.ofMinutes(3)).build();

        assertThat(worker.runOnce()).isEqualTo(1);
        InboxEntry failed = entry("deliv_1");
        assertThat(failed.state()).isEqualTo(InboxEntry.State.PENDING);
        assertThat(failed.lastError()).isEqualTo("java.io.IOException: downstream refused call 1");
        assertThat(failed.dueAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));

        // Waits of 1, 2 and then 3 (not 4) minutes: nothing is due a second early.
        for (Duration wait : List.of(Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(3))) {
            clock.advance(wait.minusSeconds(1));
            assertThat(worker.runOnce()).isZero();
            clock.advance(Duration.ofSeconds(1));
            assertThat(worker.runOnce()).isEqualTo(1);
        }
        assertThat(calls[0]).isEqualTo(4);
        InboxEntry dead = entry("deliv_1");
        assertThat(dead.state()).isEqualTo(InboxEntry.State.DEAD);
        assertThat(dead.attempts()).isEqualTo(4);
        assertThat(dead.lastError()).isEqualTo("java.io.IOException: downstream refused call 4");
        assertThat(inbox.listDead(10)).extracting(InboxEntry::deliveryId).containsExactly("deliv_1");

        clock.advance(Duration.ofDays(7));
        assertThat(worker.runOnce()).isZero();
        assertThat(calls[0]).isEqualTo(4);
    }

    @Test
    void aReDrivenDeliveryIsProcessedWithAFreshSetOfAttempts() {
        store("deliv_1", "evt_1");
        AtomicBoolean broken = new AtomicBoolean(true);
        InboxWorker worker = worker(event -> {
            if (broken.get()) {
                throw new IllegalStateException("bug");
            }
            handled.add(event);
        }).maxAttempts(1).build();
        worker.runOnce();
        assertThat(entry("deliv_1").state()).isEqualTo(InboxEntry.State.DEAD);

        broken.set(false);
        assertThat(inbox.redrive("orders", "deliv_1")).isTrue();
        assertThat(worker.runOnce()).isEqualTo(1);
        assertThat(handled).singleElement().satisfies(e -> assertThat(e.id()).isEqualTo("evt_1"));
        assertThat(entry("deliv_1").state()).isEqualTo(InboxEntry.State.DONE);
        assertThat(inbox.listDead(10)).isEmpty();
    }

    @Test
    void anEntryWhoseWorkerCrashedIsTakenOverWhenItsLeaseEnds() {
        store("deliv_1", "evt_1");
        // Node A claims and dies without settling.
        assertThat(inbox.claim(Set.of("orders"), 10, LEASE)).hasSize(1);
        InboxWorker nodeB = worker(handled::add).build();

        clock.advance(LEASE.minusSeconds(1));
        assertThat(nodeB.runOnce()).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(nodeB.runOnce()).isEqualTo(1);
        assertThat(handled).hasSize(1);
        assertThat(entry("deliv_1").state()).isEqualTo(InboxEntry.State.DONE);
        assertThat(entry("deliv_1").attempts()).isEqualTo(2);
    }

    @Test
    void aDeliveryThatKeepsKillingItsWorkerDiesWithoutRunningAgain() {
        store("deliv_1", "evt_1");
        for (int i = 0; i < 3; i++) {
            assertThat(inbox.claim(Set.of("orders"), 10, LEASE)).hasSize(1); // never settled: a crash each time
            clock.advance(LEASE);
        }
        InboxWorker worker = worker(handled::add).maxAttempts(3).build();
        assertThat(worker.runOnce()).isEqualTo(1);
        assertThat(handled).isEmpty();
        InboxEntry dead = entry("deliv_1");
        assertThat(dead.state()).isEqualTo(InboxEntry.State.DEAD);
        assertThat(dead.lastError()).contains("gave up after 3 attempts that never finished");
    }

    @Test
    void whenMarkingDoneFailsTheDeliveryRunsAgainAfterItsLease() {
        store("deliv_1", "evt_1");
        InboxWorker worker = worker(event -> {
            handled.add(event);
            inbox.failNext(1); // the inbox is down when the worker comes to mark it done
        }).build();
        assertThat(worker.runOnce()).isEqualTo(1);
        assertThat(entry("deliv_1").state()).isEqualTo(InboxEntry.State.CLAIMED);

        clock.advance(LEASE);
        assertThat(worker.runOnce()).isEqualTo(1);
        assertThat(handled).as("at least once: processed again, since done was never recorded").hasSize(2);
        inbox.failNext(0);
        assertThat(entry("deliv_1").state()).isEqualTo(InboxEntry.State.CLAIMED);
    }

    @Test
    void aStoredBodyThatIsNoLongerAnEventDiesAtOnce() {
        inbox.store(new InboxDelivery("orders", "deliv_bad", "evt_bad", "deployment.live",
                "not json".getBytes(StandardCharsets.UTF_8), clock.instant()));
        InboxWorker worker = worker(handled::add).build();
        assertThat(worker.runOnce()).isEqualTo(1);
        assertThat(handled).isEmpty();
        assertThat(entry("deliv_bad").state()).isEqualTo(InboxEntry.State.DEAD);
        assertThat(entry("deliv_bad").lastError()).startsWith("the stored body is not an event envelope");
    }

    @Test
    void leavesOtherEndpointsDeliveriesAlone() {
        inbox.store(new InboxDelivery("billing", "deliv_1", "evt_1", "deployment.live", InboxReceiverTest.body("evt_1"),
                clock.instant()));
        InboxWorker worker = worker(handled::add).build();
        assertThat(worker.runOnce()).isZero();
        assertThat(inbox.find("billing", "deliv_1").orElseThrow().state()).isEqualTo(InboxEntry.State.PENDING);
    }

    @Test
    void startedWorkerProcessesOnTheExecutorAndKeepsPollingWhenTheInboxWasDown() throws Exception {
        store("deliv_1", "evt_1");
        store("deliv_2", "evt_2");
        inbox.failNext(2); // the first two polls find the inbox down
        InboxWorker worker = worker(handled::add).executor(pool).pollInterval(Duration.ofMillis(10)).build();
        worker.start();
        try {
            await(() -> handled.size() == 2);
            await(() -> entry("deliv_1").state() == InboxEntry.State.DONE
                    && entry("deliv_2").state() == InboxEntry.State.DONE);
        } finally {
            assertThat(worker.stop(Duration.ofSeconds(10))).isTrue();
        }
        assertThatThrownBy(worker::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void stopWaitsForRunningHandlersToFinish() throws Exception {
        store("deliv_1", "evt_1");
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        InboxWorker worker = worker(event -> {
            entered.countDown();
            release.await();
            handled.add(event);
        }).executor(pool).pollInterval(Duration.ofMillis(10)).build();
        worker.start();
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(worker.runningHandlers()).isEqualTo(1);

        CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(() -> {
            try {
                return worker.stop(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await(() -> inbox.claim(Set.of("orders"), 1, LEASE).isEmpty()); // no claim leaks while stopping
        assertThat(stopped).isNotDone();
        release.countDown();
        assertThat(stopped.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(handled).hasSize(1);
        assertThat(entry("deliv_1").state()).as("settled before stop returned").isEqualTo(InboxEntry.State.DONE);
    }

    @Test
    void stopGivesUpAfterItsTimeoutAndLeavesTheEntryClaimedForTakeOver() throws Exception {
        store("deliv_1", "evt_1");
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        InboxWorker worker = worker(event -> {
            entered.countDown();
            release.await();
        }).executor(pool).pollInterval(Duration.ofMillis(10)).build();
        worker.start();
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(worker.stop(Duration.ofMillis(50))).isFalse();
        assertThat(worker.runningHandlers()).isEqualTo(1);
        assertThat(entry("deliv_1").state()).isEqualTo(InboxEntry.State.CLAIMED);
        release.countDown();
    }

    @Test
    void buildersNameTheBadValue() {
        assertThatThrownBy(() -> InboxWorker.builder(inbox).build()).hasMessageContaining("at least one endpoint");
        assertThatThrownBy(() -> worker(handled::add).maxAttempts(0)).hasMessageContaining(": 0");
        assertThatThrownBy(() -> worker(handled::add).lease(Duration.ofMillis(10))).hasMessageContaining("PT0.01S");
        assertThatThrownBy(() -> worker(handled::add).batchSize(0)).hasMessageContaining(": 0");
        assertThatThrownBy(() -> worker(handled::add).initialBackoff(Duration.ofMinutes(5))
                .maxBackoff(Duration.ofMinutes(1)).build()).hasMessageContaining("PT1M");
        assertThatThrownBy(() -> new InboxDelivery("orders", " ", "e", "t", new byte[0], clock.instant()))
                .hasMessageContaining("delivery id");
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 seconds");
            }
            Thread.sleep(5);
        }
    }
}
