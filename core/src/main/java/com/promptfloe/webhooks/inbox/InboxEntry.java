package com.promptfloe.webhooks.inbox;

import java.time.Instant;
import java.util.Objects;

/**
 * A delivery in the inbox with its processing state: what {@link DeliveryInbox#claim} hands a worker
 * and {@link DeliveryInbox#listDead} shows an operator.
 *
 * <pre>{@code
 * for (InboxEntry dead : inbox.listDead(50)) {
 *     System.out.println(dead.delivery().deliveryId() + " failed " + dead.attempts() + " times: " + dead.lastError());
 * }
 * }</pre>
 *
 * @param delivery the stored delivery
 * @param state where it is in processing
 * @param attempts how many times it was claimed since it was stored or re-driven, this claim included
 * @param dueAt for {@link State#PENDING}: when it may be claimed; for {@link State#CLAIMED}: when the
 *        lease ends and another worker may take it over; for {@link State#DONE} and {@link State#DEAD}:
 *        when it got there
 * @param lastError the error of the last failed attempt, or {@code null}
 * @param token identifies the claim that holds the entry; pass the entry back to settle it
 */
public record InboxEntry(InboxDelivery delivery, State state, int attempts, Instant dueAt, String lastError,
        long token) {

    /** Where an entry is in processing. */
    public enum State {
        /** Waiting to be claimed once {@code dueAt} has come: new, or failed and waiting for its retry. */
        PENDING,
        /** Held by a worker until {@code dueAt}; after that any worker may take it over. */
        CLAIMED,
        /** Processed; never claimed again. */
        DONE,
        /** Failed the maximum number of attempts; waits for an operator to re-drive it. */
        DEAD
    }

    /**
     * Checks the parts.
     *
     * @param delivery the delivery
     * @param state the state
     * @param attempts the attempts, not negative
     * @param dueAt the due time
     * @param lastError the last error or {@code null}
     * @param token the claim token
     */
    public InboxEntry {
        Objects.requireNonNull(delivery, "delivery");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(dueAt, "dueAt");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative: " + attempts);
        }
    }

    /**
     * The endpoint the delivery arrived on.
     *
     * @return the endpoint name
     */
    public String endpoint() {
        return delivery.endpoint();
    }

    /**
     * The delivery id, which with the endpoint identifies the entry.
     *
     * @return the {@code X-PromptFloe-Delivery} value
     */
    public String deliveryId() {
        return delivery.deliveryId();
    }
}
