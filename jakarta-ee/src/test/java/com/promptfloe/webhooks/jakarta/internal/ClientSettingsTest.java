package com.promptfloe.webhooks.jakarta.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.promptfloe.webhooks.client.WebhooksClient;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientSettingsTest {

    private static ConfigLookup config(Map<String, String> contextParams, Map<String, String> environment) {
        Map<String, Map<String, String>> named = new LinkedHashMap<>();
        named.put("context-param", contextParams);
        return ConfigLookup.of(named, environment);
    }

    @Test
    void theKeyAndUrlFromAnySourceMakeAClient() {
        ConfigLookup config = config(Map.of("promptfloe.api.url", "http://127.0.0.1:8090"),
                Map.of("PROMPTFLOE_API_KEY", "pf_from_env"));

        assertThat(WebhookSettings.api(config)).isEqualTo(new WebhookSettings.Api(URI.create("http://127.0.0.1:8090"),
                "Bearer", Duration.ofSeconds(30)));
        try (WebhooksClient client = ClientBean.create(config)) {
            assertThat(client.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:8090/"));
            assertThat(client.toString()).doesNotContain("pf_from_env").contains("Bearer");
        }
        assertThat(WebhookSettings.problems(config)).isEmpty();
    }

    @Test
    void schemeAndTimeoutAreSettings() {
        ConfigLookup config = config(Map.of("promptfloe.api.url", "https://api.example", "promptfloe.api.key", "k",
                "promptfloe.api.auth-scheme", "Token", "promptfloe.api.timeout", "5s"), Map.of());

        assertThat(WebhookSettings.api(config)).isEqualTo(new WebhookSettings.Api(URI.create("https://api.example"),
                "Token", Duration.ofSeconds(5)));
    }

    @Test
    void badValuesAreNamedAndTheKeyIsNeverShown() {
        assertThatThrownBy(() -> WebhookSettings.api(config(Map.of("promptfloe.api.key", "pf_secret_key"), Map.of())))
                .hasMessageContaining("PFW-001 promptfloe.api.url is not set").hasMessageContaining("PROMPTFLOE_API_URL")
                .message().doesNotContain("pf_secret_key");
        assertThatThrownBy(() -> WebhookSettings.api(config(Map.of("promptfloe.api.key", "k", "promptfloe.api.url",
                "ftp://x"), Map.of()))).hasMessageContaining("promptfloe.api.url = 'ftp://x'");
        assertThatThrownBy(() -> WebhookSettings.api(config(Map.of("promptfloe.api.key", "pf secret", "promptfloe.api.url",
                "http://x"), Map.of()))).hasMessageContaining("(redacted)").message().doesNotContain("pf secret");
        assertThatThrownBy(() -> WebhookSettings.api(config(Map.of("promptfloe.api.key", "k", "promptfloe.api.url",
                "http://x", "promptfloe.api.timeout", "soon"), Map.of()))).hasMessageContaining("promptfloe.api.timeout");
        assertThat(WebhookSettings.problems(config(Map.of("promptfloe.api.key", "k"), Map.of())))
                .extracting(ConfigProblem::code).containsExactly(ConfigProblem.BAD_VALUE);
    }

    @Test
    void usingTheClientWithoutAKeySaysWhatToSet() {
        assertThatThrownBy(() -> ClientBean.create(config(Map.of(), Map.of())))
                .isInstanceOf(ConfigProblem.class).hasMessageStartingWith("PFW-007")
                .hasMessageContaining("promptfloe.api.key", "PROMPTFLOE_API_KEY", "promptfloe.api.url");
        assertThat(WebhookSettings.problems(config(Map.of(), Map.of()))).isEmpty();
    }
}
