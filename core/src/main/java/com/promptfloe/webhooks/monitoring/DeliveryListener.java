package com.promptfloe.webhooks.monitoring;

import com.promptfloe.webhooks.inbox.InboxEntry;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Hears what happens to deliveries, to turn it into metrics, spans or logs: hand one to
 * {@code WebhookReceiver.Builder#listener} and {@code InboxWorker.Builder#listener}.
 *
 * <pre>{@code
 * DeliveryListener counting = new DeliveryListener() {
 *     @Override
 *     public DeliveryObservation received(String endpoint) {
 *         return new DeliveryObservation() {
 *             @Override
 *             public void finished(Outcome outcome) {
 *                 counts.merge(outcome, 1, Integer::sum);
 *             }
 *         };
 *     }
 * };
 * WebhookReceiver receiver = WebhookReceiver.builder().secret(secret).listener(counting).handler(...).build();
 * }</pre>
 *
 * <h2>Contract</h2>
 * {@link #received} is called once per request, on the request's thread, before anything is
 * checked; the observation it returns then gets the facts as they become known and exactly one
 * {@link DeliveryObservation#finished}, also when the delivery is settled later on another thread
 * (an asynchronous answer in verify-only mode). {@link #claimed} does the same for each attempt the
 * inbox worker makes. Methods are called on the delivery path, so they must be quick and must not
 * throw; an exception they throw is logged and ignored. Implementations are thread-safe.
 */
public interface DeliveryListener {

    /** Hears nothing; the default. */
    DeliveryListener NONE = new DeliveryListener() {
    };

    /**
     * A request reached an endpoint's receive path.
     *
     * @param endpoint the endpoint name
     * @return what hears the rest of this delivery; {@link DeliveryObservation#NONE} when nothing
     */
    default DeliveryObservation received(String endpoint) {
        return DeliveryObservation.NONE;
    }

    /**
     * The inbox worker claimed a stored delivery and is about to process it.
     *
     * @param entry the claimed entry
     * @return what hears the rest of this attempt; {@link DeliveryObservation#NONE} when nothing
     */
    default DeliveryObservation claimed(InboxEntry entry) {
        return DeliveryObservation.NONE;
    }

    /**
     * A fresh count of the inbox, taken by the inbox worker at most every few seconds: keep it and
     * answer gauges from it, never query the inbox on a scrape.
     *
     * @param counts the counts
     */
    default void inboxCounted(InboxCounts counts) {
    }

    /**
     * Hands over how to read the in-memory ledger's count of done deliveries it had to drop before
     * their dedupe window ended (a later retry of one would be processed again); called once.
     *
     * @param premature reads the count so far; cheap, callable from any thread
     */
    default void ledgerEvictions(LongSupplier premature) {
    }

    /**
     * One listener that tells each of several, in order; one that fails does not keep the others
     * from hearing, nor the delivery from going on. The builders that take a listener wrap it so.
     *
     * @param listeners the listeners
     * @return {@link #NONE} for none, else one that tells each and ignores (after logging) what they throw
     */
    static DeliveryListener of(List<DeliveryListener> listeners) {
        return CompoundListener.of(listeners);
    }
}
