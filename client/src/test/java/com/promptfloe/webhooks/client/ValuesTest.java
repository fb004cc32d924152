package com.promptfloe.webhooks.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.event.EventType;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValuesTest {

    private static final URI URL = URI.create("https://shop.example.com/webhooks/promptfloe");

    @Test
    void aNewWebhookNamesItsEventsOnceAndInOrder() {
        NewWebhook wanted = NewWebhook.of(URL, EventType.DEPLOYMENT_LIVE, EventType.APP_FAILED);
        assertThat(wanted.events()).containsExactly("deployment.live", "app.failed");
        assertThat(wanted.enabled()).isTrue();
        assertThat(wanted.disabled().enabled()).isFalse();
        assertThatThrownBy(() -> NewWebhook.of(URL, List.of("a.b", "a.b"))).hasMessageContaining("named twice");
        assertThatThrownBy(() -> NewWebhook.of(URL, List.of(" a.b"))).hasMessageContaining("padded");
        assertThatThrownBy(() -> NewWebhook.of(URI.create("mailto:x@example.com"), EventType.APP_FAILED))
                .hasMessageContaining("mailto:x@example.com");
    }

    @Test
    void anUpdateCarriesOnlyWhatWasSet() {
        WebhookUpdate update = WebhookUpdate.create().enabled(false);
        assertThat(update.url()).isEmpty();
        assertThat(update.events()).isEmpty();
        assertThat(update.enabled()).contains(false);
        assertThat(WebhookUpdate.create().isEmpty()).isTrue();
        assertThat(update.events(EventType.PAYMENT_FAILED).events()).contains(List.of("payment.failed"));
        assertThat(update.isEmpty()).as("immutable").isFalse();
    }

    @Test
    void aCreatedWebhookNeverShowsItsSecret() {
        CreatedWebhook created = new CreatedWebhook(new Webhook("wh_1", URL, List.of("deployment.live"), true,
                Instant.EPOCH), Secret.of("whsec_do_not_show"));
        assertThat(created.toString()).doesNotContain("whsec_do_not_show").contains("Secret[redacted]", "wh_1");
    }

    @Test
    void theBuilderNeverShowsTheKey() {
        WebhooksClient.Builder builder = WebhooksClient.builder().baseUrl(URI.create("http://127.0.0.1:1"))
                .apiKey("pf_never_shown");
        assertThat(builder.toString()).doesNotContain("pf_never_shown");
        try (WebhooksClient client = builder.build()) {
            assertThat(client.toString()).doesNotContain("pf_never_shown").contains("Authorization Bearer", "redacted");
            assertThat(client.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:1/"));
        }
        assertThatThrownBy(() -> WebhooksClient.builder().apiKey("pf never shown"))
                .message().doesNotContain("pf never shown");
        assertThatThrownBy(() -> WebhooksClient.builder().authorization("Bad Header", "Bearer"))
                .hasMessageContaining("Bad Header");
    }
}
