package com.promptfloe.webhooks.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link DeliveryLedger} must have. An implementation's test extends this class
 * and says how to build a ledger on a clock the test moves.
 */
public abstract class DeliveryLedgerContract {

    /** The window every contract ledger is built with. */
    protected static final Duration WINDOW = Duration.ofHours(48);
    /** The lease every contract ledger is built with. */
    protected static final Duration LEASE = Duration.ofMinutes(2);

    /** The clock the ledger under test must follow. */
    protected final TestClock clock = new TestClock(Instant.parse("2026-04-26T12:00:00Z"));
    private DeliveryLedger ledger;

    /**
     * Builds the ledger under test, empty, with a dedupe window of {@link #WINDOW} and an in-flight
     * lease of {@link #LEASE}, following {@code clock}.
     *
     * @param clock the clock
     * @return a new, empty ledger
     * @throws Exception when it cannot be built
     */
    protected abstract DeliveryLedger newLedger(TestClock clock) throws Exception;

    @BeforeEach
    void createLedger() throws Exception {
        ledger = newLedger(clock);
    }

    /** A fresh delivery of a fresh event on the default endpoint. */
    protected static DeliveryKey key() {
        return new DeliveryKey("default", "deliv_" + UUID.randomUUID(), "evt_" + UUID.randomUUID(),
                "deployment.live");
    }

    /** Another delivery (a retry under a new id, or a forged id) of the same signed event. */
    protected static DeliveryKey sameEvent(DeliveryKey key, String deliveryId) {
        return new DeliveryKey(key.endpoint(), deliveryId, key.eventId(), key.eventType());
    }

    /** The ledger under test. */
    protected DeliveryLedger ledger() {
        return ledger;
    }

    @Test
    void firstBeginIsNewAndSecondSeesItInFlight() {
        DeliveryKey key = key();
        Claim first = ledger.begin(key);
        assertThat(first.state()).isEqualTo(Claim.State.NEW);
        assertThat(first.key()).isEqualTo(key);
        assertThat(first.token()).isNotZero();
        assertThat(ledger.begin(key).state()).isEqualTo(Claim.State.IN_FLIGHT);
    }

    @Test
    void completedDeliveryIsDoneForTheWholeWindow() {
        DeliveryKey key = key();
        ledger.complete(ledger.begin(key));
        clock.advance(WINDOW.minusMinutes(1));
        assertThat(ledger.begin(key).state()).isEqualTo(Claim.State.DONE);
    }

    @Test
    void completedDeliveryIsNewAgainAfterTheWindow() {
        DeliveryKey key = key();
        ledger.complete(ledger.begin(key));
        clock.advance(WINDOW.plusMinutes(1));
        assertThat(ledger.begin(key).state()).isEqualTo(Claim.State.NEW);
    }

    @Test
    void aKnownEventUnderAnotherDeliveryIdIsRefusedAndTheIdIsNotRemembered() {
        DeliveryKey key = key();
        ledger.complete(ledger.begin(key));
        DeliveryKey forged = sameEvent(key, "deliv_forged_" + UUID.randomUUID());

        assertThat(ledger.begin(forged).state()).isEqualTo(Claim.State.DONE);

        // Nothing of the forged id was kept: with an event of its own it is an unknown delivery.
        DeliveryKey forgedIdOtherEvent = new DeliveryKey(key.endpoint(), forged.deliveryId(),
                "evt_" + UUID.randomUUID(), key.eventType());
        assertThat(ledger.begin(forgedIdOtherEvent).state()).isEqualTo(Claim.State.NEW);
    }

    @Test
    void anEventInFlightUnderAnotherDeliveryIdIsInFlight() {
        DeliveryKey key = key();
        Claim first = ledger.begin(key);
        DeliveryKey other = sameEvent(key, "deliv_other_" + UUID.randomUUID());
        assertThat(ledger.begin(other).state()).isEqualTo(Claim.State.IN_FLIGHT);

        ledger.forget(first);

        assertThat(ledger.begin(other).state()).isEqualTo(Claim.State.NEW);
    }

