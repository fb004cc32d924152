package com.promptfloe.webhooks.jakarta.internal;

import static com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig.*;

import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.internal.DurationText;
import com.promptfloe.webhooks.jakarta.PromptFloeEndpoint;
import com.promptfloe.webhooks.jakarta.internal.ConfigLookup.Value;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every setting, parsed and checked once. Each problem becomes a {@link ConfigProblem} that names
 * the key, the value (never a secret's) and where it came from.
 */
public final class WebhookSettings {

    /** What the filter does with a verified, new delivery. */
    public enum Mode {
        /** Fire CDI events and answer. */
        DISPATCH,
        /** Pass the request on to the application and settle by its response status. */
        VERIFY_ONLY,
        /** Store in the inbox, answer 202, fire CDI events from the inbox worker. */
        INBOX
    }

    /** One receiving endpoint. */
    public record Endpoint(String name, String path, List<Secret> secrets, Duration tolerance, int maxBodySize,
            Mode mode) {
    }

    /** The delivery ledger's settings, shared by every endpoint of the application. */
    public record Ledger(String kind, Duration dedupeWindow, long maximumSize, Duration inFlightLease,
            String dataSource, boolean createTable, String table) {
    }

    /** The inbox's and its worker's settings (mode {@code inbox}), shared by every endpoint. */
    public record Inbox(String dataSource, String table, boolean createTable, int maxAttempts,
            Duration initialBackoff, Duration maxBackoff, Duration lease, Duration pollInterval, int batchSize,
            Duration retention) {
    }

    /**
     * The management API client's settings, without the key (a record's {@code toString()} would show it).
     */
    public record Api(java.net.URI url, String authScheme, Duration timeout) {
    }

    private static final Pattern ENDPOINT_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private WebhookSettings() {
    }

    /**
     * Whether any secret is configured at all, the condition for registering the filter.
     *
     * @param config the configuration
     * @return true when {@code secret} or {@code endpoints} is set
     */
    public static boolean configured(ConfigLookup config) {
        return config.find(SECRET).isPresent() || config.find(ENDPOINTS).isPresent();
    }

    /**
     * The endpoints to register: the named ones when {@code endpoints} is set, else the single one.
     *
     * @param config the configuration
     * @return the endpoints, in declaration order
     * @throws ConfigProblem for any bad value
     */
    public static List<Endpoint> endpoints(ConfigLookup config) {
        Optional<Value> names = config.find(ENDPOINTS);
        if (names.isEmpty()) {
            return List.of(endpoint(config, PromptFloeEndpoint.DEFAULT));
        }
        Optional<Value> single = config.find(SECRET);
        if (single.isPresent()) {
            throw new ConfigProblem(ConfigProblem.CONFLICT, SECRET + " (from " + single.get().source() + ") and "
                    + ENDPOINTS + " = '" + names.get().text() + "' (from " + names.get().source() + ") are both set: "
                    + "with several endpoints each one has its own " + endpointKey("<name>", "secret")
                    + "; remove " + SECRET);
        }
        Set<String> unique = new LinkedHashSet<>();
        for (String name : names.get().text().split(",", -1)) {
            String trimmed = name.strip();
            if (!ENDPOINT_NAME.matcher(trimmed).matches() || !unique.add(trimmed)) {
                throw ConfigProblem.badValue(ENDPOINTS, names.get().text(), names.get().source(),
                        "list distinct names of 1 to 64 letters, digits, '_' or '-', separated by commas ('"
                                + trimmed + "' is not one)");
            }
        }
        List<Endpoint> endpoints = new ArrayList<>();
        Map<String, String> paths = new HashMap<>();
        for (String name : unique) {
            Endpoint endpoint = endpoint(config, name);
            String clash = paths.putIfAbsent(endpoint.path(), name);
            if (clash != null) {
                throw new ConfigProblem(ConfigProblem.CONFLICT, "endpoints '" + clash + "' and '" + name
                        + "' both listen at " + endpoint.path() + ": give each its own "
                        + endpointKey("<name>", "path"));
            }
            endpoints.add(endpoint);
        }
        return endpoints;
    }

    /**
     * The endpoint a filter serves, from its {@code com.promptfloe.webhooks.endpoint-name} init-param:
     * blank or absent means {@link PromptFloeEndpoint#DEFAULT}.
     *
     * @param initParam the init-param's value, or {@code null}
     * @return the endpoint name
     */
    public static String endpointName(String initParam) {
        return initParam == null || initParam.isBlank() ? PromptFloeEndpoint.DEFAULT : initParam.strip();
    }

    /**
     * One endpoint's settings. The default endpoint reads {@code secret} and {@code path}; a named
     * one reads {@code endpoint.<name>.secret} and {@code .path} (default path: the default path
     * plus {@code /<name>}). Tolerance, body size and mode are shared.
     *
     * @param config the configuration
     * @param name   {@link PromptFloeEndpoint#DEFAULT} or a name from {@code endpoints}
     * @return the endpoint
     * @throws ConfigProblem for any bad value
     */
    public static Endpoint endpoint(ConfigLookup config, String name) {
        boolean single = PromptFloeEndpoint.DEFAULT.equals(name);
        String secretKey = single ? SECRET : endpointKey(name, "secret");
        String pathKey = single ? PATH : endpointKey(name, "path");
        Value secretValue = config.find(secretKey).orElseThrow(() -> new ConfigProblem(ConfigProblem.NO_SECRET,
                secretKey + " is not set: copy the endpoint's signing secret from PromptFloe into a context-param, "
                        + "MicroProfile Config or the environment variable " + environmentVariable(secretKey)));
        List<Secret> secrets = secrets(secretValue);
        String path = path(config.get(pathKey, single ? DEFAULT_PATH : DEFAULT_PATH + "/" + name));
        return new Endpoint(name, path, secrets, positiveDuration(config.get(TOLERANCE, DEFAULT_TOLERANCE)),
                maxBodySize(config.get(MAX_BODY_SIZE, DEFAULT_MAX_BODY_SIZE)), mode(config.get(MODE, DEFAULT_MODE)));
    }

    /**
     * The ledger settings.
     *
     * @param config the configuration
     * @return the settings
     * @throws ConfigProblem for any bad value
     */
    public static Ledger ledger(ConfigLookup config) {
        Value kind = config.get(LEDGER, DEFAULT_LEDGER);
        String normalized = kind.text().toLowerCase(Locale.ROOT);
        if (!normalized.equals("caffeine") && !normalized.equals("jdbc")) {
            throw ConfigProblem.badValue(LEDGER, kind.text(), kind.source(), "use caffeine or jdbc");
        }
        boolean create = bool(config.get(LEDGER_CREATE_TABLE, DEFAULT_LEDGER_CREATE_TABLE));
        Value maximum = config.get(MAX_REMEMBERED_DELIVERIES, DEFAULT_MAX_REMEMBERED_DELIVERIES);
        return new Ledger(normalized, positiveDuration(config.get(DEDUPE_WINDOW, DEFAULT_DEDUPE_WINDOW)),
                positiveLong(maximum), positiveDuration(config.get(IN_FLIGHT_LEASE, DEFAULT_IN_FLIGHT_LEASE)),
                config.get(LEDGER_DATASOURCE, DEFAULT_LEDGER_DATASOURCE).text(), create,
                config.get(LEDGER_TABLE, DEFAULT_LEDGER_TABLE).text());
    }

    /**
     * The application's mode, as the context-level sources set it (the inbox and its worker are one
     * per application).
     *
     * @param config the configuration
     * @return the mode
     * @throws ConfigProblem for a bad value
     */
    public static Mode mode(ConfigLookup config) {
        return mode(config.get(MODE, DEFAULT_MODE));
    }

    /**
     * The inbox settings; the DataSource defaults to the ledger's.
     *
     * @param config the configuration
     * @return the settings
     * @throws ConfigProblem for any bad value
     */
    public static Inbox inbox(ConfigLookup config) {
        String dataSource = config.find(INBOX_DATASOURCE)
                .orElseGet(() -> config.get(LEDGER_DATASOURCE, DEFAULT_LEDGER_DATASOURCE)).text();
        int maxAttempts = boundedInt(config.get(INBOX_MAX_ATTEMPTS, DEFAULT_INBOX_MAX_ATTEMPTS), 1000);
        Value initialValue = config.get(INBOX_INITIAL_BACKOFF, DEFAULT_INBOX_INITIAL_BACKOFF);
        Value maxValue = config.get(INBOX_MAX_BACKOFF, DEFAULT_INBOX_MAX_BACKOFF);
        Duration initial = positiveDuration(initialValue);
        Duration max = positiveDuration(maxValue);
        if (max.compareTo(initial) < 0) {
            throw new ConfigProblem(ConfigProblem.CONFLICT, INBOX_MAX_BACKOFF + " = '" + maxValue.text() + "' (from "
                    + maxValue.source() + ") is shorter than " + INBOX_INITIAL_BACKOFF + " = '" + initialValue.text()
                    + "' (from " + initialValue.source() + "): raise the maximum or lower the initial backoff");
        }
        Value leaseValue = config.get(INBOX_LEASE, DEFAULT_INBOX_LEASE);
        Duration lease = positiveDuration(leaseValue);
        if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
            throw ConfigProblem.badValue(INBOX_LEASE, leaseValue.text(), leaseValue.source(),
                    "use at least one second, longer than your slowest observer run");
        }
        Value pollValue = config.get(INBOX_POLL_INTERVAL, DEFAULT_INBOX_POLL_INTERVAL);
        Duration poll = positiveDuration(pollValue);
        if (poll.toMillis() < 1) {
            throw ConfigProblem.badValue(INBOX_POLL_INTERVAL, pollValue.text(), pollValue.source(),
                    "use at least one millisecond");
        }
        return new Inbox(dataSource, config.get(INBOX_TABLE, DEFAULT_INBOX_TABLE).text(),
                bool(config.get(INBOX_CREATE_TABLE, DEFAULT_INBOX_CREATE_TABLE)), maxAttempts, initial, max, lease,
                poll, boundedInt(config.get(INBOX_BATCH_SIZE, DEFAULT_INBOX_BATCH_SIZE), 1000),
                positiveDuration(config.get(INBOX_RETENTION, DEFAULT_INBOX_RETENTION)));
    }

    /** Which production integrations are switched on (each still needs its API in the runtime). */
    public record Monitoring(boolean metrics, boolean tracing, boolean health) {
    }

    /**
     * The monitoring switches, all on by default.
     *
     * @param config the configuration
     * @return the switches
     * @throws ConfigProblem for a value other than true or false
     */
    public static Monitoring monitoring(ConfigLookup config) {
        return new Monitoring(bool(config.get(METRICS_ENABLED, "true")), bool(config.get(TRACING_ENABLED, "true")),
                bool(config.get(HEALTH_ENABLED, "true")));
    }

    /**
     * The management API client's settings; only asked for when {@code promptfloe.api.key} is set.
     *
     * @param config the configuration
     * @return the settings
     * @throws ConfigProblem when the URL is missing or any value is bad
     */
    public static Api api(ConfigLookup config) {
        Value url = config.find(API_URL).orElseThrow(() -> new ConfigProblem(ConfigProblem.BAD_VALUE, API_URL
                + " is not set but " + API_KEY + " is: set PromptFloe's API base URL (PromptFloe's documents name no "
                + "host; http://127.0.0.1:8090 for a local PromptFloe), or the environment variable "
                + environmentVariable(API_URL)));
        java.net.URI uri;
        try {
            uri = new java.net.URI(url.text());
        } catch (java.net.URISyntaxException e) {
            uri = null;
        }
        if (uri == null || !uri.isAbsolute() || uri.getHost() == null
                || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
            throw ConfigProblem.badValue(API_URL, url.text(), url.source(), "use an absolute http or https URL");
        }
        Value scheme = config.get(API_AUTH_SCHEME, DEFAULT_API_AUTH_SCHEME);
        if (!scheme.text().matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
            throw ConfigProblem.badValue(API_AUTH_SCHEME, scheme.text(), scheme.source(),
                    "use one word, such as Bearer");
        }
        Value key = config.find(API_KEY).orElseThrow();
        if (key.text().chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            // Never echo a key, not even a broken one.
            throw ConfigProblem.badValue(API_KEY, "(redacted)", key.source(),
                    "an API key is printable ASCII without spaces: check how it was pasted");
        }
        return new Api(uri, scheme.text(), positiveDuration(config.get(API_TIMEOUT, DEFAULT_API_TIMEOUT)));
    }

    /**
     * Checks every value that is set, without requiring a secret: what the CDI extension can see
     * before the web application exists.
     *
     * @param config the configuration
     * @return the problems found, empty when all is well
     */
    public static List<ConfigProblem> problems(ConfigLookup config) {
        List<ConfigProblem> problems = new ArrayList<>();
        check(problems, () -> ledger(config));
        check(problems, () -> monitoring(config));
        check(problems, () -> positiveDuration(config.get(TOLERANCE, DEFAULT_TOLERANCE)));
        check(problems, () -> maxBodySize(config.get(MAX_BODY_SIZE, DEFAULT_MAX_BODY_SIZE)));
        check(problems, () -> mode(config.get(MODE, DEFAULT_MODE)));
        check(problems, () -> {
            if (mode(config.get(MODE, DEFAULT_MODE)) == Mode.INBOX) {
                inbox(config);
            }
        });
        check(problems, () -> ConsoleSettings.journal(config));
        check(problems, () -> ConsoleSettings.console(config));
        check(problems, () -> config.find(PATH).map(WebhookSettings::path));
        check(problems, () -> config.find(SECRET).map(WebhookSettings::secrets));
        if (config.find(API_KEY).isPresent()) {
            check(problems, () -> api(config));
        }
        if (configured(config)) {
            check(problems, () -> endpoints(config));
        }
        return problems;
    }

    private static void check(List<ConfigProblem> problems, Runnable check) {
        try {
            check.run();
        } catch (ConfigProblem e) {
            // The endpoint check repeats the shared ones: report each mistake once.
            if (problems.stream().noneMatch(p -> p.getMessage().equals(e.getMessage()))) {
                problems.add(e);
            }
        }
    }

    private static List<Secret> secrets(Value value) {
        List<Secret> secrets = new ArrayList<>();
        for (String part : value.text().split(",")) {
            try {
                secrets.add(Secret.of(part.strip()));
            } catch (IllegalArgumentException e) {
                // Never echo a secret, not even a broken one.
                throw ConfigProblem.badValue(value.key(), "(redacted)", value.source(), e.getMessage()
                        + " (several secrets are separated by commas, with no empty entry)");
            }
        }
        return List.copyOf(secrets);
    }

    static String path(Value value) {
        String path = value.text();
        if (!path.startsWith("/") || path.contains("*") || path.chars().anyMatch(Character::isWhitespace)
                || path.length() > 1 && path.endsWith("/")) {
            throw ConfigProblem.badValue(value.key(), path, value.source(),
                    "use an exact path inside the application that starts with '/', such as " + DEFAULT_PATH);
        }
        return path;
    }

    static Duration positiveDuration(Value value) {
        Duration duration = DurationText.parse(value.text()).orElse(null);
        if (duration == null) {
            throw ConfigProblem.badValue(value.key(), value.text(), value.source(), DurationText.FORMS);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw ConfigProblem.badValue(value.key(), value.text(), value.source(), "the duration must be positive");
        }
        return duration;
    }

    private static int maxBodySize(Value value) {
        long size = positiveLong(value);
        if (size >= Integer.MAX_VALUE) {
            throw ConfigProblem.badValue(value.key(), value.text(), value.source(),
                    "use a number of bytes below " + Integer.MAX_VALUE);
        }
        return (int) size;
    }

    static boolean bool(Value value) {
        String text = value.text().toLowerCase(Locale.ROOT);
        if (!text.equals("true") && !text.equals("false")) {
            throw ConfigProblem.badValue(value.key(), value.text(), value.source(), "use true or false");
        }
        return text.equals("true");
    }

    static int boundedInt(Value value, int max) {
        long parsed = positiveLong(value);
        if (parsed > max) {
            throw ConfigProblem.badValue(value.key(), value.text(), value.source(), "use a whole number from 1 to " + max);
        }
        return (int) parsed;
    }

    private static long positiveLong(Value value) {
        try {
            long parsed = Long.parseLong(value.text().replace("_", ""));
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ConfigProblem.badValue(value.key(), value.text(), value.source(), "use a positive whole number");
    }

    private static Mode mode(Value value) {
        return switch (value.text().toLowerCase(Locale.ROOT)) {
            case "dispatch" -> Mode.DISPATCH;
            case "verify-only" -> Mode.VERIFY_ONLY;
            case "inbox" -> Mode.INBOX;
            default -> throw ConfigProblem.badValue(MODE, value.text(), value.source(),
                    "use dispatch, verify-only or inbox");
        };
    }
}
