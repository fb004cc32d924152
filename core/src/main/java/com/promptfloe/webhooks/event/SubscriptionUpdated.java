package com.promptfloe.webhooks.event;

/**
 * {@code subscription.updated}: the tier or status changed (upgrade, downgrade, cancel, reactivate).
 *
 * <p>PromptFloe documents no fields for this type yet; read them from {@link #data()}.
 *
 * @param metadata the envelope and delivery details
 */
public record SubscriptionUpdated(EventMetadata metadata) implements PromptFloeEvent {
}
