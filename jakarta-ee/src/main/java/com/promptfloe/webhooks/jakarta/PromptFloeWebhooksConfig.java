package com.promptfloe.webhooks.jakarta;

/**
 * Set {@link #SECRET} and the filter is registered; every other key has a default. Set
 * {@link #API_KEY} and {@link #API_URL} to inject PromptFloe's management API client.
 *
 * <p>Each key is read from, highest first: the filter's init-params, the web.xml context-params,
 * MicroProfile Config when the runtime has it, then the environment (upper-case, dots and dashes
 * as underscores: {@code PROMPTFLOE_WEBHOOKS_SECRET}). Values are checked when the application
 * starts; a bad one stops the deployment with a message naming the key and the value.
 *
 * <pre>{@code
 * <context-param>
 *   <param-name>promptfloe.webhooks.secret</param-name>
 *   <param-value>whsec_...</param-value>
 * </context-param>
 * }</pre>
 *
 * <p>Durations take ISO-8601 ({@code PT5M}) or a number with a unit: {@code 300s}, {@code 5m},
 * {@code 48h}, {@code 2d}, {@code 500ms}.
 */
public final class PromptFloeWebhooksConfig {

    /** Common prefix of every key. */
    public static final String PREFIX = "promptfloe.webhooks.";

    /** Whether to keep the delivery journal the console reads. */
    public static final String JOURNAL_ENABLED = PREFIX + "journal.enabled";
    /**
     * Which journal: {@code memory} (this JVM, bounded) or {@code jdbc} (a shared table); default
     * {@code jdbc} when the ledger is jdbc or the mode is inbox, else {@code memory}.
     */
    public static final String JOURNAL = PREFIX + "journal";
    /** Bound on the records of the {@code memory} journal. */
    public static final String JOURNAL_MAX_RECORDS = PREFIX + "journal.max-records";
    /** How long journal records are kept (both kinds). */
    public static final String JOURNAL_RETENTION = PREFIX + "journal.retention";
    /** Whether to keep the verified bodies of dispatch-mode deliveries (they may hold personal data). */
    public static final String JOURNAL_PAYLOADS = PREFIX + "journal.payloads";
    /** JNDI name of the DataSource of the {@code jdbc} journal; default: the ledger's (or the inbox's). */
    public static final String JOURNAL_DATASOURCE = PREFIX + "journal.datasource";
    /** Table of the {@code jdbc} journal. */
    public static final String JOURNAL_TABLE = PREFIX + "journal.table";
    /** Whether the {@code jdbc} journal creates its table when it is missing. */
    public static final String JOURNAL_CREATE_TABLE = PREFIX + "journal.create-table";
    /** Whether to add the delivery console servlet (off by default). */
    public static final String CONSOLE_ENABLED = PREFIX + "console.enabled";
    /** Where the console is, inside the application. */
    public static final String CONSOLE_PATH = PREFIX + "console.path";
    /** The role that may see the console's pages and GET API. */
    public static final String CONSOLE_VIEWER_ROLE = PREFIX + "console.viewer-role";
    /** The role that may act (re-drive), and see the pages too. */
    public static final String CONSOLE_ADMIN_ROLE = PREFIX + "console.admin-role";
    /**
     * {@code server} when the runtime authenticates outside web.xml (Jetty's SecurityHandler, Open
     * Liberty's server.xml...); without it the console needs a login-config in WEB-INF/web.xml or a
     * Jakarta Security HttpAuthenticationMechanism bean.
     */
    public static final String CONSOLE_AUTHENTICATION = PREFIX + "console.authentication";
    /** One or more signing secrets, comma-separated (several while rotating). No default. */
    public static final String SECRET = PREFIX + "secret";
    /** Where the filter listens (an exact path inside the application). */
    public static final String PATH = PREFIX + "path";
    /** How far a signature timestamp may be from now, either way. */
    public static final String TOLERANCE = PREFIX + "tolerance";
    /** Largest accepted body in bytes; larger ones get 413. */
    public static final String MAX_BODY_SIZE = PREFIX + "max-body-size";
    /** How long a processed delivery is remembered to answer its retries with 200. */
    public static final String DEDUPE_WINDOW = PREFIX + "dedupe-window";
    /** Bound on remembered deliveries in the default in-memory ledger. */
    public static final String MAX_REMEMBERED_DELIVERIES = PREFIX + "max-remembered-deliveries";
    /** How long a delivery being processed blocks its retries before it is considered abandoned. */
    public static final String IN_FLIGHT_LEASE = PREFIX + "in-flight-lease";
    /**
     * {@code dispatch} (fire CDI events), {@code verify-only} (pass the request on) or {@code inbox}
     * (store, answer 202, fire CDI events from a worker afterwards).
     */
    public static final String MODE = PREFIX + "mode";
    /** Comma-separated endpoint names; each then has {@code endpoint.<name>.secret} and {@code .path}. */
    public static final String ENDPOINTS = PREFIX + "endpoints";
    /** Where the delivery ledger lives: {@code caffeine} (this JVM) or {@code jdbc} (shared database). */
    public static final String LEDGER = PREFIX + "ledger";
    /** JNDI name of the DataSource of the {@code jdbc} ledger. */
    public static final String LEDGER_DATASOURCE = PREFIX + "ledger.datasource";
    /** Whether the {@code jdbc} ledger creates its table when it is missing. */
    public static final String LEDGER_CREATE_TABLE = PREFIX + "ledger.create-table";
    /** Table of the {@code jdbc} ledger. */
    public static final String LEDGER_TABLE = PREFIX + "ledger.table";
    /** JNDI name of the DataSource of the inbox (mode {@code inbox}); default: {@link #LEDGER_DATASOURCE}'s value. */
    public static final String INBOX_DATASOURCE = PREFIX + "inbox.datasource";
    /** Table of the inbox. */
    public static final String INBOX_TABLE = PREFIX + "inbox.table";
    /** Whether the inbox creates its table when it is missing. */
    public static final String INBOX_CREATE_TABLE = PREFIX + "inbox.create-table";
    /** Attempts before an inbox delivery is dead (kept for an operator to re-drive). */
    public static final String INBOX_MAX_ATTEMPTS = PREFIX + "inbox.max-attempts";
    /** Wait after the first failed attempt; doubled after each further one. */
    public static final String INBOX_INITIAL_BACKOFF = PREFIX + "inbox.initial-backoff";
    /** Longest wait between two attempts. */
    public static final String INBOX_MAX_BACKOFF = PREFIX + "inbox.max-backoff";
    /** How long a worker's claim holds an entry; longer than the slowest observer run. */
    public static final String INBOX_LEASE = PREFIX + "inbox.lease";
    /** How often an idle worker looks for due deliveries. */
    public static final String INBOX_POLL_INTERVAL = PREFIX + "inbox.poll-interval";
    /** Entries claimed at once, and observer runs at once, per node. */
    public static final String INBOX_BATCH_SIZE = PREFIX + "inbox.batch-size";
    /** How long processed inbox rows are kept (to recognise late copies). */
    public static final String INBOX_RETENTION = PREFIX + "inbox.retention";

