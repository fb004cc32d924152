package com.promptfloe.webhooks.emulator;

import java.util.ArrayList;
import java.util.List;

/**
 * One delivery the {@link LocalPromptFloe} made to one subscription, and every attempt of it,
 * replays included (they keep the delivery id).
 */
public final class LocalDelivery {

    /** Where the delivery stands. */
    public enum State {
        /** Attempts are still being made. */
        SENDING,
        /** The endpoint answered 2xx. */
        DELIVERED,
        /** Every attempt of the schedule failed. */
        FAILED
    }

    private final String webhookId;
    private final Delivery delivery;
    private final String eventId;
    private final List<AttemptRecord> attempts = new ArrayList<>();
    private State state = State.SENDING;

    LocalDelivery(String webhookId, Delivery delivery, String eventId) {
        this.webhookId = webhookId;
        this.delivery = delivery;
        this.eventId = eventId;
    }

    /**
     * The subscription it was made to.
     *
     * @return the webhook id
     */
    public String webhookId() {
        return webhookId;
    }

    /**
     * The {@code X-PromptFloe-Delivery} value.
     *
     * @return the delivery id
     */
    public String deliveryId() {
        return delivery.deliveryId();
    }

    /**
     * The event type.
     *
     * @return such as {@code deployment.live}
     */
    public String eventType() {
        return delivery.eventType();
    }

    /**
     * The event's envelope id.
     *
     * @return such as {@code evt_...}
     */
    public String eventId() {
        return eventId;
    }

    Delivery delivery() {
        return delivery;
    }

    /**
     * Every attempt so far, the replays' included, in order.
     *
     * @return a snapshot
     */
    public synchronized List<AttemptRecord> attempts() {
        return List.copyOf(attempts);
    }

    /**
     * Where the latest sending (first or replay) stands.
     *
     * @return the state
     */
    public synchronized State state() {
        return state;
    }

    synchronized void attempted(AttemptRecord attempt) {
        attempts.add(attempt);
    }

    synchronized void sending() {
        state = State.SENDING;
    }

    synchronized void ended(DeliveryResult result) {
        state = result.delivered() ? State.DELIVERED : State.FAILED;
    }

    @Override
    public synchronized String toString() {
        return "LocalDelivery[" + delivery.deliveryId() + " " + delivery.eventType() + " to " + webhookId + ", " + state
                + ", " + attempts.size() + " attempt(s)]";
    }
}
