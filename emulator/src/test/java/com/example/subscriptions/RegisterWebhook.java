package com.example.subscriptions;

import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.client.CreatedWebhook;
import com.promptfloe.webhooks.client.NewWebhook;
import com.promptfloe.webhooks.client.NotFoundException;
import com.promptfloe.webhooks.client.Webhook;
import com.promptfloe.webhooks.client.WebhookUpdate;
import com.promptfloe.webhooks.client.WebhooksClient;
import com.promptfloe.webhooks.event.EventType;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** The README's plain Java client snippet, as written there. */
final class RegisterWebhook {

    private RegisterWebhook() {
    }

    static List<Webhook> run(URI apiUrl, String apiKey, URI endpoint, Consumer<Secret> storeSecret) {
        // README snippet starts
        try (WebhooksClient client = WebhooksClient.builder()
                .baseUrl(apiUrl)                                   // PromptFloe's API (or a local one)
                .apiKey(apiKey)                                    // sent as Authorization: Bearer <key>
                .requestTimeout(Duration.ofSeconds(10))
                .build()) {
            CreatedWebhook created = client.create(NewWebhook.of(endpoint,
                    EventType.DEPLOYMENT_LIVE, EventType.DEPLOYMENT_FAILED));
            storeSecret.accept(created.secret());                  // shown this once; toString() is redacted
            String id = created.webhook().id();

            client.update(id, WebhookUpdate.create().enabled(false));   // only the fields given change
            List<Webhook> all = client.list().toList();                 // every page, fetched as consumed
            try {
                client.get("wh_gone");
            } catch (NotFoundException e) {
                System.out.println(e.status() + " " + e.errorCode().orElse("") + " " + e.requestId().orElse(""));
            }
            return all;
        }
        // README snippet ends
    }
}
