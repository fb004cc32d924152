package com.promptfloe.webhooks.ledger;

import java.util.Objects;

/**
 * What a {@link DeliveryLedger} is asked to claim: one delivery of one signed event on one endpoint,
 * both ids at once, so that a ledger can refuse a known delivery id and a known event id in one step.
 *
 * <pre>{@code
 * Claim claim = ledger.begin(new DeliveryKey("default", "deliv_1", "evt_1", "deployment.live"));
 * }</pre>
 *
 * @param endpoint the endpoint that received it; ids are unique per endpoint
 * @param deliveryId the {@code X-PromptFloe-Delivery} value (not signed: anyone can forge it)
 * @param eventId the signed envelope's {@code id}, the same in every delivery of the event
 * @param eventType the event's type, kept with the record for the people who read it
 */
public record DeliveryKey(String endpoint, String deliveryId, String eventId, String eventType) {

    /** Longest endpoint name. */
    public static final int MAX_ENDPOINT_LENGTH = 64;
    /** Longest delivery id. */
    public static final int MAX_DELIVERY_ID_LENGTH = 128;
    /** Longest event id. */
    public static final int MAX_EVENT_ID_LENGTH = 255;
    /** Longest event type. */
    public static final int MAX_EVENT_TYPE_LENGTH = 255;

    /**
     * Checks every part: none may be null or blank or longer than its maximum.
     *
     * @param endpoint the endpoint
     * @param deliveryId the delivery id
     * @param eventId the event id
     * @param eventType the event type
     * @throws IllegalArgumentException naming the part and its length
     */
    public DeliveryKey {
        require("endpoint", endpoint, MAX_ENDPOINT_LENGTH);
        require("delivery id", deliveryId, MAX_DELIVERY_ID_LENGTH);
        require("event id", eventId, MAX_EVENT_ID_LENGTH);
        require("event type", eventType, MAX_EVENT_TYPE_LENGTH);
    }

    private static void require(String name, String value, int max) {
        Objects.requireNonNull(value, () -> "the " + name + " of a ledger key must not be null");
        if (value.isBlank() || value.length() > max) {
            throw new IllegalArgumentException("the " + name + " of a ledger key must be 1 to " + max
                    + " characters and not blank; it is " + value.length() + " characters"
                    + (value.length() <= max ? ", all blank" : ""));
        }
    }

    @Override
    public String toString() {
        return endpoint + ":" + deliveryId + " (event " + eventId + ")";
    }
}
