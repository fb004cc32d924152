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
 * <p>{@code traceParent} carries the trace of the request that stored the delivery across the inbox
 * (a W3C {@code traceparent} value, filled by a tracing {@code DeliveryListener}, {@code null} when none):
 * the attempts that process it later link to that request's span. An inbox keeps it as it keeps the
 * rest; core does not read it.
 *
 * @param endpoint the endpoint name the delivery arrived on (1 to {@value #MAX_ENDPOINT_LENGTH} characters)
 * @param deliveryId the {@code X-PromptFloe-Delivery} header (1 to {@value #MAX_DELIVERY_ID_LENGTH} characters)
 * @param eventId the signed envelope's {@code id} (1 to {@value #MAX_EVENT_ID_LENGTH} characters)
 * @param type the envelope's {@code type} (1 to {@value #MAX_TYPE_LENGTH} characters)
 * @param body the raw body bytes exactly as verified
 * @param receivedAt when the delivery was received
 * @param traceParent the storing request's W3C {@code traceparent}, or {@code null} (at most
 *        {@value #MAX_TRACE_PARENT_LENGTH} characters)
 */
public record InboxDelivery(String endpoint, String deliveryId, String eventId, String type, byte[] body,
        Instant receivedAt, String traceParent) {

    /** Longest endpoint name, as {@code WebhookReceiver.Builder#endpoint} allows. */
    public static final int MAX_ENDPOINT_LENGTH = 64;
    /** Longest delivery id, as the receiver accepts. */
    public static final int MAX_DELIVERY_ID_LENGTH = 128;
    /** Longest event id an inbox must keep. */
    public static final int MAX_EVENT_ID_LENGTH = 255;
    /** Longest event type an inbox must keep. */
    public static final int MAX_TYPE_LENGTH = 255;
    /** Longest trace context an inbox must keep (version 00 of W3C {@code traceparent} takes 55). */
    public static final int MAX_TRACE_PARENT_LENGTH = 128;

    /**
     * Checks every part and copies the body.
     *
     * @param endpoint the endpoint name
     * @param deliveryId the delivery id
     * @param eventId the event id
     * @param type the event type
     * @param body the raw body
     * @param receivedAt when it was received
     * @param traceParent the trace context, or {@code null}
     * @throws IllegalArgumentException when a text is blank or too long
     */
    public InboxDelivery {
        requireText("endpoint", endpoint, MAX_ENDPOINT_LENGTH);
        requireText("delivery id", deliveryId, MAX_DELIVERY_ID_LENGTH);
        requireText("event id", eventId, MAX_EVENT_ID_LENGTH);
        requireText("event type", type, MAX_TYPE_LENGTH);
        body = Objects.requireNonNull(body, "body").clone();
        Objects.requireNonNull(receivedAt, "receivedAt");
        if (traceParent != null) {
            requireText("trace parent", traceParent, MAX_TRACE_PARENT_LENGTH);
        }
    }

    /**
     * A delivery without a trace context.
     *
     * @param endpoint the endpoint name
     * @param deliveryId the delivery id
     * @param eventId the event id
     * @param type the event type
     * @param body the raw body
     * @param receivedAt when it was received
     * @throws IllegalArgumentException when a text is blank or too long
     */
    public InboxDelivery(String endpoint, String deliveryId, String eventId, String type, byte[] body,
            Instant receivedAt) {
        this(endpoint, deliveryId, eventId, type, body, receivedAt, null);
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
                && Arrays.equals(body, that.body) && receivedAt.equals(that.receivedAt)
                && Objects.equals(traceParent, that.traceParent);
    }

    @Override
    public int hashCode() {
        return Objects.hash(endpoint, deliveryId, eventId, type, Arrays.hashCode(body), receivedAt, traceParent);
    }

    /**
     * Names the delivery without its body, which may hold personal data.
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return "InboxDelivery[endpoint=" + endpoint + ", deliveryId=" + deliveryId + ", eventId=" + eventId
                + ", type=" + type + ", body=" + body.length + " bytes, receivedAt=" + receivedAt
                + (traceParent == null ? "" : ", traceParent=" + traceParent) + "]";
    }

    private static void requireText(String name, String value, int max) {
        if (value == null || value.isBlank() || value.length() > max) {
            throw new IllegalArgumentException(name + " must be 1 to " + max + " characters and not blank: '"
                    + value + "'");
        }
    }
}
