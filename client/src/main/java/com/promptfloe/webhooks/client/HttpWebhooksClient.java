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

/** The {@link WebhooksClient} on {@code java.net.http} and JSON-B. */
final class HttpWebhooksClient implements WebhooksClient {

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
    // Made on first use: building a client (as CDI does at start-up) needs no JSON-B provider yet.
    private Jsonb jsonb;

    HttpWebhooksClient(WebhooksClient.Builder builder) {
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
    }

    @Override
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

    @Override
    public Stream<Webhook> list() {
        return list(MAX_PAGE_SIZE);
    }

    @Override
    public Stream<Webhook> list(int pageSize) {
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page size must be from 1 to " + MAX_PAGE_SIZE + ": " + pageSize);
        }
        return StreamSupport.stream(new Pages(pageSize), false);
    }

    @Override
    public Webhook get(String webhookId) {
        Answer answer = send(new Call("GET", "v1/webhooks/" + id(webhookId, "webhook id"), null, true));
        return webhook(answer, read(answer, Wire.WebhookJson.class));
    }

    @Override
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

    @Override
    public void delete(String webhookId) {
        send(new Call("DELETE", "v1/webhooks/" + id(webhookId, "webhook id"), null, true));
    }

    @Override
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

    @Override
    public URI baseUrl() {
        return baseUrl;
    }

    @Override
    public synchronized void close() {
        if (jsonb == null) {
            return;
        }
        try {
            jsonb.close();
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "closing JSON-B failed", e);
        }
    }

    private synchronized Jsonb jsonb() {
        if (jsonb == null) {
            jsonb = JsonbBuilder.create();
        }
        return jsonb;
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
            Wire.ErrorJson error = jsonb().fromJson(new String(body, StandardCharsets.UTF_8), Wire.ErrorJson.class);
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
        return jsonb().toJson(body).getBytes(StandardCharsets.UTF_8);
    }

    private <T> T read(Answer answer, Class<T> type) {
        try {
            T value = jsonb().fromJson(new String(answer.body, StandardCharsets.UTF_8), type);
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
}
