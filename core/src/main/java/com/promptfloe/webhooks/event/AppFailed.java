package com.promptfloe.webhooks.event;

/**
 * {@code app.failed}: an app generation run failed before producing a preview.
 *
 * @param metadata the envelope and delivery details
 * @param chatId the chat whose run failed
 * @param code PromptFloe's error code (see its errors reference)
 * @param message the error message
 */
public record AppFailed(EventMetadata metadata, String chatId, String code, String message)
        implements PromptFloeEvent {
}
