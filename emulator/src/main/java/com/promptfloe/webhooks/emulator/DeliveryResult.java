package com.promptfloe.webhooks.emulator;

import java.util.List;
import java.util.Objects;

/**
 * How one delivery ended, with every attempt: check {@link #delivered()} or {@link #lastAttempt()}.
 *
 * <pre>{@code
 * DeliveryResult result = emulator.deliver(delivery);
 * assertThat(result.delivered()).isTrue();
 * assertThat(result.attempts()).hasSize(1);
 * }</pre>
 *
 * @param deliveryId the delivery
 * @param status how it ended
 * @param attempts every attempt, in order
 */
public record DeliveryResult(String deliveryId, Status status, List<AttemptRecord> attempts) {

    /** How a delivery ended. */
    public enum Status {
        /** An attempt was acknowledged with 2xx. */
        DELIVERED,
        /** Every attempt the schedule allows failed: PromptFloe marks the delivery failed. */
        FAILED,
        /** The emulator was interrupted between or during attempts. */
        INTERRUPTED
    }

    /**
     * Checks the parts and freezes the attempts.
     *
     * @param deliveryId the delivery
     * @param status how it ended
     * @param attempts every attempt, in order
     */
    public DeliveryResult {
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(status, "status");
        attempts = List.copyOf(attempts);
    }

    /**
     * Whether an attempt was acknowledged.
     *
     * @return true when delivered
     */
    public boolean delivered() {
        return status == Status.DELIVERED;
    }

    /**
     * The last attempt made.
     *
     * @return the last attempt
     * @throws IllegalStateException when no attempt was made (interrupted before the first)
     */
    public AttemptRecord lastAttempt() {
        if (attempts.isEmpty()) {
            throw new IllegalStateException("delivery " + deliveryId + " made no attempt");
        }
        return attempts.get(attempts.size() - 1);
    }
}
