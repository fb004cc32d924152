package com.promptfloe.webhooks.inbox;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One verified delivery as the inbox keeps it: hand it to {@link DeliveryInbox#store} before
 * acknowledging, and the worker rebuilds the event from these bytes later.
 *
 * <pre>{@code
 * inbox.store(new InboxDelivery("default", "deliv_1", "evt_1", "deployment.live", body, clock.instant()));
 * }</pre>
 *
 * <p>The body is copied in and out, so the record stays immutable.
 *
 * @param endpoint the endpoint name the delivery arrived on (1 to {@value #MAX_ENDPOINT_LENGTH} characters)
 * @param deliveryId the {@code X-PromptFloe-Delivery} header (1 to {@value #MAX_DELIVERY_ID_LENGTH} characters)
 * @param eventId the signed envelope's {@code id} (1 to {@value #MAX_EVENT_ID_LENGTH} characters)
 * @param type the envelope's {@code type} (1 to {@value #MAX_TYPE_LENGTH} characters)
 * @param body the raw body bytes exactly as verified
 * @param receivedAt when the delivery was received
 */
public record InboxDelivery(String endpoint, String deliveryId, String eventId, String type, byte[] body,
        Instant receivedAt) {

    /** Longest endpoint name, as {@code WebhookReceiver.Builder#endpoint} allows. */
    public static final int MAX_ENDPOINT_LENGTH = 64;
    /** Longest delivery id, as the receiver accepts. */
    public static final int MAX_DELIVERY_ID_LENGTH = 128;
    /** Longest event id an inbox must keep. */
    public static final int MAX_EVENT_ID_LENGTH = 255;
    /** Longest event type an inbox must keep. */
    public static final int MAX_TYPE_LENGTH = 255;

    /**
     * Checks every part and copies the body.
     *
     * @param endpoint the endpoint name
     * @param deliveryId the delivery id
     * @param eventId the event id
     * @param type the event type
     * @param body the raw body
     * @param receivedAt when it was received
     * @throws IllegalArgumentException when a text is blank or too long
     */
    public InboxDelivery {
        requireText("endpoint", endpoint, MAX_ENDPOINT_LENGTH);
        requireText("delivery id", deliveryId, MAX_DELIVERY_ID_LENGTH);
        requireText("event id", eventId, MAX_EVENT_ID_LENGTH);
        requireText("event type", type, MAX_TYPE_LENGTH);
        body = Objects.requireNonNull(body, "body").clone();
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /**
     * The raw body.
     *
     * @return a copy of the bytes
     */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /**
     * Compares every part, the body by content.
     *
     * @param other another object
     * @return whether it is an equal delivery
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof InboxDelivery that && endpoint.equals(that.endpoint)
                && deliveryId.equals(that.deliveryId) && eventId.equals(that.eventId) && type.equals(that.type)
                && Arrays.equals(body, that.body) && receivedAt.equals(that.receivedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(endpoint, deliveryId, eventId, type, Arrays.hashCode(body), receivedAt);
    }

    /**
     * Names the delivery without its body, which may hold personal data.
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return "InboxDelivery[endpoint=" + endpoint + ", deliveryId=" + deliveryId + ", eventId=" + eventId
                + ", type=" + type + ", body=" + body.length + " bytes, receivedAt=" + receivedAt + "]";
    }

    private static void requireText(String name, String value, int max) {
        if (value == null || value.isBlank() || value.length() > max) {
            throw new IllegalArgumentException(name + " must be 1 to " + max + " characters and not blank: '"
                    + value + "'");
        }
    }
}
