package com.promptfloe.webhooks.jakarta.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.promptfloe.webhooks.internal.DurationText;
import com.promptfloe.webhooks.Secret;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookSettingsTest {

    private static ConfigLookup config(Map<String, String> initParams, Map<String, String> contextParams,
            Map<String, String> environment) {
        Map<String, Map<String, String>> named = new LinkedHashMap<>();
        named.put("filter init-param", initParams);
        named.put("context-param", contextParams);
        return ConfigLookup.of(named, environment);
    }

    @Test
    void defaultsApplyWhenOnlyTheSecretIsSet() {
        WebhookSettings.Endpoint endpoint = WebhookSettings.endpoint(
                config(Map.of(), Map.of("promptfloe.webhooks.secret", "s1"), Map.of()), "default");

        assertThat(endpoint.path()).isEqualTo("/webhooks/promptfloe");
        assertThat(endpoint.secrets()).containsExactly(Secret.of("s1"));
        assertThat(endpoint.tolerance()).isEqualTo(Duration.ofMinutes(5));
        assertThat(endpoint.maxBodySize()).isEqualTo(1_048_576);
        assertThat(endpoint.mode()).isEqualTo(WebhookSettings.Mode.DISPATCH);
        WebhookSettings.Ledger ledger = WebhookSettings.ledger(config(Map.of(), Map.of(), Map.of()));
        assertThat(ledger).isEqualTo(new WebhookSettings.Ledger("caffeine", Duration.ofHours(48), 200_000,
                Duration.ofMinutes(2), "java:comp/DefaultDataSource", true, "promptfloe_deliveries"));
    }

    @Test
    void initParamsBeatContextParamsWhichBeatTheEnvironment() {
        ConfigLookup config = config(Map.of("promptfloe.webhooks.tolerance", "1m"),
                Map.of("promptfloe.webhooks.tolerance", "2m", "promptfloe.webhooks.path", "/from-context"),
                Map.of("PROMPTFLOE_WEBHOOKS_TOLERANCE", "3m", "PROMPTFLOE_WEBHOOKS_PATH", "/from-env",
                        "PROMPTFLOE_WEBHOOKS_SECRET", "a,b", "PROMPTFLOE_WEBHOOKS_MAX_BODY_SIZE", "2048"));

        WebhookSettings.Endpoint endpoint = WebhookSettings.endpoint(config, "default");

        assertThat(endpoint.tolerance()).isEqualTo(Duration.ofMinutes(1));
        assertThat(endpoint.path()).isEqualTo("/from-context");
        assertThat(endpoint.secrets()).containsExactly(Secret.of("a"), Secret.of("b"));
        assertThat(endpoint.maxBodySize()).isEqualTo(2048);
    }

    @ParameterizedTest
    @CsvSource({"PT5M,300", "300s,300", "5m,300", "48h,172800", "2d,172800", "1500ms,1", "pt1h,3600"})
    void durationsAcceptIsoAndShortForms(String text, long seconds) {
        assertThat(DurationText.parse(text).orElseThrow().getSeconds()).isEqualTo(seconds);
    }

    @ParameterizedTest
    @CsvSource({
        "promptfloe.webhooks.tolerance, five minutes",
        "promptfloe.webhooks.tolerance, -5m",
        "promptfloe.webhooks.max-body-size, 0",
        "promptfloe.webhooks.max-body-size, big",
        "promptfloe.webhooks.dedupe-window, 0s",
        "promptfloe.webhooks.in-flight-lease, soon",
        "promptfloe.webhooks.max-remembered-deliveries, -1",
        "promptfloe.webhooks.mode, fire-and-forget",
        "promptfloe.webhooks.ledger, redis",
        "promptfloe.webhooks.ledger.create-table, yes",
        "promptfloe.webhooks.path, webhooks"})
    void aBadValueIsReportedWithKeyValueAndSource(String key, String value) {
        ConfigLookup config = config(Map.of(), Map.of("promptfloe.webhooks.secret", "s", key, value), Map.of());

        List<ConfigProblem> problems = WebhookSettings.problems(config);

        assertThat(problems).isNotEmpty();
        assertThat(problems.get(0).getMessage()).startsWith("PFW-001 " + key + " = '" + value.strip() + "'")
                .contains("context-param");
    }

    @ParameterizedTest
    @ValueSource(strings = {",", ",,,", "orders,", "orders,,billing"})
    void anEndpointListWithAnEmptyNameIsReportedRatherThanRegisteringNothing(String names) {
        // Found by ConfigurationFuzzTest: String.split dropped the empty names, so "," gave no endpoints at all.
        ConfigLookup config = config(Map.of(), Map.of("promptfloe.webhooks.endpoints", names,
                "promptfloe.webhooks.endpoint.orders.secret", "s1", "promptfloe.webhooks.endpoint.billing.secret", "s2"),
                Map.of());

        assertThat(WebhookSettings.problems(config)).singleElement().extracting(Throwable::getMessage).asString()
                .startsWith("PFW-001 promptfloe.webhooks.endpoints = '" + names + "'")
                .contains("('' is not one)");
    }

    @Test
    void aBlankSecretEntryIsReportedWithoutEchoingTheSecrets() {
        ConfigLookup config = config(Map.of(), Map.of(), Map.of("PROMPTFLOE_WEBHOOKS_SECRET", "topsecret,,other"));

        assertThatThrownBy(() -> WebhookSettings.endpoint(config, "default")).isInstanceOf(ConfigProblem.class)
                .hasMessageContaining("promptfloe.webhooks.secret")
                .hasMessageContaining("environment variable PROMPTFLOE_WEBHOOKS_SECRET")
                .hasMessageNotContaining("topsecret");
    }

    @Test
    void inboxDefaultsFollowTheWorkerAndTheLedgerDataSource() {
        ConfigLookup config = config(Map.of(), Map.of("promptfloe.webhooks.secret", "s",
                "promptfloe.webhooks.mode", "inbox", "promptfloe.webhooks.ledger.datasource", "java:app/jdbc/x"),
                Map.of());

        WebhookSettings.Inbox inbox = WebhookSettings.inbox(config);

        assertThat(WebhookSettings.problems(config)).isEmpty();
        assertThat(WebhookSettings.mode(config)).isEqualTo(WebhookSettings.Mode.INBOX);
        assertThat(inbox).isEqualTo(new WebhookSettings.Inbox("java:app/jdbc/x", "promptfloe_inbox", true, 8,
                Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofMinutes(5), Duration.ofSeconds(1), 10,
                Duration.ofDays(7)));
    }

    @Test
    void inboxSettingsAreReadWithTheirShortForms() {
        ConfigLookup config = config(Map.of(), Map.of("promptfloe.webhooks.inbox.datasource", "java:app/jdbc/inbox",
                "promptfloe.webhooks.inbox.table", "app.inbox", "promptfloe.webhooks.inbox.create-table", "false",
                "promptfloe.webhooks.inbox.max-attempts", "3", "promptfloe.webhooks.inbox.initial-backoff", "200ms",
                "promptfloe.webhooks.inbox.max-backoff", "2s", "promptfloe.webhooks.inbox.lease", "90s",
                "promptfloe.webhooks.inbox.poll-interval", "100ms", "promptfloe.webhooks.inbox.batch-size", "4",
                "promptfloe.webhooks.inbox.retention", "3d"), Map.of());

        assertThat(WebhookSettings.inbox(config)).isEqualTo(new WebhookSettings.Inbox("java:app/jdbc/inbox",
                "app.inbox", false, 3, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(90),
                Duration.ofMillis(100), 4, Duration.ofDays(3)));
    }

    @ParameterizedTest
    @CsvSource({
            "promptfloe.webhooks.inbox.max-attempts, 0, PFW-001",
            "promptfloe.webhooks.inbox.max-attempts, 1001, PFW-001",
            "promptfloe.webhooks.inbox.batch-size, many, PFW-001",
            "promptfloe.webhooks.inbox.lease, 500ms, PFW-001",
            "promptfloe.webhooks.inbox.initial-backoff, soon, PFW-001",
            "promptfloe.webhooks.inbox.create-table, yes, PFW-001",
            "promptfloe.webhooks.inbox.max-backoff, 10s, PFW-005",
    })
    void badInboxValuesAreReportedWithTheKeyAndTheValue(String key, String value, String code) {
        ConfigLookup config = config(Map.of(), Map.of("promptfloe.webhooks.secret", "s",
                "promptfloe.webhooks.mode", "inbox", key, value), Map.of());

        assertThat(WebhookSettings.problems(config)).singleElement().satisfies(problem -> {
            assertThat(problem.code()).isEqualTo(code);
            assertThat(problem.getMessage()).contains(key + " = '" + value + "'");
        });
    }

    @Test
    void namedEndpointsHaveTheirOwnSecretsAndPaths() {
        ConfigLookup config = config(Map.of(), Map.of("promptfloe.webhooks.endpoints", "alpha, beta",
                "promptfloe.webhooks.endpoint.alpha.secret", "sa",
                "promptfloe.webhooks.endpoint.alpha.path", "/hooks/a"),
                Map.of("PROMPTFLOE_WEBHOOKS_ENDPOINT_BETA_SECRET", "sb"));

        List<WebhookSettings.Endpoint> endpoints = WebhookSettings.endpoints(config);

        assertThat(endpoints).extracting(WebhookSettings.Endpoint::name).containsExactly("alpha", "beta");
        assertThat(endpoints).extracting(WebhookSettings.Endpoint::path)
                .containsExactly("/hooks/a", "/webhooks/promptfloe/beta");
        assertThat(endpoints.get(1).secrets()).containsExactly(Secret.of("sb"));
    }

    @Test
    void aNamedEndpointWithoutSecretNamesItsKey() {
        ConfigLookup config = config(Map.of(), Map.of("promptfloe.webhooks.endpoints", "alpha"), Map.of());

        assertThatThrownBy(() -> WebhookSettings.endpoints(config)).isInstanceOf(ConfigProblem.class)
                .hasMessageStartingWith("PFW-002 promptfloe.webhooks.endpoint.alpha.secret is not set")
                .hasMessageContaining("PROMPTFLOE_WEBHOOKS_ENDPOINT_ALPHA_SECRET");
    }

    @Test
    void endpointsAndTheSingleSecretTogetherAreAConflict() {
        ConfigLookup config = config(Map.of(), Map.of("promptfloe.webhooks.endpoints", "alpha",
                "promptfloe.webhooks.secret", "s", "promptfloe.webhooks.endpoint.alpha.secret", "sa"), Map.of());

        assertThatThrownBy(() -> WebhookSettings.endpoints(config)).isInstanceOf(ConfigProblem.class)
                .extracting(e -> ((ConfigProblem) e).code()).isEqualTo(ConfigProblem.CONFLICT);
    }

    @Test
    void twoEndpointsAtOnePathAreAConflict() {
        ConfigLookup config = config(Map.of(), Map.of("promptfloe.webhooks.endpoints", "a,b",
                "promptfloe.webhooks.endpoint.a.secret", "sa", "promptfloe.webhooks.endpoint.b.secret", "sb",
                "promptfloe.webhooks.endpoint.a.path", "/same", "promptfloe.webhooks.endpoint.b.path", "/same"),
                Map.of());

        assertThatThrownBy(() -> WebhookSettings.endpoints(config)).hasMessageContaining("/same");
    }

    @Test
    void theJdbcLedgerWithoutItsDataSourceNamesTheKeyAndTheName() {
        WebhookSettings.Ledger settings = WebhookSettings.ledger(config(Map.of(),
                Map.of("promptfloe.webhooks.ledger", "jdbc"), Map.of()));

        assertThatThrownBy(() -> Ledgers.check(settings)).isInstanceOf(ConfigProblem.class)
                .hasMessageStartingWith("PFW-004 promptfloe.webhooks.ledger.datasource = 'java:comp/DefaultDataSource'");
    }
}
