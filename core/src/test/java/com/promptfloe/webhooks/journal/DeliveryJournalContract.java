package com.promptfloe.webhooks.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.promptfloe.webhooks.Outcome;
import com.promptfloe.webhooks.ledger.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link DeliveryJournal} must have. An implementation's test extends this class
 * and says how to build an empty journal on a clock the test moves, holding at least
 * {@link #CAPACITY} records for {@link #RETENTION}.
 */
public abstract class DeliveryJournalContract {

    /** How many records every contract journal must hold at least. */
    protected static final int CAPACITY = 1000;
    /** How long every contract journal keeps records. */
    protected static final Duration RETENTION = Duration.ofDays(7);

    /** The clock the journal under test must follow for retention. */
    protected final TestClock clock = new TestClock(Instant.parse("2026-04-26T12:00:00Z"));
    private DeliveryJournal journal;

    /**
     * Builds the journal under test, empty, keeping records for {@link #RETENTION}, following {@code clock}.
     *
     * @param clock the clock
     * @return a new, empty journal
     * @throws Exception when it cannot be built
     */
    protected abstract DeliveryJournal newJournal(TestClock clock) throws Exception;

    @BeforeEach
    void createJournal() throws Exception {
        journal = newJournal(clock);
    }

    @AfterEach
    void closeJournal() {
        journal.close();
    }

    /** A processed request record on the default endpoint, at the clock's time. */
    protected JournalRecord request(String deliveryId, Outcome outcome) {
        return new JournalRecord(UUID.randomUUID().toString(), "default", clock.instant(), JournalRecord.Source.REQUEST,
                deliveryId, "evt_" + deliveryId, "deployment.live", outcome, Duration.ofMillis(12), 0, null, null,
                Map.of("X-PromptFloe-Delivery", deliveryId, "X-PromptFloe-Signature", "t=1,v1=(not kept)"), null);
    }

    private List<JournalRecord> append(JournalRecord... records) {
        for (JournalRecord record : records) {
            journal.append(record);
        }
        journal.flush();
        return List.of(records);
    }

    private List<String> ids(JournalPage page) {
        return page.records().stream().map(JournalRecord::deliveryId).toList();
    }

    @Test
    void aRecordReadsBackWithEveryPart() {
        RuntimeException thrown = new IllegalStateException("order 42 <script>alert(1)</script> is unknown");
        JournalRecord failed = new JournalRecord(UUID.randomUUID().toString(), "orders", clock.instant(),
                JournalRecord.Source.REQUEST, "deliv_1", "evt_1", "app.failed", Outcome.HANDLER_FAILED,
                Duration.ofMillis(1234), 0, "java.lang.IllegalStateException: order 42 is unknown",
                JournalRecord.Failure.of(thrown), Map.of("X-PromptFloe-Event", "app.failed", "User-Agent", "PromptFloe/1"),
                "{\"id\":\"evt_1\",\"data\":{\"name\":\"Zoë ✓\"}}");
        append(failed);

        JournalRecord read = journal.get(failed.id()).orElseThrow();

        assertThat(read).isEqualTo(failed.withAttempt(1));
        assertThat(read.failure().stackTrace()).contains("IllegalStateException", "DeliveryJournalContract");
        assertThat(read.httpStatus()).isEqualTo(500);
    }

    @Test
    void aRefusalWithoutIdsOrTimingsReadsBack() {
        JournalRecord refused = new JournalRecord(UUID.randomUUID().toString(), "default", clock.instant(),
                JournalRecord.Source.REQUEST, null, null, null, Outcome.MISSING_HEADER, null, 0,
                "missing header X-PromptFloe-Delivery", null, Map.of(), null);
        append(refused);

        assertThat(journal.get(refused.id())).contains(refused);
        assertThat(journal.find(JournalQuery.newest(10)).records()).containsExactly(refused);
    }

    @Test
    void anUnknownIdIsEmpty() {
        assertThat(journal.get(UUID.randomUUID().toString())).isEmpty();
    }

    @Test
    void recordsAreListedNewestFirstInPages() {
        for (int i = 0; i < 25; i++) {
            append(request("d" + i, Outcome.PROCESSED));
            clock.advance(Duration.ofSeconds(1));
        }

        JournalPage first = journal.find(JournalQuery.newest(10));
        JournalPage third = journal.find(JournalQuery.newest(10).offset(20));

        assertThat(ids(first)).containsExactly("d24", "d23", "d22", "d21", "d20", "d19", "d18", "d17", "d16", "d15");
        assertThat(first.more()).isTrue();
        assertThat(ids(third)).containsExactly("d4", "d3", "d2", "d1", "d0");
        assertThat(third.more()).isFalse();
        assertThat(journal.find(JournalQuery.newest(5).offset(20)).more()).isFalse();
    }

    @Test
    void recordsOfTheSameTimeKeepTheirOrder() {
        append(request("first", Outcome.PROCESSED), request("second", Outcome.PROCESSED),
                request("third", Outcome.PROCESSED));

        assertThat(ids(journal.find(JournalQuery.newest(10)))).containsExactly("third", "second", "first");
    }

    @Test
    void filtersCombine() {
        JournalRecord orders = new JournalRecord(UUID.randomUUID().toString(), "orders", clock.instant(),
                JournalRecord.Source.REQUEST, "o1", "evt_o1", "payment.failed", Outcome.HANDLER_FAILED, null, 0, "x",
                null, Map.of(), null);
        append(request("a", Outcome.PROCESSED), request("b", Outcome.SIGNATURE_MISMATCH), orders);
        clock.advance(Duration.ofHours(2));
        append(request("c", Outcome.HANDLER_FAILED));
        Instant twoHoursIn = clock.instant();

        assertThat(ids(journal.find(JournalQuery.newest(10).outcomes(Set.of(Outcome.HANDLER_FAILED)))))
                .containsExactly("c", "o1");
        assertThat(ids(journal.find(JournalQuery.newest(10).outcomes(Set.of(Outcome.HANDLER_FAILED))
                .endpoint("default")))).containsExactly("c");
        assertThat(ids(journal.find(JournalQuery.newest(10).eventType("payment.failed")))).containsExactly("o1");
        assertThat(ids(journal.find(JournalQuery.newest(10).between(null, twoHoursIn))))
                .containsExactly("o1", "b", "a");
        assertThat(ids(journal.find(JournalQuery.newest(10).between(twoHoursIn, null)))).containsExactly("c");
        assertThat(ids(journal.find(JournalQuery.newest(10).outcomes(Set.of(Outcome.PROCESSED,
                Outcome.SIGNATURE_MISMATCH))))).containsExactly("b", "a");
    }

    @Test
    void searchFindsADeliveryByItsDeliveryIdOrItsEventId() {
        append(request("wanted", Outcome.PROCESSED), request("other", Outcome.PROCESSED));

        assertThat(ids(journal.find(JournalQuery.newest(10).id("wanted")))).containsExactly("wanted");
        assertThat(ids(journal.find(JournalQuery.newest(10).id("evt_wanted")))).containsExactly("wanted");
        assertThat(ids(journal.find(JournalQuery.newest(10).id("want")))).isEmpty();
    }

    @Test
    void aRequestIsNumberedByHowOftenItsDeliveryIdArrivedOnItsEndpoint() {
        append(request("retried", Outcome.HANDLER_FAILED));
        append(request("retried", Outcome.PROCESSED), request("other", Outcome.PROCESSED));
        append(request("retried", Outcome.DUPLICATE));

        List<JournalRecord> history = journal.history("default", "retried");

        assertThat(history).extracting(JournalRecord::attempt).containsExactly(1, 2, 3);
        assertThat(history).extracting(JournalRecord::outcome)
                .containsExactly(Outcome.HANDLER_FAILED, Outcome.PROCESSED, Outcome.DUPLICATE);
        assertThat(journal.history("default", "other")).extracting(JournalRecord::attempt).containsExactly(1);
        assertThat(journal.history("elsewhere", "retried")).isEmpty();
    }

    @Test
    void inboxAttemptsKeepTheirOwnNumberAndJoinTheDeliverysHistory() {
        append(request("queued", Outcome.QUEUED));
        clock.advance(Duration.ofSeconds(1));
        JournalRecord attempt = new JournalRecord(UUID.randomUUID().toString(), "default", clock.instant(),
                JournalRecord.Source.INBOX, "queued", "evt_queued", "deployment.live", Outcome.HANDLER_FAILED,
                Duration.ofMillis(3), 4, "boom", null, Map.of(), null);
        append(attempt);

        List<JournalRecord> history = journal.history("default", "queued");

        assertThat(history).extracting(JournalRecord::source)
                .containsExactly(JournalRecord.Source.REQUEST, JournalRecord.Source.INBOX);
        assertThat(history.get(1)).isEqualTo(attempt);
        assertThat(history.get(1).httpStatus()).isZero();
    }

    @Test
    void countsAreByEndpointAndOutcomeSinceATime() {
        append(request("old", Outcome.PROCESSED));
        clock.advance(Duration.ofHours(3));
        Instant since = clock.instant();
        append(request("a", Outcome.PROCESSED), request("b", Outcome.PROCESSED), request("c",
                Outcome.SIGNATURE_MISMATCH));

        JournalCounts counts = journal.count(since);

        assertThat(counts.count("default", Outcome.PROCESSED)).isEqualTo(2);
        assertThat(counts.count("default", Outcome.SIGNATURE_MISMATCH)).isEqualTo(1);
        assertThat(counts.count("default", Outcome.HANDLER_FAILED)).isZero();
        assertThat(counts.total("default")).isEqualTo(3);
        assertThat(journal.count(since.minus(Duration.ofDays(1))).total("default")).isEqualTo(4);
    }

    @Test
    void recordsOlderThanTheRetentionAreGone() {
        JournalRecord old = request("old", Outcome.PROCESSED);
        append(old);
        clock.advance(RETENTION.plusMinutes(1));
        append(request("new", Outcome.PROCESSED));

        assertThat(ids(journal.find(JournalQuery.newest(10)))).containsExactly("new");
        assertThat(journal.get(old.id())).isEmpty();
    }

    @Test
    void theSameRecordIsNotKeptTwice() {
        JournalRecord record = request("once", Outcome.PROCESSED);
        append(record);

        assertThatThrownBy(() -> {
            journal.append(record);
            journal.flush();
        }).isInstanceOf(JournalException.class);
        assertThat(journal.history("default", "once")).hasSize(1);
    }

    @Test
    void concurrentAppendsAreAllKeptAndNumberedWithoutGaps() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String id = "c" + (i % 20);
                writes.add(pool.submit(() -> journal.append(request(id, Outcome.PROCESSED))));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        } finally {
            pool.shutdownNow();
        }
        journal.flush();

        assertThat(journal.count(clock.instant().minusSeconds(1)).total("default")).isEqualTo(200);
        for (int i = 0; i < 20; i++) {
            assertThat(journal.history("default", "c" + i)).extracting(JournalRecord::attempt)
                    .containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        }
    }

    @Test
    void itDescribesItself() {
        assertThat(journal.describe()).isNotBlank();
    }
}
