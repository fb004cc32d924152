package com.promptfloe.webhooks.event;

/**
 * {@code app.generated}: an app finished generating and its preview is up.
 *
 * @param metadata the envelope and delivery details
 * @param appId the app
 * @param chatId the chat that produced it
 * @param previewUrl where the preview is
 * @param durationMs how long generation took, in milliseconds, or {@code null}
 * @param tokensUsed how many tokens it used, or {@code null}
 */
public record AppGenerated(EventMetadata metadata, String appId, String chatId, String previewUrl, Long durationMs,
        Long tokensUsed) implements PromptFloeEvent {
}