    /**
     * PromptFloe's management API key. Set, it makes {@code @Inject WebhooksClient} an
     * application-scoped client of {@link #API_URL} (environment: {@code PROMPTFLOE_API_KEY}). No default.
     */
    public static final String API_KEY = "promptfloe.api.key";
    /** The management API's base URL; PromptFloe's documents name no host, so there is no default. */
    public static final String API_URL = "promptfloe.api.url";
    /** The word before the key in the {@code Authorization} header. */
    public static final String API_AUTH_SCHEME = "promptfloe.api.auth-scheme";
    /** How long the client waits for each answer of the management API. */
    public static final String API_TIMEOUT = "promptfloe.api.timeout";

    /** Default of {@link #API_AUTH_SCHEME}. */
    public static final String DEFAULT_API_AUTH_SCHEME = "Bearer";
    /** Default of {@link #API_TIMEOUT}. */
    public static final String DEFAULT_API_TIMEOUT = "PT30S";
    /** Whether deliveries are counted and timed through OpenTelemetry and Micrometer, when the runtime has them. */
    public static final String METRICS_ENABLED = PREFIX + "metrics.enabled";
    /** Whether each delivery is traced as an OpenTelemetry span, when the runtime has OpenTelemetry. */
    public static final String TRACING_ENABLED = PREFIX + "tracing.enabled";
    /** Whether MicroProfile Health checks are reported, when the runtime has MicroProfile Health. */
    public static final String HEALTH_ENABLED = PREFIX + "health.enabled";

