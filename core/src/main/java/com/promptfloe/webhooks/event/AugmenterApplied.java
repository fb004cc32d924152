package com.promptfloe.webhooks.event;

/**
 * {@code augmenter.applied}: an augmenter finished and wrote files to the workspace.
 *
 * @param metadata the envelope and delivery details
 * @param runId the augmenter run
 * @param alias the augmenter's alias
 * @param appId the app it changed
 * @param filesChanged how many files it wrote, or {@code null}
 * @param idempotencyKey the idempotency key the run was started with
 */
public record AugmenterApplied(EventMetadata metadata, String runId, String alias, String appId,
        Integer filesChanged, String idempotencyKey) implements PromptFloeEvent {
}
