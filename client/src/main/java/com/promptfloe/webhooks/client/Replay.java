package com.promptfloe.webhooks.client;

/**
 * PromptFloe's answer to {@link WebhooksClient#replay}: the delivery is queued to be sent again, with
 * the same delivery id and body and a fresh signature.
 *
 * @param webhookId  the subscription
 * @param deliveryId the delivery sent again
 * @param status     PromptFloe's word for the replay's state, such as {@code queued}
 */
public record Replay(String webhookId, String deliveryId, String status) {
}
