package com.promptfloe.webhooks.jakarta.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.promptfloe.webhooks.jakarta.internal.console.ConfigRow;
import com.promptfloe.webhooks.journal.InMemoryDeliveryJournal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConsoleSettingsTest {

    private static ConfigLookup config(Map<String, String> contextParams) {
        return ConfigLookup.of(Map.of("context-param", contextParams), Map.of());
    }

    @Test
    void theJournalIsInMemoryByDefaultAndTheConsoleOff() {
        ConsoleSettings.Journal journal = ConsoleSettings.journal(config(Map.of()));
        assertThat(journal).isEqualTo(new ConsoleSettings.Journal(true, "memory", 10_000, Duration.ofDays(7),
                false, "java:comp/DefaultDataSource", "promptfloe_journal", true));
        ConsoleSettings.Console console = ConsoleSettings.console(config(Map.of()));
        assertThat(console).isEqualTo(new ConsoleSettings.Console(false, "/promptfloe-console",
                "promptfloe-webhooks-viewer", "promptfloe-webhooks-admin", false));
        assertThat(Journals.create(journal)).isInstanceOf(InMemoryDeliveryJournal.class);
    }

    @Test
    void theJournalFollowsAJdbcLedgerOrTheInboxOntoItsDataSource() {
        ConsoleSettings.Journal withLedger = ConsoleSettings.journal(config(Map.of("promptfloe.webhooks.ledger", "jdbc",
                "promptfloe.webhooks.ledger.datasource", "java:app/jdbc/ledger")));
        assertThat(withLedger.kind()).isEqualTo("jdbc");
        assertThat(withLedger.dataSource()).isEqualTo("java:app/jdbc/ledger");
        ConsoleSettings.Journal withInbox = ConsoleSettings.journal(config(Map.of("promptfloe.webhooks.mode", "inbox",
                "promptfloe.webhooks.inbox.datasource", "java:app/jdbc/inbox")));
        assertThat(withInbox.kind()).isEqualTo("jdbc");
        assertThat(withInbox.dataSource()).isEqualTo("java:app/jdbc/inbox");
        ConsoleSettings.Journal chosen = ConsoleSettings.journal(config(Map.of("promptfloe.webhooks.mode", "inbox",
                "promptfloe.webhooks.journal", "MEMORY", "promptfloe.webhooks.journal.datasource", "java:app/j",
                "promptfloe.webhooks.journal.max-records", "50", "promptfloe.webhooks.journal.retention", "2h",
                "promptfloe.webhooks.journal.payloads", "true")));
        assertThat(chosen).isEqualTo(new ConsoleSettings.Journal(true, "memory", 50, Duration.ofHours(2), true,
                "java:app/j", "promptfloe_journal", true));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "promptfloe.webhooks.journal|files|PFW-001 promptfloe.webhooks.journal = 'files' (from context-param) is not valid: use memory or jdbc",
        "promptfloe.webhooks.journal.enabled|yes|PFW-001 promptfloe.webhooks.journal.enabled = 'yes'",
        "promptfloe.webhooks.journal.max-records|0|PFW-001 promptfloe.webhooks.journal.max-records = '0'",
        "promptfloe.webhooks.journal.retention|forever|PFW-001 promptfloe.webhooks.journal.retention = 'forever'",
        "promptfloe.webhooks.journal.table|x; drop table y|PFW-001 promptfloe.webhooks.journal.table = 'x; drop table y'"})
    void badJournalValuesAreReported(String key, String value, String message) {
        assertThatThrownBy(() -> ConsoleSettings.journal(config(Map.of(key, value))))
                .isInstanceOf(ConfigProblem.class).hasMessageStartingWith(message);
        assertThat(WebhookSettings.problems(config(Map.of(key, value)))).extracting(Throwable::getMessage)
                .anySatisfy(text -> assertThat(text).startsWith(message));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "promptfloe.webhooks.console.enabled|on|PFW-001 promptfloe.webhooks.console.enabled = 'on'",
        "promptfloe.webhooks.console.path|console|PFW-001 promptfloe.webhooks.console.path = 'console'",
        "promptfloe.webhooks.console.path|/|PFW-001 promptfloe.webhooks.console.path = '/'",
        "promptfloe.webhooks.console.viewer-role|a b|PFW-001 promptfloe.webhooks.console.viewer-role = 'a b'",
        "promptfloe.webhooks.console.admin-role|promptfloe-webhooks-viewer|PFW-005 promptfloe.webhooks.console.viewer-role and",
        "promptfloe.webhooks.console.authentication|basic|PFW-001 promptfloe.webhooks.console.authentication = 'basic'"})
    void badConsoleValuesAreReported(String key, String value, String message) {
        assertThatThrownBy(() -> ConsoleSettings.console(config(Map.of(key, value))))
                .isInstanceOf(ConfigProblem.class).hasMessageStartingWith(message);
    }

    @Test
    void theConsoleSettingsAreRead() {
        assertThat(ConsoleSettings.console(config(Map.of("promptfloe.webhooks.console.enabled", "true",
                "promptfloe.webhooks.console.path", "/ops/hooks", "promptfloe.webhooks.console.viewer-role", "ops",
                "promptfloe.webhooks.console.admin-role", "ops-admin", "promptfloe.webhooks.console.authentication",
                "Server")))).isEqualTo(new ConsoleSettings.Console(true, "/ops/hooks", "ops", "ops-admin", true));
    }

    @Test
    void theConfigurationTableShowsSecretsAsSet() {
        ConfigLookup config = config(Map.of("promptfloe.webhooks.endpoints", "a,b",
                "promptfloe.webhooks.endpoint.a.secret", "whsec_aaa", "promptfloe.webhooks.endpoint.b.secret", "whsec_bbb",
                "promptfloe.api.key", "pf_key_123", "promptfloe.webhooks.mode", "inbox"));
        List<ConfigRow> rows = ConfigRow.of(config, List.of("a", "b"));
        assertThat(rows).contains(new ConfigRow("promptfloe.webhooks.endpoint.a.secret", "(set)", "context-param"),
                new ConfigRow("promptfloe.api.key", "(set)", "context-param"),
                new ConfigRow("promptfloe.webhooks.mode", "inbox", "context-param"),
                new ConfigRow("promptfloe.webhooks.console.enabled", null, null));
        assertThat(rows.toString()).doesNotContain("whsec_", "pf_key");
    }
}