    /** Default of {@link #JOURNAL_MAX_RECORDS}. */
    public static final String DEFAULT_JOURNAL_MAX_RECORDS = "10000";
    /** Default of {@link #JOURNAL_RETENTION}. */
    public static final String DEFAULT_JOURNAL_RETENTION = "P7D";
    /** Default of {@link #JOURNAL_TABLE}. */
    public static final String DEFAULT_JOURNAL_TABLE = "promptfloe_journal";
    /** Default of {@link #CONSOLE_PATH}. */
    public static final String DEFAULT_CONSOLE_PATH = "/promptfloe-console";
    /** Default of {@link #CONSOLE_VIEWER_ROLE}. */
    public static final String DEFAULT_CONSOLE_VIEWER_ROLE = "promptfloe-webhooks-viewer";
    /** Default of {@link #CONSOLE_ADMIN_ROLE}. */
    public static final String DEFAULT_CONSOLE_ADMIN_ROLE = "promptfloe-webhooks-admin";
    /** Default of {@link #PATH}. */
    public static final String DEFAULT_PATH = "/webhooks/promptfloe";
    /** Default of {@link #TOLERANCE}. */
    public static final String DEFAULT_TOLERANCE = "PT5M";
    /** Default of {@link #MAX_BODY_SIZE}: 1 MiB. */
    public static final String DEFAULT_MAX_BODY_SIZE = "1048576";
    /** Default of {@link #DEDUPE_WINDOW}: outlives PromptFloe's whole retry schedule (about 38.6 hours). */
    public static final String DEFAULT_DEDUPE_WINDOW = "PT48H";
    /** Default of {@link #MAX_REMEMBERED_DELIVERIES}. */
    public static final String DEFAULT_MAX_REMEMBERED_DELIVERIES = "200000";
    /** Default of {@link #IN_FLIGHT_LEASE}. */
    public static final String DEFAULT_IN_FLIGHT_LEASE = "PT2M";
    /** Default of {@link #MODE}. */
    public static final String DEFAULT_MODE = "dispatch";
    /** Default of {@link #LEDGER}. */
    public static final String DEFAULT_LEDGER = "caffeine";
    /** Default of {@link #LEDGER_DATASOURCE}. */
    public static final String DEFAULT_LEDGER_DATASOURCE = "java:comp/DefaultDataSource";
    /** Default of {@link #LEDGER_CREATE_TABLE}. */
    public static final String DEFAULT_LEDGER_CREATE_TABLE = "true";
    /** Default of {@link #LEDGER_TABLE}. */
    public static final String DEFAULT_LEDGER_TABLE = "promptfloe_deliveries";
    /** Default of {@link #INBOX_TABLE}. */
    public static final String DEFAULT_INBOX_TABLE = "promptfloe_inbox";
    /** Default of {@link #INBOX_CREATE_TABLE}. */
    public static final String DEFAULT_INBOX_CREATE_TABLE = "true";
    /** Default of {@link #INBOX_MAX_ATTEMPTS}. */
    public static final String DEFAULT_INBOX_MAX_ATTEMPTS = "8";
    /** Default of {@link #INBOX_INITIAL_BACKOFF}. */
    public static final String DEFAULT_INBOX_INITIAL_BACKOFF = "PT1M";
    /** Default of {@link #INBOX_MAX_BACKOFF}. */
    public static final String DEFAULT_INBOX_MAX_BACKOFF = "PT1H";
    /** Default of {@link #INBOX_LEASE}. */
    public static final String DEFAULT_INBOX_LEASE = "PT5M";
    /** Default of {@link #INBOX_POLL_INTERVAL}. */
    public static final String DEFAULT_INBOX_POLL_INTERVAL = "PT1S";
    /** Default of {@link #INBOX_BATCH_SIZE}. */
    public static final String DEFAULT_INBOX_BATCH_SIZE = "10";
    /** Default of {@link #INBOX_RETENTION}: longer than PromptFloe's whole retry schedule. */
    public static final String DEFAULT_INBOX_RETENTION = "P7D";

    private PromptFloeWebhooksConfig() {
    }

    /**
     * The key of one endpoint's setting, such as {@code promptfloe.webhooks.endpoint.billing.secret}.
     *
     * @param endpoint the endpoint name, as listed in {@link #ENDPOINTS}
     * @param setting  {@code secret} or {@code path}
     * @return the full key
     */
    public static String endpointKey(String endpoint, String setting) {
        return PREFIX + "endpoint." + endpoint + "." + setting;
    }

    /**
     * The environment variable that sets a key: {@code promptfloe.webhooks.max-body-size} is
     * {@code PROMPTFLOE_WEBHOOKS_MAX_BODY_SIZE}.
     *
     * @param key a configuration key
     * @return the variable name
     */
    public static String environmentVariable(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
