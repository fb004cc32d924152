package com.promptfloe.webhooks.event;

/**
 * {@code skill.failed}: a skill run errored.
 *
 * <p>PromptFloe documents no fields for this type yet; read them from {@link #data()}.
 *
 * @param metadata the envelope and delivery details
 */
public record SkillFailed(EventMetadata metadata) implements PromptFloeEvent {
}
