package com.promptfloe.webhooks.event;

/**
 * {@code payment.failed}: a recurring charge failed; the subscription may be past due.
 *
 * <p>PromptFloe documents no fields for this type yet; read them from {@link #data()}.
 *
 * @param metadata the envelope and delivery details
 */
public record PaymentFailed(EventMetadata metadata) implements PromptFloeEvent {
}