    @Test
    void forgottenDeliveryIsNewAgain() {
        DeliveryKey key = key();
        ledger.forget(ledger.begin(key));
        assertThat(ledger.begin(key).state()).isEqualTo(Claim.State.NEW);
    }

    @Test
    void failedDeliveryIsNewAgainAndThenDoneOnce() {
        DeliveryKey key = key();
        ledger.fail(ledger.begin(key), "java.lang.IllegalStateException: database busy");
        Claim retry = ledger.begin(key);
        assertThat(retry.state()).isEqualTo(Claim.State.NEW);
        assertThat(ledger.begin(key).state()).isEqualTo(Claim.State.IN_FLIGHT);
        ledger.complete(retry);
        assertThat(ledger.begin(key).state()).isEqualTo(Claim.State.DONE);
        assertThat(ledger.begin(sameEvent(key, "deliv_replay_" + UUID.randomUUID())).state())
                .isEqualTo(Claim.State.DONE);
    }

    @Test
    void expiredLeaseCanBeTakenOver() {
        DeliveryKey key = key();
        ledger.begin(key);
        clock.advance(LEASE.minusSeconds(5));
        assertThat(ledger.begin(key).state()).isEqualTo(Claim.State.IN_FLIGHT);
        clock.advance(Duration.ofSeconds(10));
        assertThat(ledger.begin(key).state()).isEqualTo(Claim.State.NEW);
    }

    @Test
    void expiredLeaseCanBeTakenOverByAnotherDeliveryOfTheEvent() {
        DeliveryKey key = key();
        ledger.begin(key);
        clock.advance(LEASE.plusSeconds(1));
        DeliveryKey other = sameEvent(key, "deliv_other_" + UUID.randomUUID());
        Claim taken = ledger.begin(other);
        assertThat(taken.state()).isEqualTo(Claim.State.NEW);
        ledger.complete(taken);
        assertThat(ledger.begin(key).state()).isEqualTo(Claim.State.DONE);
    }

    @Test
    void staleHolderCannotForgetOrFailTheClaimThatTookOver() {
        DeliveryKey key = key();
        Claim stale = ledger.begin(key);
        clock.advance(LEASE.plusSeconds(1));
        Claim current = ledger.begin(key);
        assertThat(current.state()).isEqualTo(Claim.State.NEW);
        assertThat(current.token()).isNotEqualTo(stale.token());

        ledger.forget(stale);
        ledger.fail(stale, "too late");

        assertThat(ledger.begin(key).state()).isEqualTo(Claim.State.IN_FLIGHT);
    }

    @Test
    void forgetAndFailNeverUndoADoneDelivery() {
        DeliveryKey key = key();
        Claim stale = ledger.begin(key);
        clock.advance(LEASE.plusSeconds(1));
        ledger.complete(ledger.begin(key));

        ledger.forget(stale);
        ledger.fail(stale, "too late");

        assertThat(ledger.begin(key).state()).isEqualTo(Claim.State.DONE);
    }

    @Test
    void completeByAStaleHolderStillRecordsTheWork() {
        DeliveryKey key = key();
        Claim stale = ledger.begin(key);
        clock.advance(LEASE.plusSeconds(1));
        ledger.begin(key);

        ledger.complete(stale);

        assertThat(ledger.begin(key).state()).isEqualTo(Claim.State.DONE);
    }

    @Test
    void deliveriesAreIndependent() {
        DeliveryKey a = key();
        DeliveryKey b = key();
        ledger.complete(ledger.begin(a));
        assertThat(ledger.begin(b).state()).isEqualTo(Claim.State.NEW);
        assertThat(ledger.begin(a).state()).isEqualTo(Claim.State.DONE);
    }

