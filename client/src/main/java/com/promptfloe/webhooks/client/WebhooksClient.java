package com.promptfloe.webhooks.client;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.stream.Stream;

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
public interface WebhooksClient extends AutoCloseable {

    /** The header that makes a POST safe to retry. */
    String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
    /** The header PromptFloe's request id is read from. */
    String REQUEST_ID_HEADER = "X-Request-Id";
    /** The most webhooks one list call asks for. */
    int MAX_PAGE_SIZE = 100;

    /**
     * Starts a builder; the base URL and the API key are required.
     *
     * @return a new builder
     */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Subscribes an endpoint. The answer carries the signing secret, which PromptFloe shows this once.
     *
     * @param webhook the URL and event types
     * @return the subscription and its secret
     * @throws PromptFloeApiException when PromptFloe refuses or cannot be reached
     */
    CreatedWebhook create(NewWebhook webhook);

    /**
     * Every subscription, fetched page by page as the stream is consumed.
     *
     * @return a lazy stream; each page is one GET
     * @throws PromptFloeApiException from the stream's terminal operation, when a page fails
     */
    Stream<Webhook> list();

    /**
     * Every subscription, fetched {@code pageSize} at a time as the stream is consumed.
     *
     * @param pageSize 1 to {@value #MAX_PAGE_SIZE}
     * @return a lazy stream
     */
    Stream<Webhook> list(int pageSize);

    /**
     * One subscription.
     *
     * @param webhookId its id
     * @return the subscription, without its secret
     * @throws NotFoundException when PromptFloe has no such subscription
     */
    Webhook get(String webhookId);

    /**
     * Changes only the fields the update sets.
     *
     * @param webhookId the subscription
     * @param update    the fields to change; not empty
     * @return the subscription as it is now
     * @throws NotFoundException when PromptFloe has no such subscription
     */
    Webhook update(String webhookId, WebhookUpdate update);

    /**
     * Unsubscribes; nothing more is delivered to it.
     *
     * @param webhookId the subscription
     * @throws NotFoundException when PromptFloe has no such subscription (already deleted, perhaps
     *     by a first attempt whose answer was lost)
     */
    void delete(String webhookId);

    /**
     * Asks PromptFloe to send a delivery again: same delivery id and body, fresh signature. A receiver
     * that processed it already answers {@code 200 duplicate}.
     *
     * @param webhookId  the subscription the delivery went to
     * @param deliveryId the {@code X-PromptFloe-Delivery} value
     * @return PromptFloe's acknowledgement
     * @throws NotFoundException when the subscription or the delivery is unknown
     */
    Replay replay(String webhookId, String deliveryId);

    /**
     * The base URL calls go to.
     *
     * @return the URL, ending in {@code /}
     */
    URI baseUrl();

    /** Releases the JSON-B instance; the client must not be used afterwards. */
    @Override
    void close();

    /** Builds a {@link WebhooksClient}; each setting is checked at once. */
    final class Builder {
        URI baseUrl;
        String apiKey;
        String authHeader = "Authorization";
        String authScheme = "Bearer";
        Duration connectTimeout = Duration.ofSeconds(10);
        Duration requestTimeout = Duration.ofSeconds(30);
        int maxRetries = 3;
        Duration maxRetryTime = Duration.ofSeconds(30);
        Duration initialBackoff = Duration.ofMillis(500);
        Duration maxBackoff = Duration.ofSeconds(8);
        Clock clock = Clock.systemUTC();

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
            return new HttpWebhooksClient(this);
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
