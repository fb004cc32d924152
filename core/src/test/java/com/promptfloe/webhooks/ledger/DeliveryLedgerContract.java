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

    private static String key() {
        return "deliv_" + UUID.randomUUID();
    }

    @Test
    void firstBeginIsNewAndSecondSeesItInFlight() {
        String key = key();
        Claim first = ledger.begin(key);
        assertThat(first.state()).isEqualTo(Claim.State.NEW);
        assertThat(first.key()).isEqualTo(key);
        assertThat(ledger.begin(key).state()).isEqualTo(Claim.State.IN_FLIGHT);
    }

    @Test
    void completedKeyIsDoneForTheWholeWindow() {
        String key = key();
        ledger.complete(ledger.begin(key));
        clock.advance(WINDOW.minusMinutes(1));
        assertThat(ledger.begin(key).state()).isEqualTo(Claim.State.DONE);
    }

    @Test
    void completedKeyIsNewAgainAfterTheWindow() {
        String key = key();
        ledger.complete(ledger.begin(key));
        clock.advance(WINDOW.plusMinutes(1));
        assertThat(ledger.begin(key).state()).isEqualTo(Claim.State.NEW);
    }

    @Test
    void forgottenKeyIsNewAgain() {
        String key = key();
        ledger.forget(ledger.begin(key));
        assertThat(ledger.begin(key).state()).isEqualTo(Claim.State.NEW);
    }

    @Test
    void expiredLeaseCanBeTakenOver() {
        String key = key();
        ledger.begin(key);
        clock.advance(LEASE.minusSeconds(5));
        assertThat(ledger.begin(key).state()).isEqualTo(Claim.State.IN_FLIGHT);
        clock.advance(Duration.ofSeconds(10));
        assertThat(ledger.begin(key).state()).isEqualTo(Claim.State.NEW);
    }

    @Test
    void staleHolderCannotForgetTheClaimThatTookOver() {
        String key = key();
        Claim stale = ledger.begin(key);
        clock.advance(LEASE.plusSeconds(1));
        Claim current = ledger.begin(key);
        assertThat(current.state()).isEqualTo(Claim.State.NEW);
        assertThat(current.token()).isNotEqualTo(stale.token());

        ledger.forget(stale);

        assertThat(ledger.begin(key).state()).isEqualTo(Claim.State.IN_FLIGHT);
    }

    @Test
    void forgetNeverUndoesADoneKey() {
        String key = key();
        Claim stale = ledger.begin(key);
        clock.advance(LEASE.plusSeconds(1));
        ledger.complete(ledger.begin(key));

        ledger.forget(stale);

        assertThat(ledger.begin(key).state()).isEqualTo(Claim.State.DONE);
    }

    @Test
    void completeByAStaleHolderStillRecordsTheWork() {
        String key = key();
        Claim stale = ledger.begin(key);
        clock.advance(LEASE.plusSeconds(1));
        ledger.begin(key);

        ledger.complete(stale);

        assertThat(ledger.begin(key).state()).isEqualTo(Claim.State.DONE);
    }

    @Test
    void keysAreIndependent() {
        String a = key();
        String b = key();
        ledger.complete(ledger.begin(a));
        assertThat(ledger.begin(b).state()).isEqualTo(Claim.State.NEW);
        assertThat(ledger.begin(a).state()).isEqualTo(Claim.State.DONE);
    }

    @Test
    void onlyNewClaimsCanBeCompletedOrForgotten() {
        String key = key();
        ledger.begin(key);
        Claim inFlight = ledger.begin(key);
        assertThatThrownBy(() -> ledger.complete(inFlight))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IN_FLIGHT");
        assertThatThrownBy(() -> ledger.forget(inFlight))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IN_FLIGHT");
    }

    @Test
    void blankAndOverlongKeysAreRefused() {
        assertThatThrownBy(() -> ledger.begin(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ledger.begin("k".repeat(256))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ledger.begin(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void longestAllowedKeyWorks() {
        String key = "k".repeat(255);
        ledger.complete(ledger.begin(key));
        assertThat(ledger.begin(key).state()).isEqualTo(Claim.State.DONE);
    }

    @Test
    void manyThreadsBeginningOneKeyGetExactlyOneNew() throws Exception {
        int threads = 16;
        for (int round = 0; round < 20; round++) {
            String key = key();
            List<Claim.State> states = race(threads, () -> ledger.begin(key).state());
            assertThat(states).filteredOn(s -> s == Claim.State.NEW).hasSize(1);
            assertThat(states).filteredOn(s -> s == Claim.State.IN_FLIGHT).hasSize(threads - 1);
        }
    }

    @Test
    void racingTakeoverOfAnExpiredLeaseHasOneWinner() throws Exception {
        for (int round = 0; round < 10; round++) {
            String key = key();
            ledger.begin(key);
            clock.advance(LEASE.plusSeconds(1));
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
