package com.promptfloe.webhooks.testkit;

import com.promptfloe.webhooks.ReceiveResult;
import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.Signer;
import com.promptfloe.webhooks.WebhookHeaders;
import com.promptfloe.webhooks.WebhookReceiver;
import com.promptfloe.webhooks.testkit.internal.Ids;
import com.promptfloe.webhooks.testkit.internal.JsonText;
import jakarta.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Send a signed PromptFloe delivery to your endpoint, or hand it straight to a {@link WebhookReceiver}.
 *
 * <pre>{@code
 * SignedRequest request = requests.request(Fixtures.envelope(EventType.DEPLOYMENT_LIVE)).build();
 * HttpResponse<String> response = request.send(URI.create("http://localhost:8080/webhooks/promptfloe"));
 * ReceiveResult result = receiver.receive(request::header, request.body());
 * }</pre>
 *
 * <p>Immutable. Build one with {@link WebhookRequests#request}; the builder can also make requests a
 * receiver must refuse: a body changed after signing, a stale or future timestamp, a missing header,
 * an event header that contradicts the body.
 */
public final class SignedRequest {

    /** The content type PromptFloe sends. */
    public static final String CONTENT_TYPE = "application/json";

    // PromptFloe waits this long for an answer.
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient DEFAULT_CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private final Map<String, String> headers;
    private final byte[] body;
    private final Instant timestamp;

    private SignedRequest(Map<String, String> headers, byte[] body, Instant timestamp) {
        this.headers = Collections.unmodifiableMap(headers);
        this.body = body;
        this.timestamp = timestamp;
    }

    /**
     * Starts a request for a body; {@link WebhookRequests#request} fills in the secret and clock for you.
     *
     * @param body the exact bytes to send
     * @param clock the clock the signature's {@code t} is taken from
     * @param secrets the secrets to sign with, one {@code v1} each
     * @return the builder
     */
    public static Builder builder(byte[] body, Clock clock, List<Secret> secrets) {
        return new Builder(body, clock, secrets);
    }

    /**
     * The headers to send, in sending order; a dropped header is absent.
     *
     * @return an unmodifiable map
     */
    public Map<String, String> headers() {
        return headers;
    }

    /**
     * One header, looked up case-insensitively; pass {@code request::header} as a {@code HeaderLookup}.
     *
     * @param name the header name
     * @return the value, or {@code null}
     */
    public String header(String name) {
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }

    /**
     * The body to send (after any tampering).
     *
     * @return a copy of the bytes
     */
    public byte[] body() {
        return body.clone();
    }

    /**
     * The body as UTF-8 text.
     *
     * @return the text
     */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The delivery id sent.
     *
     * @return the {@code X-PromptFloe-Delivery} value, or {@code null} when dropped
     */
    public String deliveryId() {
        return header(WebhookHeaders.DELIVERY);
    }

    /**
     * The event type header sent.
     *
     * @return the {@code X-PromptFloe-Event} value, or {@code null} when dropped
     */
    public String eventType() {
        return header(WebhookHeaders.EVENT);
    }

    /**
     * The signature header sent.
     *
     * @return the {@code X-PromptFloe-Signature} value, or {@code null} when dropped
     */
    public String signature() {
        return header(WebhookHeaders.SIGNATURE);
    }

    /**
     * The instant the signature was made for ({@code t}).
     *
     * @return the signing instant
     */
    public Instant timestamp() {
        return timestamp;
    }

    /**
     * Runs the request through a receiver, as the servlet filter would.
     *
     * @param receiver the receiver
     * @return its result
     */
    public ReceiveResult deliverTo(WebhookReceiver receiver) {
        return receiver.receive(this::header, body());
    }

    /**
     * The request as a {@code java.net.http} POST.
     *
     * @param url the endpoint
     * @param timeout how long to wait for the response; PromptFloe waits 10 seconds
     * @return the HTTP request
     */
    public HttpRequest toHttpRequest(URI url, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(builder::header);
        return builder.build();
    }

    /**
     * POSTs the request with a shared HTTP/1.1 client and PromptFloe's 10 second timeout.
     *
     * @param url the endpoint
     * @return the response
     * @throws IOException when the endpoint cannot be reached or does not answer in time
     * @throws InterruptedException when interrupted while waiting
     */
    public HttpResponse<String> send(URI url) throws IOException, InterruptedException {
        return send(DEFAULT_CLIENT, url);
    }

    /**
     * POSTs the request with your client and PromptFloe's 10 second timeout.
     *
     * @param client the client
     * @param url the endpoint
     * @return the response
     * @throws IOException when the endpoint cannot be reached or does not answer in time
     * @throws InterruptedException when interrupted while waiting
     */
    public HttpResponse<String> send(HttpClient client, URI url) throws IOException, InterruptedException {
        return client.send(toHttpRequest(url, TIMEOUT),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "SignedRequest" + headers + " " + body.length + " bytes";
    }

    /**
     * Shapes one request; {@link #build()} signs at the clock's current instant, so every build is
     * freshly signed. Not thread-safe.
     */
    public static final class Builder {
        private final byte[] body;
        private final Clock clock;
        private List<Secret> secrets;
        private String deliveryId;
        private String eventType;
        private String contentType = CONTENT_TYPE;
        private Instant signedAt;
        private Duration signedOffset = Duration.ZERO;
        private UnaryOperator<byte[]> tamper;
        private String signatureOverride;
        private final Set<String> dropped = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        private final Map<String, String> extra = new LinkedHashMap<>();

        private Builder(byte[] body, Clock clock, List<Secret> secrets) {
            this.body = Objects.requireNonNull(body, "body").clone();
            this.clock = Objects.requireNonNull(clock, "clock");
            secrets(secrets);
        }

        /**
         * The delivery id; by default a new random {@code deliv_...} per builder.
         *
         * @param id the {@code X-PromptFloe-Delivery} value
         * @return this builder
         */
        public Builder deliveryId(String id) {
            this.deliveryId = Objects.requireNonNull(id, "id");
            return this;
        }

        /**
         * The {@code X-PromptFloe-Event} value; by default the body's {@code type}. Set another to
         * test the type-mismatch check.
         *
         * @param type the header value
         * @return this builder
         */
        public Builder eventType(String type) {
            this.eventType = Objects.requireNonNull(type, "type");
            return this;
        }

        /**
         * Signs with these secrets instead, one {@code v1} each (a wrong secret, or a rotation's two).
         *
         * @param newSecrets at least one secret
         * @return this builder
         */
        public Builder secrets(List<Secret> newSecrets) {
            if (newSecrets == null || newSecrets.isEmpty()) {
                throw new IllegalArgumentException("a signed request needs at least one secret");
            }
            this.secrets = List.copyOf(newSecrets);
            return this;
        }

        /**
         * Signs with these secrets instead, one {@code v1} each.
         *
         * @param newSecrets at least one secret
         * @return this builder
         */
        public Builder secrets(Secret... newSecrets) {
            return secrets(List.of(newSecrets));
        }

        /**
         * Signs for a fixed instant instead of the clock's.
         *
         * @param instant the signature's {@code t}
         * @return this builder
         */
        public Builder signedAt(Instant instant) {
            this.signedAt = Objects.requireNonNull(instant, "instant");
            return this;
        }

        /**
         * Signs as if sent {@code age} ago: beyond the receiver's tolerance it must be refused.
         *
         * @param age how old the signature is
         * @return this builder
         */
        public Builder signedAgo(Duration age) {
            this.signedOffset = Objects.requireNonNull(age, "age").negated();
            return this;
        }

        /**
         * Signs as if sent {@code ahead} in the future (a sender whose clock runs fast).
         *
         * @param ahead how far ahead
         * @return this builder
         */
        public Builder signedAhead(Duration ahead) {
            this.signedOffset = Objects.requireNonNull(ahead, "ahead");
            return this;
        }

        /**
         * Changes the body after it was signed, as an attacker would; the receiver must answer 401.
         *
         * @param change receives the signed body, returns the body to send
         * @return this builder
         */
        public Builder tamperBody(UnaryOperator<byte[]> change) {
            this.tamper = Objects.requireNonNull(change, "change");
            return this;
        }

        /**
         * Changes the body after signing in a plausible way: a JSON envelope gets another
         * {@code workspaceId}; anything else gets a trailing space.
         *
         * @return this builder
         */
        public Builder tamperBody() {
            return tamperBody(Builder::defaultTamper);
        }

        /**
         * Leaves a header out, such as {@link WebhookHeaders#SIGNATURE}.
         *
         * @param name the header name
         * @return this builder
         */
        public Builder withoutHeader(String name) {
            dropped.add(Objects.requireNonNull(name, "name"));
            return this;
        }

        /**
         * Adds a header, or replaces one of the standard ones.
         *
         * @param name the header name
         * @param value the value
         * @return this builder
         */
        public Builder header(String name, String value) {
            extra.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Sends this {@code X-PromptFloe-Signature} verbatim instead of signing, to test malformed headers.
         *
         * @param value the header value
         * @return this builder
         */
        public Builder signature(String value) {
            this.signatureOverride = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * The {@code Content-Type}; PromptFloe sends {@code application/json}.
         *
         * @param value the content type
         * @return this builder
         */
        public Builder contentType(String value) {
            this.contentType = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * Signs the body now and assembles the request.
         *
         * @return the request
         * @throws IllegalStateException when no event type was set and the body has no {@code type}
         */
        public SignedRequest build() {
            if (deliveryId == null) {
                deliveryId = Ids.next("deliv_");
            }
            Instant timestamp = signedAt != null ? signedAt : clock.instant().plus(signedOffset);
            String signature = signatureOverride != null ? signatureOverride
                    : Signer.of(secrets.toArray(Secret[]::new)).header(timestamp, body);
            String type = eventType != null ? eventType : JsonText.stringMember(body, "type").orElseThrow(() ->
                    new IllegalStateException("the body has no \"type\" to send as " + WebhookHeaders.EVENT
                            + ": set eventType(...)"));
            byte[] sent = tamper == null ? body.clone() : Objects.requireNonNull(tamper.apply(body.clone()),
                    "the tampered body");
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", contentType);
            headers.put(WebhookHeaders.SIGNATURE, signature);
            headers.put(WebhookHeaders.DELIVERY, deliveryId);
            headers.put(WebhookHeaders.EVENT, type);
            for (Map.Entry<String, String> header : extra.entrySet()) {
                headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(header.getKey()));
                headers.put(header.getKey(), header.getValue());
            }
            headers.keySet().removeIf(dropped::contains);
            return new SignedRequest(headers, sent, Instant.ofEpochSecond(timestamp.getEpochSecond()));
        }

        private static byte[] defaultTamper(byte[] signed) {
            return JsonText.tryReadObject(signed)
                    .map(object -> JsonText.write(Json.createObjectBuilder(object)
                            .add("workspaceId", "ws_attacker").build()))
                    .orElseGet(() -> {
                        byte[] changed = java.util.Arrays.copyOf(signed, signed.length + 1);
                        changed[signed.length] = ' ';
                        return changed;
                    });
        }
    }
}
