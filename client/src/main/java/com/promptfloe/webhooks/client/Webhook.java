package com.promptfloe.webhooks.client;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One webhook subscription as PromptFloe keeps it: where it delivers, which events, and whether it
 * is on. Its signing secret is never part of it: PromptFloe shows that once, in
 * {@link CreatedWebhook#secret()}.
 *
 * @param id        PromptFloe's id, such as {@code wh_...}
 * @param url       where deliveries are POSTed
 * @param events    the event types it receives, such as {@code deployment.live}
 * @param enabled   false while deliveries are paused
 * @param createdAt when it was created, or {@code null} when PromptFloe did not say
 */
public record Webhook(String id, URI url, List<String> events, boolean enabled, Instant createdAt) {

    /**
     * Checks and copies the values.
     *
     * @param id        the id
     * @param url       the URL
     * @param events    the event types
     * @param enabled   whether it is enabled
     * @param createdAt when it was created, or {@code null}
     */
    public Webhook {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        events = List.copyOf(events);
    }
}
