package com.promptfloe.webhooks.client;

import com.promptfloe.webhooks.Secret;
import java.util.Objects;

/**
 * What {@link WebhooksClient#create} returns: the new subscription and its signing secret, which
 * PromptFloe shows this once and never again. Store the secret where the receiving application
 * reads it ({@code PROMPTFLOE_WEBHOOKS_SECRET}); {@link #toString()} never shows it.
 *
 * @param webhook the subscription
 * @param secret  its signing secret
 */
public record CreatedWebhook(Webhook webhook, Secret secret) {

    /**
     * Checks the values.
     *
     * @param webhook the subscription
     * @param secret  its signing secret
     */
    public CreatedWebhook {
        Objects.requireNonNull(webhook, "webhook");
        Objects.requireNonNull(secret, "secret");
    }
}
