package com.promptfloe.webhooks.inbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps verified deliveries durably until a worker has processed them, so that a delivery can be
 * acknowledged at once and handled afterwards: implement it to keep the inbox somewhere else (the
 * JDBC inbox shares one table between the nodes of a cluster).
 *
 * <p>The receiver stores, the {@link InboxWorker} claims and settles; an operator lists and re-drives:
 *
 * <pre>{@code
 * inbox.store(delivery);                                   // in the request, before the 202
 * for (InboxEntry entry : inbox.claim(Set.of("default"), 10, Duration.ofMinutes(5))) {
 *     try {
 *         process(entry);
 *         inbox.markDone(entry);
 *     } catch (Exception e) {
 *         inbox.markFailed(entry, e.toString(), clock.instant().plusSeconds(60));
 *     }
 * }
 * inbox.listDead(50).forEach(dead -> inbox.redrive(dead.endpoint(), dead.deliveryId()));
 * }</pre>
 *
 * <h2>Contract</h2>
 * An entry is identified by its endpoint and delivery id. Every operation is atomic per entry, also
 * across the nodes that share an implementation; times follow the implementation's clock.
 * <ul>
 *   <li>{@link #store} is durable when it returns: a crash of this process or of the database's
 *       host afterwards does not lose the delivery. It inserts only if absent: when the endpoint
 *       already has an entry with the same delivery id <em>or the same event id</em> (a replay under
 *       a forged delivery id), it changes nothing and answers {@code false}. A new entry is
 *       {@link InboxEntry.State#PENDING}, due at its {@code receivedAt}, with 0 attempts. Every part
 *       of the delivery is kept as given, its {@link InboxDelivery#traceParent() trace context}
 *       (or its absence) included.</li>
 *   <li>{@link #claim} hands out entries of the given endpoints that are {@code PENDING} and due, or
 *       {@code CLAIMED} under a lease that has ended (its holder crashed or hung), earliest due
 *       first. Each claimed entry is {@code CLAIMED} with a fresh non-zero token, one more attempt,
 *       and a lease until now plus {@code lease}. Two claims never hold the same entry at once: an
 *       entry under a live lease is handed to no one else, and when a lease has ended exactly one
 *       claimer takes it over.</li>
 *   <li>{@link #markDone}, {@link #markFailed} and {@link #markDead} settle an entry only while it is
 *       still {@code CLAIMED} under the token of the entry passed in, and answer whether they did:
 *       once another worker has taken an entry over, the former holder changes nothing. A
 *       {@code DONE} entry is never claimed again. {@code markFailed} makes it {@code PENDING} again,
 *       due at the given time, keeping the error; {@code markDead} makes it {@code DEAD}.</li>
 *   <li>{@link #redrive} makes a {@code DEAD} entry {@code PENDING} again, due now, with 0 attempts,
 *       and answers {@code false} for an entry in any other state.</li>
 *   <li>Error texts are kept up to at least {@value #MAX_ERROR_LENGTH} characters; longer ones may be
 *       cut, as {@link #clip} does.</li>
 * </ul>
 * An implementation that cannot answer throws {@link InboxException}; a delivery that could not be
 * stored is then not acknowledged.
 *
 * <h2>What a worker gets from this</h2>
 * A delivery is processed at least once and, once marked done, never again. A handler that crashes
 * or outlives its lease runs again on the next claim, so a handler's side effects should be
 * idempotent (or written in the same transaction as something it can check).
 */
public interface DeliveryInbox {

    /** Error texts up to this length are kept whole. */
    int MAX_ERROR_LENGTH = 2000;

    /**
     * Stores a delivery durably unless the endpoint has it already.
     *
     * @param delivery the verified delivery
     * @return {@code true} when stored now; {@code false} when the endpoint already has an entry with
     *         the same delivery id or the same event id, which was left as it was
     * @throws InboxException when the inbox cannot be reached; nothing may be assumed stored
     */
    boolean store(InboxDelivery delivery);

    /**
     * Claims up to {@code max} due entries of the given endpoints for processing under a lease.
     *
     * @param endpoints the endpoints this worker has handlers for; others' entries are left alone
     * @param max how many entries at most, at least 1
     * @param lease how long the claim holds each entry before another worker may take it over
     * @return the claimed entries, earliest due first; empty when none is due
     * @throws InboxException when the inbox cannot be reached
     */
    List<InboxEntry> claim(Set<String> endpoints, int max, Duration lease);

    /**
     * Marks a claimed entry processed; it is never claimed again.
     *
     * @param claimed an entry {@link #claim} handed out
     * @return {@code false} when the claim was lost to another worker meanwhile, and nothing changed
     * @throws IllegalArgumentException when the entry is not a claimed one
     * @throws InboxException when the inbox cannot be reached
     */
    boolean markDone(InboxEntry claimed);

    /**
     * Records a failed attempt and makes the entry due again at {@code nextAttemptAt}.
     *
     * @param claimed an entry {@link #claim} handed out
     * @param error what went wrong, for the operator
     * @param nextAttemptAt when it may be claimed again
     * @return {@code false} when the claim was lost to another worker meanwhile, and nothing changed
     * @throws IllegalArgumentException when the entry is not a claimed one
     * @throws InboxException when the inbox cannot be reached
     */
    boolean markFailed(InboxEntry claimed, String error, Instant nextAttemptAt);

    /**
     * Gives up on a claimed entry: it becomes {@code DEAD} until {@link #redrive re-driven}.
     *
     * @param claimed an entry {@link #claim} handed out
     * @param error what went wrong the last time, for the operator
     * @return {@code false} when the claim was lost to another worker meanwhile, and nothing changed
     * @throws IllegalArgumentException when the entry is not a claimed one
     * @throws InboxException when the inbox cannot be reached
     */
    boolean markDead(InboxEntry claimed, String error);

    /**
     * Lists dead entries, those that died first first.
     *
     * @param max how many at most, at least 1
     * @return the dead entries
     * @throws InboxException when the inbox cannot be reached
     */
    List<InboxEntry> listDead(int max);

    /**
     * Lists entries in one state, earliest due first: what the console shows. Only
     * {@link InboxEntry.State#DEAD} is required; an inbox that cannot list other states keeps the
     * default, which throws for them.
     *
     * @param state the state
     * @param max how many at most, at least 1
     * @return the entries, earliest {@link InboxEntry#dueAt()} first
     * @throws UnsupportedOperationException when this inbox cannot list entries in that state
     * @throws InboxException when the inbox cannot be reached
     */
    default List<InboxEntry> list(InboxEntry.State state, int max) {
        if (state == InboxEntry.State.DEAD) {
            return listDead(max);
        }
        throw new UnsupportedOperationException(getClass().getName() + " lists only dead entries, not " + state);
    }

    /**
     * Gives a dead entry a fresh set of attempts, due now.
     *
     * @param endpoint the entry's endpoint
     * @param deliveryId the entry's delivery id
     * @return {@code true} when the entry was dead and is pending now; {@code false} otherwise
     * @throws InboxException when the inbox cannot be reached
     */
    boolean redrive(String endpoint, String deliveryId);

    /**
     * Looks an entry up, in whatever state it is.
     *
     * @param endpoint the endpoint
     * @param deliveryId the delivery id
     * @return the entry, or empty when there is none (never stored, or purged after it was done)
     * @throws InboxException when the inbox cannot be reached
     */
    Optional<InboxEntry> find(String endpoint, String deliveryId);

    /**
     * Counts the entries by state, for gauges and health checks; the inbox worker calls it at most
     * every {@link InboxWorker#COUNT_INTERVAL}. An implementation that cannot count leaves the default.
     *
     * @return the counts: {@code pending} includes claimed entries, {@code retrying} are pending ones
     *         with at least one failed attempt
     * @throws UnsupportedOperationException when this inbox cannot count
     * @throws InboxException when the inbox cannot be reached
     */
    default com.promptfloe.webhooks.monitoring.InboxCounts count() {
        throw new UnsupportedOperationException(getClass().getName() + " does not count its entries");
    }

    /**
     * Checks that an entry may be settled; implementations call it first.
     *
     * @param entry the entry passed to a {@code mark} method
     * @return the entry
     * @throws IllegalArgumentException when it is not a claimed entry
     */
    static InboxEntry requireClaimed(InboxEntry entry) {
        if (entry == null || entry.state() != InboxEntry.State.CLAIMED || entry.token() == 0) {
            throw new IllegalArgumentException("only an entry handed out by claim() can be settled, not " + entry);
        }
        return entry;
    }

    /**
     * Cuts an error text to {@value #MAX_ERROR_LENGTH} characters (one less rather than split a
     * surrogate pair); implementations may use it.
     *
     * @param error the error text or {@code null}
     * @return the text, at most {@value #MAX_ERROR_LENGTH} characters, or {@code null}
     */
    static String clip(String error) {
        if (error == null || error.length() <= MAX_ERROR_LENGTH) {
            return error;
        }
        // Never split a surrogate pair: a lone half is not valid text for a database column.
        int end = Character.isHighSurrogate(error.charAt(MAX_ERROR_LENGTH - 1)) ? MAX_ERROR_LENGTH - 1
                : MAX_ERROR_LENGTH;
        return error.substring(0, end);
    }
}
