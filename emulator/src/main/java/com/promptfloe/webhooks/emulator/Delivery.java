package com.promptfloe.webhooks.emulator;

import com.promptfloe.webhooks.testkit.Fixtures;
import com.promptfloe.webhooks.testkit.Envelope;
import com.promptfloe.webhooks.testkit.SignedRequest;
import com.promptfloe.webhooks.testkit.WebhookRequests;

import com.promptfloe.webhooks.testkit.internal.Ids;
import com.promptfloe.webhooks.testkit.internal.JsonText;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Describe what the {@link DeliveryEmulator} should deliver: a delivery id, an event type and the body.
 *
 * <pre>{@code
 * Delivery delivery = Delivery.of(Fixtures.envelope(EventType.DEPLOYMENT_LIVE));
 * Delivery stale = delivery.shaped(request -> request.signedAgo(Duration.ofMinutes(10)));
 * }</pre>
 *
 * <p>Every attempt of a delivery sends the same body under the same delivery id with a fresh
 * signature. {@link #shaped} changes each attempt's request, to make deliveries a receiver must
 * refuse. Immutable.
 */
public final class Delivery {

    private final String deliveryId;
    private final String eventType;
    private final byte[] body;
    private final UnaryOperator<SignedRequest.Builder> shaping;

    private Delivery(String deliveryId, String eventType, byte[] body, UnaryOperator<SignedRequest.Builder> shaping) {
        this.deliveryId = requireText(deliveryId, "delivery id");
        this.eventType = requireText(eventType, "event type");
        this.body = body.clone();
        this.shaping = Objects.requireNonNull(shaping, "shaping");
    }

    /**
     * A delivery of an envelope under a new random delivery id.
     *
     * @param envelope the event; its bytes are taken now
     * @return the delivery
     */
    public static Delivery of(Envelope envelope) {
        return of(Ids.next("deliv_"), envelope);
    }

    /**
     * A delivery of an envelope under a chosen delivery id.
     *
     * @param deliveryId the {@code X-PromptFloe-Delivery} value
     * @param envelope the event; its bytes are taken now
     * @return the delivery
     */
    public static Delivery of(String deliveryId, Envelope envelope) {
        byte[] body = envelope.toBytes();
        String type = envelope.type();
        if (type == null) {
            throw new IllegalArgumentException("the envelope has no type: use of(deliveryId, eventType, body)");
        }
        return new Delivery(deliveryId, type, body, UnaryOperator.identity());
    }

    /**
     * A delivery of raw bytes, sent exactly as given.
     *
     * @param deliveryId the {@code X-PromptFloe-Delivery} value
     * @param eventType the {@code X-PromptFloe-Event} value
     * @param body the body
     * @return the delivery
     */
    public static Delivery of(String deliveryId, String eventType, byte[] body) {
        return new Delivery(deliveryId, eventType, Objects.requireNonNull(body, "body"), UnaryOperator.identity());
    }

    /**
     * A delivery of raw bytes whose event type is read from the body's {@code type}.
     *
     * @param deliveryId the {@code X-PromptFloe-Delivery} value
     * @param body a JSON envelope
     * @return the delivery
     * @throws IllegalArgumentException when the body has no string {@code type}
     */
    public static Delivery of(String deliveryId, byte[] body) {
        String type = JsonText.stringMember(body, "type").orElseThrow(() -> new IllegalArgumentException(
                "the body is not a JSON object with a string \"type\": name the event type explicitly"));
        return of(deliveryId, type, body);
    }

    /**
     * The same delivery under another delivery id.
     *
     * @param newId the new id
     * @return a new delivery
     */
    public Delivery withDeliveryId(String newId) {
        return new Delivery(newId, eventType, body, shaping);
    }

    /**
     * The same delivery with every attempt's request shaped further (after any earlier shaping).
     *
     * @param more changes each attempt's request builder, such as {@code b -> b.tamperBody()}
     * @return a new delivery
     */
    public Delivery shaped(UnaryOperator<SignedRequest.Builder> more) {
        Objects.requireNonNull(more, "more");
        UnaryOperator<SignedRequest.Builder> before = shaping;
        return new Delivery(deliveryId, eventType, body, builder -> more.apply(before.apply(builder)));
    }

    /**
     * The same delivery without any shaping, as PromptFloe replays it.
     *
     * @return a new delivery
     */
    public Delivery unshaped() {
        return new Delivery(deliveryId, eventType, body, UnaryOperator.identity());
    }

    /**
     * The delivery id, the same for every attempt.
     *
     * @return the id
     */
    public String deliveryId() {
        return deliveryId;
    }

    /**
     * The event type sent as {@code X-PromptFloe-Event}.
     *
     * @return the type
     */
    public String eventType() {
        return eventType;
    }

    /**
     * The body.
     *
     * @return a copy of the bytes
     */
    public byte[] body() {
        return body.clone();
    }

    /**
     * One attempt's request, signed now.
     *
     * @param requests signs with the emulator's secrets and clock
     * @return the request
     */
    SignedRequest requestFor(WebhookRequests requests) {
        SignedRequest.Builder builder = requests.request(body).deliveryId(deliveryId).eventType(eventType);
        return shaping.apply(builder).build();
    }

    @Override
    public String toString() {
        return "Delivery[" + deliveryId + ", " + eventType + ", " + body.length + " bytes]";
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the " + what + " must not be blank");
        }
        return value;
    }
}
