package com.promptfloe.webhooks.event;

/**
 * {@code payment.succeeded}: a recurring charge succeeded.
 *
 * <p>PromptFloe documents no fields for this type yet; read them from {@link #data()}.
 *
 * @param metadata the envelope and delivery details
 */
public record PaymentSucceeded(EventMetadata metadata) implements PromptFloeEvent {
}
