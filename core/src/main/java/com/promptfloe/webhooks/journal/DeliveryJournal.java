package com.promptfloe.webhooks.journal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Keeps a record of every delivery that reached a receive path and of every inbox attempt, for the
 * people on call: what arrived, what was answered, why it failed. A {@link JournalListener} writes
 * it; the console reads it.
 *
 * <pre>{@code
 * DeliveryJournal journal = InMemoryDeliveryJournal.builder().maxRecords(10_000).build();
 * WebhookReceiver receiver = WebhookReceiver.builder()
 *         .secret(secret)
 *         .listener(JournalListener.builder(journal).build())
 *         .handler(...)
 *         .build();
 * ...
 * journal.find(JournalQuery.newest(20).outcomes(Set.of(Outcome.HANDLER_FAILED)));
 * }</pre>
 *
 * <h2>Contract</h2>
 * Implementations are thread-safe and bounded (by count, by age or both). {@link #append} is on the
 * delivery path: it must be quick (an implementation that writes somewhere slow queues the record
 * and writes it from another thread) and it never decides a delivery: what it throws is logged and
 * counted by the {@link JournalListener}, and the delivery is answered as before. Reads list the
 * newest records first. {@code DeliveryJournalContract} in the core test JAR checks an
 * implementation.
 */
public interface DeliveryJournal extends AutoCloseable {

    /**
     * Keeps a record. A request's record gets its attempt number here: one more than the number of
     * request records the journal holds for the same endpoint and delivery id.
     *
     * @param record the record, with attempt 0 for a request
     * @throws JournalException when the record cannot be kept (or queued)
     */
    void append(JournalRecord record);

    /**
     * Lists records, newest first.
     *
     * @param query the filters and the page
     * @return the page
     * @throws JournalException when the journal cannot be read
     */
    JournalPage find(JournalQuery query);

    /**
     * One record.
     *
     * @param id the record's id
     * @return the record, or empty when there is none (never written, or dropped by retention)
     * @throws JournalException when the journal cannot be read
     */
    Optional<JournalRecord> get(String id);

    /**
     * Every record of one delivery: its requests and its inbox attempts, oldest first.
     *
     * @param endpoint the endpoint
     * @param deliveryId the delivery id
     * @return the records
     * @throws JournalException when the journal cannot be read
     */
    List<JournalRecord> history(String endpoint, String deliveryId);

    /**
     * Counts records by endpoint and outcome.
     *
     * @param since only records at or after this time
     * @return the counts
     * @throws JournalException when the journal cannot be read
     */
    JournalCounts count(Instant since);

    /**
     * One line naming the kind of journal and its bounds, for the console's overview.
     *
     * @return for example {@code in memory, latest 10000 records, 7 days}
     */
    String describe();

    /**
     * Waits until every record appended so far can be read: for an implementation that queues
     * records, until the queue is written (or given up on). Tests and shutdown call it.
     *
     * @throws JournalException when queued records could not be written
     */
    default void flush() {
    }

    /** Writes what is queued and lets go of resources; the journal keeps nothing more afterwards. */
    @Override
    default void close() {
    }
}
