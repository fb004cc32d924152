package com.promptfloe.webhooks.event;

/**
 * {@code deployment.building}: a build started.
 *
 * <p>PromptFloe documents no fields for this type yet; read them from {@link #data()}.
 *
 * @param metadata the envelope and delivery details
 */
public record DeploymentBuilding(EventMetadata metadata) implements PromptFloeEvent {
}