    @Test
    void endpointsDoNotShareIds() {
        DeliveryKey a = key();
        DeliveryKey sameIdsElsewhere = new DeliveryKey("tenant-b", a.deliveryId(), a.eventId(), a.eventType());
        ledger.complete(ledger.begin(a));
        assertThat(ledger.begin(sameIdsElsewhere).state()).isEqualTo(Claim.State.NEW);
    }

    @Test
    void onlyNewClaimsCanBeCompletedFailedOrForgotten() {
        DeliveryKey key = key();
        ledger.begin(key);
        Claim inFlight = ledger.begin(key);
        assertThatThrownBy(() -> ledger.complete(inFlight))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IN_FLIGHT");
        assertThatThrownBy(() -> ledger.forget(inFlight))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IN_FLIGHT");
        assertThatThrownBy(() -> ledger.fail(inFlight, "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IN_FLIGHT");
    }

    @Test
    void longestAllowedIdsWork() {
        DeliveryKey key = new DeliveryKey("e".repeat(DeliveryKey.MAX_ENDPOINT_LENGTH),
                "d".repeat(DeliveryKey.MAX_DELIVERY_ID_LENGTH), "v".repeat(DeliveryKey.MAX_EVENT_ID_LENGTH),
                "t".repeat(DeliveryKey.MAX_EVENT_TYPE_LENGTH));
        ledger.complete(ledger.begin(key));
        assertThat(ledger.begin(key).state()).isEqualTo(Claim.State.DONE);
    }

    @Test
    void aLongFailureTextIsAccepted() {
        DeliveryKey key = key();
        ledger.fail(ledger.begin(key), "x".repeat(10_000));
        assertThat(ledger.begin(key).state()).isEqualTo(Claim.State.NEW);
    }

    @Test
    void manyThreadsBeginningOneDeliveryGetExactlyOneNew() throws Exception {
        int threads = 16;
        for (int round = 0; round < 20; round++) {
            DeliveryKey key = key();
            List<Claim.State> states = race(threads, () -> ledger.begin(key).state());
            assertThat(states).filteredOn(s -> s == Claim.State.NEW).hasSize(1);
            assertThat(states).filteredOn(s -> s == Claim.State.IN_FLIGHT).hasSize(threads - 1);
        }
    }

    @Test
    void manyThreadsBeginningOneEventUnderTheirOwnDeliveryIdsGetExactlyOneNew() throws Exception {
        int threads = 16;
        for (int round = 0; round < 10; round++) {
            DeliveryKey key = key();
            AtomicInteger ids = new AtomicInteger();
            List<Claim.State> states = race(threads,
                    () -> ledger.begin(sameEvent(key, "deliv_" + ids.incrementAndGet())).state());
            assertThat(states).filteredOn(s -> s == Claim.State.NEW).hasSize(1);
            assertThat(states).filteredOn(s -> s == Claim.State.IN_FLIGHT).hasSize(threads - 1);
        }
    }

    @Test
    void racingTakeoverOfAnExpiredLeaseHasOneWinner() throws Exception {
        for (int round = 0; round < 10; round++) {
            DeliveryKey key = key();
            ledger.begin(key);
            clock.advance(LEASE.plusSeconds(1));
            List<Claim.State> states = race(8, () -> ledger.begin(key).state());
            assertThat(states).filteredOn(s -> s == Claim.State.NEW).hasSize(1);
        }
    }

    @Test
    void racingRetriesOfAFailedDeliveryHaveOneWinner() throws Exception {
        for (int round = 0; round < 10; round++) {
            DeliveryKey key = key();
            ledger.fail(ledger.begin(key), "boom");
            List<Claim.State> states = race(8, () -> ledger.begin(key).state());
            assertThat(states).filteredOn(s -> s == Claim.State.NEW).hasSize(1);
        }
    }

    private static <T> List<T> race(int threads, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
