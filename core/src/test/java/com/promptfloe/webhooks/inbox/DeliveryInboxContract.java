package com.promptfloe.webhooks.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import com.promptfloe.webhooks.ledger.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link DeliveryInbox} must have, as its Javadoc states it. An implementation's
 * test extends this class and says how to build an empty inbox on a clock the test moves.
 */
public abstract class DeliveryInboxContract {

    /** The lease the contract claims with. */
    protected static final Duration LEASE = Duration.ofMinutes(5);
    /** The endpoint most tests store on. */
    protected static final String ENDPOINT = "default";
    private static final Set<String> ENDPOINTS = Set.of(ENDPOINT);

    /** The clock the inbox under test must follow. */
    protected final TestClock clock = new TestClock(Instant.parse("2026-04-26T12:00:00Z"));
    private DeliveryInbox inbox;

    /**
     * Builds the inbox under test, empty, following {@code clock}.
     *
     * @param clock the clock
     * @return a new, empty inbox
     * @throws Exception when it cannot be built
     */
    protected abstract DeliveryInbox newInbox(TestClock clock) throws Exception;

    @BeforeEach
    void createInbox() throws Exception {
        inbox = newInbox(clock);
    }

    /**
     * A delivery received now on {@code endpoint} with a small JSON body.
     *
     * @param endpoint the endpoint
     * @param deliveryId the delivery id
     * @param eventId the event id
     * @return the delivery
     */
    protected InboxDelivery delivery(String endpoint, String deliveryId, String eventId) {
        byte[] body = ("{\"id\":\"" + eventId + "\",\"type\":\"deployment.live\"}").getBytes(StandardCharsets.UTF_8);
        return new InboxDelivery(endpoint, deliveryId, eventId, "deployment.live", body, clock.instant());
    }

    private InboxDelivery fresh() {
        String id = UUID.randomUUID().toString();
        return delivery(ENDPOINT, "deliv_" + id, "evt_" + id);
    }

    private InboxEntry claimOne() {
        List<InboxEntry> claimed = inbox.claim(ENDPOINTS, 1, LEASE);
        assertThat(claimed).hasSize(1);
        return claimed.get(0);
    }

