package com.promptfloe.webhooks.event;

/**
 * {@code deployment.failed}: a deploy failed; inspect the logs URL in {@link #data()}.
 *
 * <p>PromptFloe documents no fields for this type yet; read them from {@link #data()}.
 *
 * @param metadata the envelope and delivery details
 */
public record DeploymentFailed(EventMetadata metadata) implements PromptFloeEvent {
}
