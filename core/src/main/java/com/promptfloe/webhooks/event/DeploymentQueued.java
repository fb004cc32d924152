package com.promptfloe.webhooks.event;

/**
 * {@code deployment.queued}: a deploy was created and is queued.
 *
 * <p>PromptFloe documents no fields for this type yet; read them from {@link #data()}.
 *
 * @param metadata the envelope and delivery details
 */
public record DeploymentQueued(EventMetadata metadata) implements PromptFloeEvent {
}
