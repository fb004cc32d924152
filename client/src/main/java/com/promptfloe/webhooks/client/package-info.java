/**
 * A client for PromptFloe's webhook management API: {@link com.promptfloe.webhooks.client.WebhooksClient}.
 */
package com.promptfloe.webhooks.client;
