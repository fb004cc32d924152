package com.promptfloe.webhooks.client;

import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.client.internal.RetryAfter;
import com.promptfloe.webhooks.client.internal.Wire;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Manage PromptFloe webhook subscriptions from Java: create, list, get, update, delete, replay.
 *
 * <pre>{@code
 * try (WebhooksClient client = WebhooksClient.builder()
 *         .baseUrl(URI.create("https://api.promptfloe.example"))
 *         .apiKey(System.getenv("PROMPTFLOE_API_KEY"))
 *         .build()) {
 *     CreatedWebhook created = client.create(NewWebhook.of(
 *             URI.create("https://shop.example.com/webhooks/promptfloe"), EventType.DEPLOYMENT_LIVE));
 *     store(created.secret()); // shown this once
 *     client.list().forEach(webhook -> System.out.println(webhook.id() + " " + webhook.url()));
 * }
 * }</pre>
 *
 * <p>Calls go to the paths of PromptFloe's webhooks overview ({@code /v1/webhooks},
 * {@code /v1/webhooks/:id}, {@code /v1/webhooks/:id/deliveries/:deliveryId/replay}) under the base
 * URL, with the API key as {@code Authorization: Bearer <key>} unless
 * {@link Builder#authorization(String, String)} says otherwise (PromptFloe's documents name
 * neither the host nor the scheme).
 *
 * <p><b>Retries.</b> Only calls that are safe to repeat are retried: GET and DELETE, and the POSTs
 * (create, replay), which carry an {@code Idempotency-Key} the client makes once per call and sends
 * again with each retry, so PromptFloe applies the call once. A PATCH is retried only when its
 * connection was refused, before anything was sent. Retried answers are 408, 429, 500, 502, 503 and
 * 504, timeouts and connection failures; the wait doubles from {@link Builder#initialBackoff} up to
 * {@link Builder#maxBackoff}, with random jitter, and is what {@code Retry-After} asks when the
 * answer has one. Retries stop after {@link Builder#maxRetries} or when the next wait would end
 * beyond {@link Builder#maxRetryTime} from the first attempt, whichever comes first.
 *
 * <p>Failures are {@link PromptFloeApiException}s. The API key and the webhook secrets appear in no
 * message, log line or {@code toString()}. Thread-safe; build one per application and close it at
 * the end.
 */
public final class WebhooksClient implements AutoCloseable {

    /** The header that makes a POST safe to retry. */
    public static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
    /** The header PromptFloe's request id is read from. */
    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    /** The most webhooks one list call asks for. */
    public static final int MAX_PAGE_SIZE = 100;

    private static final System.Logger LOG = System.getLogger(WebhooksClient.class.getName());
    private static final Set<Integer> RETRIED_STATUSES = Set.of(408, 429, 500, 502, 503, 504);
    // Unreserved URI characters only: an id can then go into a path without any encoding question.
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._~-]{1,200}");
    private static final int MAX_MESSAGE = 500;

    private final URI baseUrl;
    private final String apiKey;
    private final String authHeader;
    private final String authScheme;
    private final Duration requestTimeout;
    private final int maxRetries;
    private final Duration maxRetryTime;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Clock clock;
    private final HttpClient http;
    private final Jsonb jsonb;

    private WebhooksClient(Builder builder) {
        this.baseUrl = builder.baseUrl;
        this.apiKey = builder.apiKey;
        this.authHeader = builder.authHeader;
        this.authScheme = builder.authScheme;
        this.requestTimeout = builder.requestTimeout;
        this.maxRetries = builder.maxRetries;
        this.maxRetryTime = builder.maxRetryTime;
        this.initialBackoff = builder.initialBackoff;
        this.maxBackoff = builder.maxBackoff;
        this.clock = builder.clock;
        this.http = HttpClient.newBuilder().connectTimeout(builder.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.jsonb = JsonbBuilder.create();
    }

    /**
     * Starts a builder; the base URL and the API key are required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Subscribes an endpoint. The answer carries the signing secret, which PromptFloe shows this once.
     *
     * @param webhook the URL and event types
     * @return the subscription and its secret
     * @throws PromptFloeApiException when PromptFloe refuses or cannot be reached
     */
    public CreatedWebhook create(NewWebhook webhook) {
        Objects.requireNonNull(webhook, "webhook");
        Wire.WriteJson body = new Wire.WriteJson();
        body.url = webhook.url().toString();
        body.events = webhook.events();
        body.enabled = webhook.enabled();
        Answer answer = send(new Call("POST", "v1/webhooks", json(body), true));
        Wire.WebhookJson json = read(answer, Wire.WebhookJson.class);
        if (json.secret == null || json.secret.isBlank()) {
            throw unexpected(answer, "it has no secret; PromptFloe shows it only in the answer to create");
        }
        return new CreatedWebhook(webhook(answer, json), Secret.of(json.secret));
    }

    /**
     * Every subscription, fetched page by page as the stream is consumed.
     *
     * @return a lazy stream; each page is one GET
     * @throws PromptFloeApiException from the stream's terminal operation, when a page fails
     */
    public Stream<Webhook> list() {
        return list(MAX_PAGE_SIZE);
    }

    /**
     * Every subscription, fetched {@code pageSize} at a time as the stream is consumed.
     *
     * @param pageSize 1 to {@value #MAX_PAGE_SIZE}
     * @return a lazy stream
     */
    public Stream<Webhook> list(int pageSize) {
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page size must be from 1 to " + MAX_PAGE_SIZE + ": " + pageSize);
        }
        return StreamSupport.stream(new Pages(pageSize), false);
    }

    /**
     * One subscription.
     *
     * @param webhookId its id
     * @return the subscription, without its secret
     * @throws NotFoundException when PromptFloe has no such subscription
     */
    public Webhook get(String webhookId) {
        Answer answer = send(new Call("GET", "v1/webhooks/" + id(webhookId, "webhook id"), null, true));
        return webhook(answer, read(answer, Wire.WebhookJson.class));
    }

    /**
     * Changes only the fields the update sets.
     *
     * @param webhookId the subscription
     * @param update    the fields to change; not empty
     * @return the subscription as it is now
     * @throws NotFoundException when PromptFloe has no such subscription
     */
    public Webhook update(String webhookId, WebhookUpdate update) {
        String path = "v1/webhooks/" + id(webhookId, "webhook id");
        Objects.requireNonNull(update, "update");
        if (update.isEmpty()) {
            throw new IllegalArgumentException("the update sets nothing: set url, events or enabled");
        }
        Wire.WriteJson body = new Wire.WriteJson();
        body.url = update.url().map(URI::toString).orElse(null);
        body.events = update.events().orElse(null);
        body.enabled = update.enabled().orElse(null);
        Answer answer = send(new Call("PATCH", path, json(body), false));
        return webhook(answer, read(answer, Wire.WebhookJson.class));
    }

    /**
     * Unsubscribes; nothing more is delivered to it.
     *
     * @param webhookId the subscription
     * @throws NotFoundException when PromptFloe has no such subscription (already deleted, perhaps
     *     by a first attempt whose answer was lost)
     */
    public void delete(String webhookId) {
        send(new Call("DELETE", "v1/webhooks/" + id(webhookId, "webhook id"), null, true));
    }

    /**
     * Asks PromptFloe to send a delivery again: same delivery id and body, fresh signature. A receiver
     * that processed it already answers {@code 200 duplicate}.
     *
     * @param webhookId  the subscription the delivery went to
     * @param deliveryId the {@code X-PromptFloe-Delivery} value
     * @return PromptFloe's acknowledgement
     * @throws NotFoundException when the subscription or the delivery is unknown
     */
    public Replay replay(String webhookId, String deliveryId) {
        String path = "v1/webhooks/" + id(webhookId, "webhook id") + "/deliveries/" + id(deliveryId, "delivery id")
                + "/replay";
        Answer answer = send(new Call("POST", path, new byte[0], true));
        if (answer.body.length == 0) {
            return new Replay(webhookId, deliveryId, "queued");
        }
        Wire.ReplayJson json = read(answer, Wire.ReplayJson.class);
        return new Replay(json.webhookId != null ? json.webhookId : webhookId,
                json.deliveryId != null ? json.deliveryId : deliveryId, json.status != null ? json.status : "queued");
    }

    /**
     * The base URL calls go to.
     *
     * @return the URL, ending in {@code /}
     */
    public URI baseUrl() {
        return baseUrl;
    }

    @Override
    public void close() {
        try {
            jsonb.close();
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "closing JSON-B failed", e);
        }
    }

    @Override
    public String toString() {
        return "WebhooksClient[" + baseUrl + ", " + authHeader + (authScheme.isEmpty() ? "" : " " + authScheme)
                + " (key redacted)]";
    }

    // ------------------------------------------------------------------ transport

    private record Call(String method, String path, byte[] body, boolean repeatable) {
    }

    private record Answer(Call call, int status, byte[] body, String requestId) {
    }

    private Answer send(Call call) {
        // POSTs are made repeatable by a key that is the same for every attempt of this call.
        String idempotencyKey = call.method.equals("POST") ? UUID.randomUUID().toString() : null;
        long started = System.nanoTime();
        long deadline = started + maxRetryTime.toNanos();
        for (int attempt = 1; ; attempt++) {
            PromptFloeApiException failure;
            boolean retry;
            java.time.Duration wait = backoff(attempt);
            long sent = System.nanoTime();
            try {
                HttpResponse<byte[]> response = http.send(request(call, idempotencyKey),
                        HttpResponse.BodyHandlers.ofByteArray());
                String requestId = response.headers().firstValue(REQUEST_ID_HEADER).orElse(null);
                int status = response.statusCode();
                LOG.log(Level.DEBUG, () -> call.method + " /" + call.path + ": " + status + " in "
                        + Duration.ofNanos(System.nanoTime() - sent).toMillis() + " ms"
                        + (requestId != null ? " (request id " + requestId + ")" : ""));
                if (status >= 200 && status < 300) {
                    return new Answer(call, status, response.body(), requestId);
                }
                Duration retryAfter = RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null),
                        clock).orElse(null);
                failure = failure(call, status, response.body(), requestId, attempt, retryAfter);
                retry = call.repeatable && RETRIED_STATUSES.contains(status);
                if (retryAfter != null) {
                    wait = retryAfter;
                }
            } catch (HttpConnectTimeoutException e) {
                failure = connectionFailure(call, attempt, true, e);
                retry = true; // nothing was sent
            } catch (ConnectException e) {
                failure = connectionFailure(call, attempt, false, e);
                retry = true; // nothing was sent
            } catch (HttpTimeoutException e) {
                failure = connectionFailure(call, attempt, true, e);
                retry = call.repeatable;
            } catch (IOException e) {
                failure = connectionFailure(call, attempt, false, e);
                retry = call.repeatable;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectionFailureException("interrupted while calling PromptFloe (" + call.method + " /"
                        + call.path + ")", attempt, false, e);
            }
            if (!retry || attempt > maxRetries || System.nanoTime() + wait.toNanos() > deadline) {
                throw failure;
            }
            int next = attempt + 1;
            long waitMillis = wait.toMillis();
            String why = failure.status() == PromptFloeApiException.NO_RESPONSE ? "no answer" : "" + failure.status();
            LOG.log(Level.INFO, () -> "PromptFloe: retrying " + call.method + " /" + call.path + " in " + waitMillis
                    + " ms after " + why + " (attempt " + next + " of at most " + (maxRetries + 1) + ")");
            try {
                Thread.sleep(waitMillis, (int) (wait.toNanos() % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure;
            }
        }
    }

    private HttpRequest request(Call call, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUrl.resolve(call.path))
                .timeout(requestTimeout)
                .header("Accept", "application/json")
                .header("User-Agent", "promptfloe-webhooks-java-client")
                .header(authHeader, authScheme.isEmpty() ? apiKey : authScheme + " " + apiKey);
        if (idempotencyKey != null) {
            request.header(IDEMPOTENCY_KEY_HEADER, idempotencyKey);
        }
        if (call.body != null) {
            request.header("Content-Type", "application/json");
            request.method(call.method, HttpRequest.BodyPublishers.ofByteArray(call.body));
        } else {
            request.method(call.method, HttpRequest.BodyPublishers.noBody());
        }
        return request.build();
    }

    private Duration backoff(int attempt) {
        long base = initialBackoff.toNanos();
        for (int i = 1; i < attempt && base < maxBackoff.toNanos(); i++) {
            base *= 2;
        }
        base = Math.min(base, maxBackoff.toNanos());
        // Half fixed, half random: retries from many clients spread out, and none retries at once.
        return Duration.ofNanos(base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1));
    }

    private PromptFloeApiException failure(Call call, int status, byte[] body, String requestId, int attempts,
            Duration retryAfter) {
        String code = null;
        String message = null;
        try {
            Wire.ErrorJson error = jsonb.fromJson(new String(body, StandardCharsets.UTF_8), Wire.ErrorJson.class);
            if (error != null && error.error != null) {
                code = error.error.code;
                message = error.error.message;
            } else if (error != null) {
                code = error.code;
                message = error.message;
            }
        } catch (JsonbException | ClassCastException e) {
            message = body.length == 0 ? null : new String(body, StandardCharsets.UTF_8);
        }
        code = clean(code);
        message = clean(message);
        String text = "PromptFloe answered " + status + (code != null ? " " + code : "")
                + (message != null ? ": " + message : "") + " (" + call.method + " /" + call.path
                + (requestId != null ? ", request id " + clean(requestId) : "")
                + (attempts > 1 ? ", after " + attempts + " attempts" : "")
                + (retryAfter != null ? ", Retry-After " + retryAfter.toSeconds() + " s" : "") + ")";
        requestId = clean(requestId);
        if (status == 401 || status == 403) {
            return new UnauthorizedException(text + hint(status), status, code, requestId, attempts);
        }
        if (status == 404 || status == 410) {
            return new NotFoundException(text, status, code, requestId, attempts);
        }
        if (status == 400 || status == 409 || status == 422) {
            return new InvalidRequestException(text, status, code, requestId, attempts);
        }
        if (status == 429) {
            return new RateLimitedException(text, code, requestId, attempts, retryAfter);
        }
        if (status >= 500) {
            return new ServerErrorException(text, status, code, requestId, attempts);
        }
        return new PromptFloeApiException(text, status, code, requestId, attempts, null);
    }

    private String hint(int status) {
        return status == 401 ? ": check the API key (promptfloe.api.key) and the authorization scheme (sent as "
                + authHeader + (authScheme.isEmpty() ? "" : ": " + authScheme + " <key>") + ")" : "";
    }

    private ConnectionFailureException connectionFailure(Call call, int attempts, boolean timedOut, IOException e) {
        String what = timedOut ? (e instanceof HttpConnectTimeoutException ? "could not connect in time"
                : "no answer within " + requestTimeout.toMillis() + " ms")
                : "could not reach it: " + e.getClass().getSimpleName()
                        + (e.getMessage() != null ? " " + clean(e.getMessage()) : "");
        return new ConnectionFailureException("PromptFloe at " + baseUrl + " did not answer " + call.method + " /"
                + call.path + ": " + what + (attempts > 1 ? " (after " + attempts + " attempts)" : ""),
                attempts, timedOut, e);
    }

    // A server (or a proxy in front of it) might echo the request: never let the key through.
    private String clean(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String cleaned = text.replace(apiKey, "(redacted)").strip();
        return cleaned.length() > MAX_MESSAGE ? cleaned.substring(0, MAX_MESSAGE) + "..." : cleaned;
    }

    private byte[] json(Object body) {
        return jsonb.toJson(body).getBytes(StandardCharsets.UTF_8);
    }

    private <T> T read(Answer answer, Class<T> type) {
        try {
            T value = jsonb.fromJson(new String(answer.body, StandardCharsets.UTF_8), type);
            if (value == null) {
                throw unexpected(answer, "it is empty");
            }
            return value;
        } catch (JsonbException | ClassCastException e) {
            throw unexpected(answer, "it is not the JSON object expected (" + e.getClass().getSimpleName() + ")");
        }
    }

    private Webhook webhook(Answer answer, Wire.WebhookJson json) {
        if (json.id == null || json.url == null) {
            throw unexpected(answer, "a webhook without " + (json.id == null ? "id" : "url"));
        }
        Instant createdAt = null;
        if (json.createdAt != null) {
            try {
                createdAt = Instant.parse(json.createdAt);
            } catch (DateTimeParseException e) {
                throw unexpected(answer, "createdAt is not an ISO-8601 instant: " + clean(json.createdAt));
            }
        }
        try {
            return new Webhook(json.id, URI.create(json.url), json.events == null ? List.of() : json.events,
                    json.enabled == null || json.enabled, createdAt);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw unexpected(answer, "a webhook with an unreadable url or events");
        }
    }

    private PromptFloeApiException unexpected(Answer answer, String problem) {
        return new PromptFloeApiException("PromptFloe's answer to " + answer.call.method + " /" + answer.call.path
                + " (" + answer.status + (answer.requestId != null ? ", request id " + clean(answer.requestId) : "")
                + ") cannot be read: " + problem, answer.status, null, answer.requestId, 1, null);
    }

    private static String id(String value, String what) {
        if (value == null || !ID.matcher(value).matches()) {
            throw new IllegalArgumentException("the " + what + " must be 1 to 200 letters, digits, '.', '_', '~' or"
                    + " '-', as PromptFloe's ids are (such as wh_... or deliv_...): " + value);
        }
        return value;
    }

    /** Fetches the next page only when the stream needs its first element. */
    private final class Pages extends Spliterators.AbstractSpliterator<Webhook> {
        private final int pageSize;
        private Iterator<Webhook> page;
        private String cursor;
        private boolean last;

        Pages(int pageSize) {
            super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
            this.pageSize = pageSize;
        }

        @Override
        public boolean tryAdvance(Consumer<? super Webhook> action) {
            while (page == null || !page.hasNext()) {
                if (last) {
                    return false;
                }
                String path = "v1/webhooks?limit=" + pageSize
                        + (cursor != null ? "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8) : "");
                Answer answer = send(new Call("GET", path, null, true));
                Wire.PageJson json = read(answer, Wire.PageJson.class);
                List<Webhook> webhooks = json.data == null ? List.of()
                        : json.data.stream().map(w -> webhook(answer, w)).toList();
                String next = json.nextCursor == null || json.nextCursor.isBlank() ? null : json.nextCursor;
                if (next != null && next.equals(cursor)) {
                    throw unexpected(answer, "it names the same page again (cursor " + clean(next) + ")");
                }
                page = webhooks.iterator();
                cursor = next;
                last = next == null;
            }
            action.accept(page.next());
            return true;
        }
    }

    /** Builds a {@link WebhooksClient}; each setting is checked at once. */
    public static final class Builder {
        private URI baseUrl;
        private String apiKey;
        private String authHeader = "Authorization";
        private String authScheme = "Bearer";
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private int maxRetries = 3;
        private Duration maxRetryTime = Duration.ofSeconds(30);
        private Duration initialBackoff = Duration.ofMillis(500);
        private Duration maxBackoff = Duration.ofSeconds(8);
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * Where PromptFloe's API is; calls go to {@code <base>/v1/webhooks...}.
         *
         * @param url an absolute http or https URL, such as {@code http://127.0.0.1:8090} for a
         *     local PromptFloe
         * @return this builder
         */
        public Builder baseUrl(URI url) {
            Objects.requireNonNull(url, "baseUrl");
            String scheme = url.getScheme();
            if (!url.isAbsolute() || url.getHost() == null
                    || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
                throw new IllegalArgumentException("the PromptFloe API base URL must be an absolute http or https URL "
                        + "with a host: " + url);
            }
            if (url.getRawQuery() != null || url.getRawFragment() != null) {
                throw new IllegalArgumentException("the PromptFloe API base URL must have no query or fragment: " + url);
            }
            String text = url.toString();
            this.baseUrl = URI.create(text.endsWith("/") ? text : text + "/");
            return this;
        }

        /**
         * The API key (never shown in messages, logs or {@code toString()}).
         *
         * @param key the key as PromptFloe issued it
         * @return this builder
         */
        public Builder apiKey(String key) {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("the PromptFloe API key must not be blank: set promptfloe.api.key "
                        + "or PROMPTFLOE_API_KEY");
            }
            if (!key.strip().equals(key) || key.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                throw new IllegalArgumentException("the PromptFloe API key must be printable ASCII without spaces: "
                        + "check how it was pasted (value not shown)");
            }
            this.apiKey = key;
            return this;
        }

        /**
         * How the key is sent; default {@code Authorization: Bearer <key>}.
         *
         * @param header the header name, such as {@code Authorization} or {@code X-API-Key}
         * @param scheme the word before the key, such as {@code Bearer}; empty to send the key alone
         * @return this builder
         */
        public Builder authorization(String header, String scheme) {
            Objects.requireNonNull(header, "header");
            Objects.requireNonNull(scheme, "scheme");
            if (!header.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
                throw new IllegalArgumentException("not an HTTP header name: '" + header + "'");
            }
            if (!scheme.isEmpty() && !scheme.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
                throw new IllegalArgumentException("an authorization scheme is one word, such as Bearer: '" + scheme
                        + "'");
            }
            this.authHeader = header;
            this.authScheme = scheme;
            return this;
        }

        /**
         * How long to wait for a connection; default 10 seconds.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connect timeout");
            return this;
        }

        /**
         * How long to wait for each answer; default 30 seconds.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "request timeout");
            return this;
        }

        /**
         * Retries after the first attempt, at most; default 3. 0 turns retries off.
         *
         * @param retries 0 to 10
         * @return this builder
         */
        public Builder maxRetries(int retries) {
            if (retries < 0 || retries > 10) {
                throw new IllegalArgumentException("max retries must be from 0 to 10: " + retries);
            }
            this.maxRetries = retries;
            return this;
        }

        /**
         * No retry waits beyond this time from the first attempt; default 30 seconds.
         *
         * @param budget zero or more
         * @return this builder
         */
        public Builder maxRetryTime(Duration budget) {
            Objects.requireNonNull(budget, "max retry time");
            if (budget.isNegative()) {
                throw new IllegalArgumentException("max retry time must not be negative: " + budget);
            }
            this.maxRetryTime = budget;
            return this;
        }

        /**
         * The wait before the first retry, doubled for each further one; default 500 ms.
         *
         * @param wait positive
         * @return this builder
         */
        public Builder initialBackoff(Duration wait) {
            this.initialBackoff = positive(wait, "initial backoff");
            return this;
        }

        /**
         * The longest wait between two attempts (unless {@code Retry-After} asks for more); default 8 s.
         *
         * @param wait positive
         * @return this builder
         */
        public Builder maxBackoff(Duration wait) {
            this.maxBackoff = positive(wait, "max backoff");
            return this;
        }

        /**
         * The clock an HTTP-date {@code Retry-After} is measured against; default the system's.
         *
         * @param newClock the clock
         * @return this builder
         */
        public Builder clock(Clock newClock) {
            this.clock = Objects.requireNonNull(newClock, "clock");
            return this;
        }

        /**
         * Builds the client.
         *
         * @return the client
         * @throws IllegalStateException when the base URL or the API key is missing, or the backoffs
         *     contradict each other
         */
        public WebhooksClient build() {
            if (baseUrl == null) {
                throw new IllegalStateException("the client needs PromptFloe's API base URL: baseUrl(URI.create(...)) "
                        + "(promptfloe.api.url); PromptFloe's documents do not name a host");
            }
            if (apiKey == null) {
                throw new IllegalStateException("the client needs an API key: apiKey(...) (promptfloe.api.key or "
                        + "PROMPTFLOE_API_KEY)");
            }
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalStateException("max backoff (" + maxBackoff + ") is shorter than the initial backoff ("
                        + initialBackoff + ")");
            }
            return new WebhooksClient(this);
        }

        private static Duration positive(Duration value, String what) {
            Objects.requireNonNull(value, what);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(what + " must be positive: " + value);
            }
            return value;
        }

        @Override
        public String toString() {
            return "WebhooksClient.Builder[" + baseUrl + ", key " + (apiKey == null ? "unset" : "set (redacted)") + "]";
        }
    }
}
