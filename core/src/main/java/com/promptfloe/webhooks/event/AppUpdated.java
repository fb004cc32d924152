package com.promptfloe.webhooks.event;

/**
 * {@code app.updated}: a follow-up prompt rewrote files in an existing app.
 *
 * <p>PromptFloe documents no fields for this type yet; read them from {@link #data()}.
 *
 * @param metadata the envelope and delivery details
 */
public record AppUpdated(EventMetadata metadata) implements PromptFloeEvent {
}