    @Test
    void storesEveryPartAndTheBodyByteForByte() {
        byte[] body = new byte[256 * 1024 + 3];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31 + 7); // every byte value, zeros and invalid UTF-8 included
        }
        InboxDelivery delivery = new InboxDelivery("orders", "deliv_Bytes", "evt_Bytes", "app.generated", body,
                clock.instant().minusMillis(1234));
        assertThat(inbox.store(delivery)).isTrue();

        InboxEntry entry = inbox.find("orders", "deliv_Bytes").orElseThrow();
        assertThat(entry.delivery()).isEqualTo(delivery);
        assertThat(entry.delivery().body()).isEqualTo(body);
        assertThat(entry.state()).isEqualTo(InboxEntry.State.PENDING);
        assertThat(entry.attempts()).isZero();
        assertThat(entry.dueAt()).isEqualTo(delivery.receivedAt());
        assertThat(entry.lastError()).isNull();
        assertThat(inbox.find("orders", "deliv_bytes")).as("ids differing only in case").isEmpty();
    }

    @Test
    void keepsTheTraceParentOfTheStoringRequestAndNoneWhenThereWasNone() {
        String traceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        InboxDelivery traced = new InboxDelivery(ENDPOINT, "deliv_traced", "evt_traced", "deployment.live",
                new byte[] {'{', '}'}, clock.instant(), traceParent);
        assertThat(inbox.store(traced)).isTrue();
        assertThat(inbox.store(delivery(ENDPOINT, "deliv_untraced", "evt_untraced"))).isTrue();

        List<InboxEntry> claimed = inbox.claim(ENDPOINTS, 2, LEASE);
        assertThat(claimed).extracting(entry -> entry.delivery().deliveryId(), entry -> entry.delivery().traceParent())
                .containsExactlyInAnyOrder(tuple("deliv_traced", traceParent),
                        tuple("deliv_untraced", null));
        assertThat(inbox.find(ENDPOINT, "deliv_traced").orElseThrow().delivery()).isEqualTo(traced);
    }

    @Test
    void storeInsertsOnlyIfAbsentAndKeepsTheFirst() {
        InboxDelivery first = delivery(ENDPOINT, "deliv_1", "evt_1");
        assertThat(inbox.store(first)).isTrue();
        clock.advance(Duration.ofSeconds(5));
        InboxDelivery again = new InboxDelivery(ENDPOINT, "deliv_1", "evt_other", "app.updated", new byte[] {1},
                clock.instant());
        assertThat(inbox.store(again)).isFalse();
        assertThat(inbox.find(ENDPOINT, "deliv_1").orElseThrow().delivery()).isEqualTo(first);
    }

    @Test
    void theSameSignedEventUnderAnotherDeliveryIdIsNotStoredTwice() {
        assertThat(inbox.store(delivery(ENDPOINT, "deliv_1", "evt_1"))).isTrue();
        assertThat(inbox.store(delivery(ENDPOINT, "deliv_forged", "evt_1"))).isFalse();
        assertThat(inbox.find(ENDPOINT, "deliv_forged")).isEmpty();
    }

    @Test
    void endpointsKeepSeparateEntries() {
        assertThat(inbox.store(delivery("a", "deliv_1", "evt_1"))).isTrue();
        assertThat(inbox.store(delivery("b", "deliv_1", "evt_1"))).isTrue();
        List<InboxEntry> claimed = inbox.claim(Set.of("b"), 10, LEASE);
        assertThat(claimed).singleElement().satisfies(e -> assertThat(e.endpoint()).isEqualTo("b"));
        assertThat(inbox.find("a", "deliv_1").orElseThrow().state()).isEqualTo(InboxEntry.State.PENDING);
        assertThat(inbox.claim(Set.of("c"), 10, LEASE)).isEmpty();
    }

    @Test
    void claimHandsOutDueEntriesEarliestFirstUnderALease() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            InboxDelivery delivery = fresh();
            ids.add(delivery.deliveryId());
            assertThat(inbox.store(delivery)).isTrue();
            clock.advance(Duration.ofSeconds(1));
        }
        List<InboxEntry> claimed = inbox.claim(ENDPOINTS, 3, LEASE);
        assertThat(claimed).extracting(InboxEntry::deliveryId).containsExactlyElementsOf(ids.subList(0, 3));
        assertThat(claimed).allSatisfy(entry -> {
            assertThat(entry.state()).isEqualTo(InboxEntry.State.CLAIMED);
            assertThat(entry.attempts()).isEqualTo(1);
            assertThat(entry.token()).isNotZero();
            assertThat(entry.dueAt()).isEqualTo(clock.instant().plus(LEASE));
            assertThat(inbox.find(ENDPOINT, entry.deliveryId()).orElseThrow().state())
                    .isEqualTo(InboxEntry.State.CLAIMED);
        });
        assertThat(inbox.claim(ENDPOINTS, 10, LEASE)).extracting(InboxEntry::deliveryId)
                .containsExactlyElementsOf(ids.subList(3, 5));
        assertThat(inbox.claim(ENDPOINTS, 10, LEASE)).as("everything is held").isEmpty();
    }

    @Test
    void anEntryReceivedInTheFutureIsNotDueYet() {
        InboxDelivery later = new InboxDelivery(ENDPOINT, "deliv_later", "evt_later", "app.updated", new byte[] {1},
                clock.instant().plusSeconds(30));
        inbox.store(later);
        assertThat(inbox.claim(ENDPOINTS, 10, LEASE)).isEmpty();
        clock.advance(Duration.ofSeconds(30));
        assertThat(inbox.claim(ENDPOINTS, 10, LEASE)).hasSize(1);
    }

    @Test
    void anEndedLeaseIsTakenOverAndTheFormerHolderCanSettleNothing() {
        inbox.store(fresh());
        InboxEntry first = claimOne();
        clock.advance(LEASE.minusSeconds(1));
        assertThat(inbox.claim(ENDPOINTS, 10, LEASE)).as("lease still live").isEmpty();
        clock.advance(Duration.ofSeconds(1));

        InboxEntry second = claimOne();
        assertThat(second.deliveryId()).isEqualTo(first.deliveryId());
        assertThat(second.token()).isNotEqualTo(first.token());
        assertThat(second.attempts()).isEqualTo(2);

        assertThat(inbox.markDone(first)).isFalse();
        assertThat(inbox.markFailed(first, "late", clock.instant())).isFalse();
        assertThat(inbox.markDead(first, "late")).isFalse();
        assertThat(inbox.find(ENDPOINT, first.deliveryId()).orElseThrow().token()).isEqualTo(second.token());
        assertThat(inbox.markDone(second)).isTrue();
    }

    @Test
    void theHolderMaySettleAfterItsLeaseEndedAsLongAsNobodyTookItOver() {
        inbox.store(fresh());
        InboxEntry claimed = claimOne();
        clock.advance(LEASE.plusMinutes(1));
        assertThat(inbox.markDone(claimed)).isTrue();
        assertThat(inbox.claim(ENDPOINTS, 10, LEASE)).isEmpty();
    }

    @Test
    void aDoneEntryIsNeverClaimedAgain() {
        InboxDelivery delivery = fresh();
        inbox.store(delivery);
        InboxEntry claimed = claimOne();
        assertThat(inbox.markDone(claimed)).isTrue();
        assertThat(inbox.markDone(claimed)).as("settled already").isFalse();

        InboxEntry done = inbox.find(ENDPOINT, delivery.deliveryId()).orElseThrow();
        assertThat(done.state()).isEqualTo(InboxEntry.State.DONE);
        assertThat(done.attempts()).isEqualTo(1);
        clock.advance(Duration.ofDays(1));
        assertThat(inbox.claim(ENDPOINTS, 10, LEASE)).isEmpty();
        assertThat(inbox.store(delivery)).as("still there, so still a duplicate").isFalse();
    }

    @Test
    void aFailedEntryWaitsForItsNextAttemptAndKeepsTheError() {
        InboxDelivery delivery = fresh();
        inbox.store(delivery);
        InboxEntry claimed = claimOne();
        Instant next = clock.instant().plusSeconds(60);
        assertThat(inbox.markFailed(claimed, "java.io.IOException: boom", next)).isTrue();

        InboxEntry failed = inbox.find(ENDPOINT, delivery.deliveryId()).orElseThrow();
        assertThat(failed.state()).isEqualTo(InboxEntry.State.PENDING);
        assertThat(failed.dueAt()).isEqualTo(next);
        assertThat(failed.lastError()).isEqualTo("java.io.IOException: boom");
        assertThat(failed.attempts()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(59));
        assertThat(inbox.claim(ENDPOINTS, 10, LEASE)).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        InboxEntry again = claimOne();
        assertThat(again.attempts()).isEqualTo(2);
        assertThat(again.lastError()).isEqualTo("java.io.IOException: boom");
    }

    @Test
    void longErrorsAreKeptUpToTheDocumentedLength() {
        inbox.store(fresh());
        InboxEntry claimed = claimOne();
        String error = "x".repeat(DeliveryInbox.MAX_ERROR_LENGTH - 10) + "é€\u00fc" + "y".repeat(5000);
        assertThat(inbox.markFailed(claimed, error, clock.instant())).isTrue();
        String kept = inbox.find(ENDPOINT, claimed.deliveryId()).orElseThrow().lastError();
        assertThat(kept).startsWith(error.substring(0, DeliveryInbox.MAX_ERROR_LENGTH));
        assertThat(error).startsWith(kept);
    }

    @Test
    void aDeadEntryIsListedUntilReDrivenAndThenDueWithFreshAttempts() {
        InboxDelivery first = fresh();
        InboxDelivery second = fresh();
        inbox.store(first);
        inbox.store(second);
        InboxEntry a = claimOne();
        InboxEntry b = claimOne();
        assertThat(inbox.markDead(a, "gave up: boom")).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(inbox.markDead(b, "gave up: bang")).isTrue();
        clock.advance(Duration.ofDays(3));
        assertThat(inbox.claim(ENDPOINTS, 10, LEASE)).as("dead entries are not claimed").isEmpty();

        List<InboxEntry> dead = inbox.listDead(10);
        assertThat(dead).extracting(InboxEntry::deliveryId).containsExactly(a.deliveryId(), b.deliveryId());
        assertThat(dead.get(0).lastError()).isEqualTo("gave up: boom");
        assertThat(dead.get(0).state()).isEqualTo(InboxEntry.State.DEAD);
        assertThat(dead.get(0).delivery()).isEqualTo(a.delivery());
        assertThat(inbox.listDead(1)).hasSize(1);

        assertThat(inbox.redrive(ENDPOINT, a.deliveryId())).isTrue();
        assertThat(inbox.redrive(ENDPOINT, a.deliveryId())).as("pending now, not dead").isFalse();
        assertThat(inbox.redrive(ENDPOINT, "deliv_unknown")).isFalse();
        assertThat(inbox.listDead(10)).extracting(InboxEntry::deliveryId).containsExactly(b.deliveryId());
        // What the console lists per state.
        assertThat(inbox.list(InboxEntry.State.DEAD, 10)).extracting(InboxEntry::deliveryId)
                .containsExactly(b.deliveryId());
        assertThat(inbox.list(InboxEntry.State.PENDING, 10)).extracting(InboxEntry::deliveryId)
                .containsExactly(a.deliveryId());
        assertThat(inbox.list(InboxEntry.State.DONE, 10)).isEmpty();
        InboxEntry redriven = inbox.find(ENDPOINT, a.deliveryId()).orElseThrow();
        assertThat(redriven.state()).isEqualTo(InboxEntry.State.PENDING);
        assertThat(redriven.attempts()).isZero();
        assertThat(redriven.dueAt()).isEqualTo(clock.instant());

        InboxEntry retried = claimOne();
        assertThat(retried.deliveryId()).isEqualTo(a.deliveryId());
        assertThat(retried.attempts()).isEqualTo(1);
        assertThat(inbox.markDone(retried)).isTrue();
    }

    @Test
    void onlyClaimedEntriesCanBeSettled() {
        InboxDelivery delivery = fresh();
        inbox.store(delivery);
        InboxEntry pending = inbox.find(ENDPOINT, delivery.deliveryId()).orElseThrow();
        assertThatThrownBy(() -> inbox.markDone(pending)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> inbox.markFailed(pending, "e", clock.instant()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> inbox.markDead(pending, "e")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentClaimersNeverHoldTheSameEntry() throws Exception {
        int count = 60;
        for (int i = 0; i < count; i++) {
            inbox.store(fresh());
        }
        Map<String, AtomicInteger> claims = new ConcurrentHashMap<>();
        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (List<InboxEntry> batch; !(batch = inbox.claim(ENDPOINTS, 4, LEASE)).isEmpty(); ) {
                        for (InboxEntry entry : batch) {
                            claims.computeIfAbsent(entry.deliveryId(), k -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(claims).hasSize(count);
        assertThat(claims.values()).allSatisfy(n -> assertThat(n).hasValue(1));
        Set<String> seen = new HashSet<>(claims.keySet());
        assertThat(seen).hasSize(count);
    }

    @Test
    void countsWaitingRetryingAndDeadEntriesAndTheOldestWaitingOne() {
        InboxDelivery first = fresh();
        inbox.store(first);
        clock.advance(Duration.ofSeconds(40));
        inbox.store(fresh());
        inbox.store(fresh());
        clock.advance(Duration.ofSeconds(20));
        InboxEntry failing = claimOne();
        assertThat(inbox.markFailed(failing, "boom", clock.instant())).isTrue();
        InboxEntry dying = claimOne();
        assertThat(inbox.markDead(dying, "gave up")).isTrue();
        InboxEntry done = claimOne();
        inbox.markDone(done);

        com.promptfloe.webhooks.monitoring.InboxCounts counts = inbox.count();
        assertThat(counts.pending() + counts.retrying() + counts.dead()).isEqualTo(2);
        assertThat(counts.dead()).isEqualTo(1);
        assertThat(counts.retrying()).isEqualTo(1);
        assertThat(counts.pending()).isZero();
        assertThat(counts.countedAt()).isEqualTo(clock.instant());
        // The done and the dead entries do not wait; the failed one does.
        assertThat(counts.oldestReceivedAt()).isEqualTo(failing.delivery().receivedAt());
        inbox.store(fresh());
        assertThat(inbox.count().pending()).isEqualTo(1);
    }
}
