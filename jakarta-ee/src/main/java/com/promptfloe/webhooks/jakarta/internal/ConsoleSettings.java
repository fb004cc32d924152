package com.promptfloe.webhooks.jakarta.internal;

import static com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig.CONSOLE_ADMIN_ROLE;
import static com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig.CONSOLE_AUTHENTICATION;
import static com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig.CONSOLE_ENABLED;
import static com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig.CONSOLE_PATH;
import static com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig.CONSOLE_VIEWER_ROLE;
import static com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig.DEFAULT_CONSOLE_ADMIN_ROLE;
import static com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig.DEFAULT_CONSOLE_PATH;
import static com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig.DEFAULT_CONSOLE_VIEWER_ROLE;
import static com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig.DEFAULT_JOURNAL_MAX_RECORDS;
import static com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig.DEFAULT_JOURNAL_RETENTION;
import static com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig.DEFAULT_JOURNAL_TABLE;
import static com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig.DEFAULT_LEDGER_CREATE_TABLE;
import static com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig.JOURNAL;
import static com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig.JOURNAL_CREATE_TABLE;
import static com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig.JOURNAL_DATASOURCE;
import static com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig.JOURNAL_ENABLED;
import static com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig.JOURNAL_MAX_RECORDS;
import static com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig.JOURNAL_PAYLOADS;
import static com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig.JOURNAL_RETENTION;
import static com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig.JOURNAL_TABLE;

import com.promptfloe.webhooks.jakarta.internal.ConfigLookup.Value;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The journal's and the console's settings (issue 11), parsed and checked like the others: each
 * problem is a {@link ConfigProblem} naming the key, the value and where it came from.
 */
public final class ConsoleSettings {

    /**
     * The delivery journal.
     *
     * @param enabled whether to keep one
     * @param kind {@code memory} or {@code jdbc}
     * @param maxRecords the in-memory bound
     * @param retention the age bound
     * @param payloads whether to keep verified bodies of dispatch-mode deliveries
     * @param dataSource the JNDI name of the jdbc journal's DataSource
     * @param table the jdbc journal's table
     * @param createTable whether the jdbc journal creates its table
     */
    public record Journal(boolean enabled, String kind, int maxRecords, Duration retention,
            boolean payloads, String dataSource, String table, boolean createTable) {
    }

    /**
     * The console.
     *
     * @param enabled whether to add the servlet
     * @param path where, inside the application
     * @param viewerRole the role for pages and the GET API
     * @param adminRole the role for actions
     * @param serverAuthenticates {@code console.authentication=server}
     */
    public record Console(boolean enabled, String path, String viewerRole, String adminRole,
            boolean serverAuthenticates) {
    }

    private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");

    private ConsoleSettings() {
    }

    /**
     * The journal settings; the kind defaults to {@code jdbc} when the ledger is jdbc or the mode
     * is inbox, the DataSource to the inbox's or the ledger's.
     *
     * @param config the configuration
     * @return the settings
     * @throws ConfigProblem for any bad value
     */
    public static Journal journal(ConfigLookup config) {
        boolean enabled = WebhookSettings.bool(config.get(JOURNAL_ENABLED, "true"));
        boolean inbox = WebhookSettings.mode(config) == WebhookSettings.Mode.INBOX;
        WebhookSettings.Ledger ledger = WebhookSettings.ledger(config);
        String defaultKind = inbox || ledger.kind().equals("jdbc") ? "jdbc" : "memory";
        Value kindValue = config.get(JOURNAL, defaultKind);
        String kind = kindValue.text().toLowerCase(Locale.ROOT);
        if (!kind.equals("memory") && !kind.equals("jdbc")) {
            throw ConfigProblem.badValue(JOURNAL, kindValue.text(), kindValue.source(), "use memory or jdbc");
        }
        String dataSource = config.find(JOURNAL_DATASOURCE).map(Value::text)
                .orElseGet(() -> inbox ? WebhookSettings.inbox(config).dataSource() : ledger.dataSource());
        Value table = config.get(JOURNAL_TABLE, DEFAULT_JOURNAL_TABLE);
        if (!TABLE.matcher(table.text()).matches()) {
            throw ConfigProblem.badValue(JOURNAL_TABLE, table.text(), table.source(),
                    "use a table name of letters, digits and '_', optionally schema-qualified");
        }
        return new Journal(enabled, kind,
                WebhookSettings.boundedInt(config.get(JOURNAL_MAX_RECORDS, DEFAULT_JOURNAL_MAX_RECORDS), 10_000_000),
                WebhookSettings.positiveDuration(config.get(JOURNAL_RETENTION, DEFAULT_JOURNAL_RETENTION)),
                WebhookSettings.bool(config.get(JOURNAL_PAYLOADS, "false")), dataSource, table.text(),
                WebhookSettings.bool(config.get(JOURNAL_CREATE_TABLE, DEFAULT_LEDGER_CREATE_TABLE)));
    }

    /**
     * The console settings.
     *
     * @param config the configuration
     * @return the settings
     * @throws ConfigProblem for any bad value
     */
    public static Console console(ConfigLookup config) {
        boolean enabled = WebhookSettings.bool(config.get(CONSOLE_ENABLED, "false"));
        Value pathValue = config.get(CONSOLE_PATH, DEFAULT_CONSOLE_PATH);
        String path = WebhookSettings.path(pathValue);
        if (path.equals("/")) {
            throw ConfigProblem.badValue(CONSOLE_PATH, path, pathValue.source(),
                    "the console needs a path of its own, such as " + DEFAULT_CONSOLE_PATH);
        }
        String viewer = role(config.get(CONSOLE_VIEWER_ROLE, DEFAULT_CONSOLE_VIEWER_ROLE));
        String admin = role(config.get(CONSOLE_ADMIN_ROLE, DEFAULT_CONSOLE_ADMIN_ROLE));
        if (viewer.equals(admin)) {
            throw new ConfigProblem(ConfigProblem.CONFLICT, CONSOLE_VIEWER_ROLE + " and " + CONSOLE_ADMIN_ROLE
                    + " are both '" + viewer + "': viewers would be allowed to act; give each its own role");
        }
        boolean server = config.find(CONSOLE_AUTHENTICATION).map(value -> {
            if (!value.text().equalsIgnoreCase("server")) {
                throw ConfigProblem.badValue(CONSOLE_AUTHENTICATION, value.text(), value.source(),
                        "use server (the runtime authenticates outside web.xml), or leave it unset");
            }
            return true;
        }).orElse(false);
        return new Console(enabled, path, viewer, admin, server);
    }

    private static String role(Value value) {
        if (!ROLE.matcher(value.text()).matches()) {
            throw ConfigProblem.badValue(value.key(), value.text(), value.source(),
                    "use a role name of letters, digits, '_', '.', ':' or '-'");
        }
        return value.text();
    }
}
