package com.promptfloe.webhooks.emulator;

import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.event.EventType;
import com.promptfloe.webhooks.testkit.Envelope;
import com.promptfloe.webhooks.testkit.Fixtures;
import com.promptfloe.webhooks.testkit.internal.Ids;
import com.promptfloe.webhooks.testkit.internal.JsonText;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A local PromptFloe to develop and test against: its webhook management API, and deliveries.
 *
 * <pre>{@code
 * try (LocalPromptFloe promptFloe = LocalPromptFloe.builder().apiKey("pf_local_key").timeScale(0.0001).start()) {
 *     WebhooksClient client = WebhooksClient.builder().baseUrl(promptFloe.baseUri()).apiKey("pf_local_key").build();
 *     CreatedWebhook created = client.create(NewWebhook.of(appUrl, EventType.DEPLOYMENT_LIVE));
 *     List<LocalDelivery> sent = promptFloe.emit(EventType.DEPLOYMENT_LIVE);
 * }
 * }</pre>
 *
 * <p>It keeps subscriptions in memory and answers {@code /v1/webhooks} (list with {@code limit} and
 * {@code cursor}, create, get, PATCH that merges, delete) and
 * {@code /v1/webhooks/:id/deliveries/:deliveryId/replay} as the README documents: 401 without
 * {@code Authorization: Bearer <key>}, 404 for an unknown id, 422 for an undocumented event type or
 * a URL that is not absolute http(s), the secret only in the answer to create, and the same answer
 * again for a repeated {@code Idempotency-Key}. {@link #emit} sends an event of any documented type
 * to every enabled subscription that wants it, signed with that subscription's secret, with
 * PromptFloe's retry schedule (scaled by {@link Builder#timeScale}) and 10 second timeout, through
 * the {@link DeliveryEmulator}. The same is reachable over HTTP under {@code /_local/} (events,
 * faults, requests, deliveries), which the CLI's {@code serve} and {@code emit} use.
 *
 * <p>Faults on demand ({@link #failNext}, {@link #delayNext}) and the record of every request
 * ({@link #requests()}) are there for tests of clients. Binds to 127.0.0.1 unless told otherwise.
 */
public final class LocalPromptFloe implements AutoCloseable {

    /** The header a repeated POST is recognised by. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** The header each answer carries its request id in. */
    public static final String REQUEST_ID = "X-Request-Id";
    /** The page size of a list without {@code limit}. */
    public static final int DEFAULT_LIMIT = 20;
    /** The largest {@code limit}. */
    public static final int MAX_LIMIT = 100;

    private final HttpServer server;
    private final ExecutorService httpThreads;
    private final ExecutorService deliveryThreads;
    private final HttpClient deliveryClient;
    private final String apiKey;
    private final Clock clock;
    private final double timeScale;
    private final Duration responseTimeout;
    private final Consumer<String> log;
    private final String displayHost;

    private final Object lock = new Object();
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    private final Map<String, Stored> idempotent = new HashMap<>();
    private final Map<String, LocalDelivery> deliveries = new LinkedHashMap<>();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private int running;

    private static final class Subscription {
        final String id;
        String url;
        List<String> events;
        boolean enabled;
        final Secret secret;
        final String createdAt;

        Subscription(String id, String url, List<String> events, boolean enabled, Secret secret, String createdAt) {
            this.id = id;
            this.url = url;
            this.events = events;
            this.enabled = enabled;
            this.secret = secret;
            this.createdAt = createdAt;
        }

        JsonObjectBuilder json() {
            JsonArrayBuilder types = Json.createArrayBuilder();
            events.forEach(types::add);
            return Json.createObjectBuilder().add("id", id).add("url", url).add("events", types)
                    .add("enabled", enabled).add("createdAt", createdAt);
        }
    }

    private record Stored(String fingerprint, Answer answer) {
    }

    private record Answer(int status, byte[] body, Map<String, String> headers) {
        static Answer json(int status, JsonValue json) {
            return new Answer(status, JsonText.write(json), Map.of());
        }

        static Answer error(int status, String code, String message) {
            return json(status, Json.createObjectBuilder().add("error", Json.createObjectBuilder()
                    .add("code", code).add("message", message)).build());
        }

        static Answer empty(int status) {
            return new Answer(status, new byte[0], Map.of());
        }

        Answer with(String header, String value) {
            Map<String, String> more = new HashMap<>(headers);
            more.put(header, value);
            return new Answer(status, body, more);
        }
    }

    private record Fault(int status, Duration retryAfter, Duration delay) {
    }

    private LocalPromptFloe(Builder builder) throws IOException {
        this.apiKey = builder.apiKey;
        this.clock = builder.clock;
        this.timeScale = builder.timeScale;
        this.responseTimeout = builder.responseTimeout;
        this.log = builder.log;
        this.server = HttpServer.create(new InetSocketAddress(builder.host, builder.port), 50);
        this.httpThreads = Executors.newCachedThreadPool(daemon("local-promptfloe-http"));
        this.deliveryThreads = Executors.newCachedThreadPool(daemon("local-promptfloe-delivery"));
        this.deliveryClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(DeliveryEmulator.PROMPTFLOE_TIMEOUT).build();
        this.displayHost = builder.host.contains(":") ? "[" + builder.host + "]" : builder.host;
        server.setExecutor(httpThreads);
        server.createContext("/", this::handle);
        server.start();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Starts describing a local PromptFloe; every setting has a default.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Where the API answers; give it to {@code WebhooksClient.Builder.baseUrl}.
     *
     * @return such as {@code http://127.0.0.1:8090/}
     */
    public URI baseUri() {
        return URI.create("http://" + displayHost + ":" + server.getAddress().getPort() + "/");
    }

    /**
     * The API key it accepts (as {@code Authorization: Bearer <key>}).
     *
     * @return the key
     */
    public String apiKey() {
        return apiKey;
    }

    /**
     * Sends a fresh sample of a documented type to every enabled subscription that wants it.
     *
     * @param type the event type
     * @return one delivery per subscription, already sending in the background
     */
    public List<LocalDelivery> emit(EventType type) {
        return emit(Fixtures.withClock(clock).fresh(type));
    }

    /**
     * Sends an event to every enabled subscription that wants its type.
     *
     * @param envelope the event; each subscription gets its own delivery id
     * @return one delivery per subscription, already sending in the background
     */
    public List<LocalDelivery> emit(Envelope envelope) {
        Objects.requireNonNull(envelope, "envelope");
        String type = Objects.requireNonNull(envelope.type(), "the envelope needs a type");
        byte[] body = envelope.toBytes();
        List<LocalDelivery> started = new ArrayList<>();
        synchronized (lock) {
            for (Subscription subscription : subscriptions.values()) {
                if (subscription.enabled && subscription.events.contains(type)) {
                    LocalDelivery delivery = new LocalDelivery(subscription.id,
                            Delivery.of(Ids.next("deliv_"), type, body), envelope.id());
                    deliveries.put(delivery.deliveryId(), delivery);
                    started.add(delivery);
                    send(delivery, URI.create(subscription.url), subscription.secret);
                }
            }
        }
        log.accept("emitted " + type + " " + envelope.id() + " to " + started.size() + " subscription(s)");
        return started;
    }

    /**
     * Sends a delivery again, as the replay endpoint does: same id and body, fresh signature.
     *
     * @param deliveryId the delivery
     * @return the delivery, sending again in the background
     * @throws IllegalArgumentException when there is no such delivery
     */
    public LocalDelivery replay(String deliveryId) {
        synchronized (lock) {
            LocalDelivery delivery = deliveries.get(deliveryId);
            if (delivery == null) {
                throw new IllegalArgumentException("no delivery " + deliveryId);
            }
            Subscription subscription = subscriptions.get(delivery.webhookId());
            if (subscription == null) {
                throw new IllegalArgumentException("the subscription of " + deliveryId + " was deleted");
            }
            send(delivery, URI.create(subscription.url), subscription.secret);
            return delivery;
        }
    }

    // Called with the lock held.
    private void send(LocalDelivery delivery, URI url, Secret secret) {
        delivery.sending();
        running++;
        DeliveryEmulator emulator = DeliveryEmulator.builder().url(url).secret(secret).clock(clock)
                .timeScale(timeScale).responseTimeout(responseTimeout).httpClient(deliveryClient)
                .onAttempt(attempt -> {
                    delivery.attempted(attempt);
                    log.accept(attempt.toLine());
                }).build();
        deliveryThreads.execute(() -> {
            try {
                delivery.ended(emulator.deliver(delivery.delivery()));
            } finally {
                synchronized (lock) {
                    running--;
                    lock.notifyAll();
                }
            }
        });
    }

    /**
     * Waits until no delivery is sending.
     *
     * @param timeout the longest wait
     * @return true when idle, false when the time ran out
     * @throws InterruptedException when interrupted
     */
    public boolean awaitDeliveries(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (running > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    /**
     * Every delivery made so far, oldest first.
     *
     * @return a snapshot
     */
    public List<LocalDelivery> deliveries() {
        synchronized (lock) {
            return List.copyOf(deliveries.values());
        }
    }

    /**
     * One delivery.
     *
     * @param deliveryId its id
     * @return the delivery, or empty
     */
    public Optional<LocalDelivery> delivery(String deliveryId) {
        synchronized (lock) {
            return Optional.ofNullable(deliveries.get(deliveryId));
        }
    }

    /**
     * The next {@code count} API calls get {@code status} (such as 429 or 503) without being
     * processed, with {@code Retry-After} when given.
     *
     * @param count      how many calls
     * @param status     400 to 599
     * @param retryAfter the {@code Retry-After} to send (whole seconds), or {@code null}
     */
    public void failNext(int count, int status, Duration retryAfter) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an injected failure is a status from 400 to 599: " + status);
        }
        addFaults(count, new Fault(status, retryAfter, Duration.ZERO));
    }

    /**
     * The next {@code count} API calls are answered only after {@code delay} (and then processed).
     *
     * @param count how many calls
     * @param delay how long to hold each
     */
    public void delayNext(int count, Duration delay) {
        addFaults(count, new Fault(0, null, Objects.requireNonNull(delay, "delay")));
    }

    private void addFaults(int count, Fault fault) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1: " + count);
        }
        synchronized (lock) {
            for (int i = 0; i < count; i++) {
                faults.add(fault);
            }
        }
    }

    /**
     * Every request received so far, oldest first.
     *
     * @return a snapshot
     */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** Forgets the recorded requests. */
    public void clearRequests() {
        requests.clear();
    }

    /** Stops answering and sending; deliveries in progress are abandoned. */
    @Override
    public void close() {
        server.stop(0);
        httpThreads.shutdownNow();
        deliveryThreads.shutdownNow();
    }

    // ------------------------------------------------------------------ HTTP

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            URI uri = exchange.getRequestURI();
            String path = uri.getRawPath();
            Answer answer;
            try {
                answer = answer(exchange, method, path, uri.getRawQuery(), body);
            } catch (RuntimeException e) {
                answer = Answer.error(500, "internal_error", "the local PromptFloe failed: " + e);
            }
            String requestId = Ids.next("req_");
            Map<String, List<String>> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                    name.equalsIgnoreCase("Authorization") ? values.stream().map(LocalPromptFloe::redact).toList()
                            : List.copyOf(values)));
            requests.add(new RecordedRequest(clock.instant(), method, path + (uri.getRawQuery() != null ? "?"
                    + uri.getRawQuery() : ""), headers, body, answer.status()));
            log.accept(method + " " + path + " -> " + answer.status() + " (" + requestId + ")");
            exchange.getResponseHeaders().set(REQUEST_ID, requestId);
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            if (answer.body().length > 0) {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(answer.status(), answer.body().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer.body());
                }
            } else {
                exchange.sendResponseHeaders(answer.status(), -1);
            }
        }
    }

    private static String redact(String authorization) {
        int space = authorization.indexOf(' ');
        return space > 0 ? authorization.substring(0, space) + " (redacted)" : "(redacted)";
    }

    private Answer answer(HttpExchange exchange, String method, String path, String query, byte[] body) {
        boolean api = path.startsWith("/v1/");
        if (!api && !path.startsWith("/_local/")) {
            return Answer.error(404, "not_found", "no such path: " + path + "; the API is under /v1/webhooks");
        }
        if (api) {
            Fault fault;
            synchronized (lock) {
                fault = faults.poll();
            }
            if (fault != null) {
                if (!fault.delay().isZero()) {
                    try {
                        Thread.sleep(fault.delay().toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return Answer.error(503, "unavailable", "interrupted");
                    }
                }
                if (fault.status() != 0) {
                    Answer failure = Answer.error(fault.status(), fault.status() == 429 ? "rate_limited"
                            : "unavailable", "injected failure");
                    return fault.retryAfter() == null ? failure
                            : failure.with("Retry-After", Long.toString(fault.retryAfter().toSeconds()));
                }
            }
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !MessageDigest.isEqual(("Bearer " + apiKey).getBytes(StandardCharsets.UTF_8),
                authorization.getBytes(StandardCharsets.UTF_8))) {
            return Answer.error(401, "unauthorized", authorization == null
                    ? "send the API key as Authorization: Bearer <key>" : "the API key is not valid");
        }
        String key = exchange.getRequestHeaders().getFirst(IDEMPOTENCY_KEY);
        if (!method.equals("POST") || key == null) {
            return route(method, path, query, body);
        }
        String fingerprint = method + " " + path + " " + sha256(body);
        // One lock for the lookup, the work and the storing: a retry that overtakes its first attempt
        // still gets one answer.
        synchronized (idempotent) {
            Stored stored = idempotent.get(key);
            if (stored != null) {
                if (!stored.fingerprint().equals(fingerprint)) {
                    return Answer.error(422, "idempotency_key_reused", "this Idempotency-Key was used for another "
                            + "request; make a new key for each request");
                }
                return stored.answer().with("Idempotent-Replayed", "true");
            }
            Answer answer = route(method, path, query, body);
            if (answer.status() < 500) {
                idempotent.put(key, new Stored(fingerprint, answer));
            }
            return answer;
        }
    }

    private Answer route(String method, String path, String query, byte[] body) {
        String[] parts = path.substring(1).split("/", -1);
        if (parts[0].equals("_local")) {
            return local(method, parts, body);
        }
        if (parts.length >= 2 && parts[1].equals("webhooks")) {
            if (parts.length == 2) {
                return switch (method) {
                    case "GET" -> list(query);
                    case "POST" -> create(body);
                    default -> notAllowed(method, "GET, POST");
                };
            }
            String id = parts[2];
            if (parts.length == 3) {
                return switch (method) {
                    case "GET" -> withSubscription(id, s -> Answer.json(200, s.json().build()));
                    case "PATCH" -> update(id, body);
                    case "DELETE" -> delete(id);
                    default -> notAllowed(method, "GET, PATCH, DELETE");
                };
            }
            if (parts.length == 6 && parts[3].equals("deliveries") && parts[5].equals("replay")) {
                return method.equals("POST") ? replayAnswer(id, parts[4]) : notAllowed(method, "POST");
            }
        }
        return Answer.error(404, "not_found", "no such path: " + path);
    }

    private static Answer notAllowed(String method, String allowed) {
        return Answer.error(405, "method_not_allowed", method + " is not allowed here; use " + allowed)
                .with("Allow", allowed);
    }

    private Answer list(String query) {
        Map<String, String> params = query(query);
        int limit = DEFAULT_LIMIT;
        if (params.containsKey("limit")) {
            try {
                limit = Integer.parseInt(params.get("limit"));
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                return Answer.error(400, "invalid_request", "limit must be from 1 to " + MAX_LIMIT + ": "
                        + params.get("limit"));
            }
        }
        String cursor = params.get("cursor");
        synchronized (lock) {
            List<Subscription> all = new ArrayList<>(subscriptions.values());
            int start = 0;
            if (cursor != null) {
                start = -1;
                for (int i = 0; i < all.size(); i++) {
                    if (all.get(i).id.equals(cursor)) {
                        start = i + 1;
                    }
                }
                if (start < 0) {
                    return Answer.error(400, "invalid_request", "unknown cursor: " + cursor);
                }
            }
            int end = Math.min(all.size(), start + limit);
            JsonArrayBuilder data = Json.createArrayBuilder();
            all.subList(start, end).forEach(s -> data.add(s.json()));
            JsonObjectBuilder page = Json.createObjectBuilder().add("data", data);
            if (end < all.size()) {
                page.add("nextCursor", all.get(end - 1).id);
            } else {
                page.addNull("nextCursor");
            }
            return Answer.json(200, page.build());
        }
    }

    private Answer create(byte[] body) {
        JsonObject json;
        try {
            json = JsonText.readObject(body);
        } catch (IllegalArgumentException e) {
            return Answer.error(400, "invalid_json", "the body is not a JSON object: " + e.getMessage());
        }
        Optional<Answer> invalid = check(json, true);
        if (invalid.isPresent()) {
            return invalid.get();
        }
        String secret = "whsec_" + Ids.next("").toLowerCase(Locale.ROOT);
        synchronized (lock) {
            Subscription subscription = new Subscription(Ids.next("wh_"), json.getString("url"), events(json),
                    json.getBoolean("enabled", true), Secret.of(secret), clock.instant().toString());
            subscriptions.put(subscription.id, subscription);
            return Answer.json(201, subscription.json().add("secret", secret).build());
        }
    }

    private Answer update(String id, byte[] body) {
        JsonObject json;
        try {
            json = JsonText.readObject(body);
        } catch (IllegalArgumentException e) {
            return Answer.error(400, "invalid_json", "the body is not a JSON object: " + e.getMessage());
        }
        Optional<Answer> invalid = check(json, false);
        if (invalid.isPresent()) {
            return invalid.get();
        }
        return withSubscription(id, s -> {
            if (json.containsKey("url")) {
                s.url = json.getString("url");
            }
            if (json.containsKey("events")) {
                s.events = events(json);
            }
            if (json.containsKey("enabled")) {
                s.enabled = json.getBoolean("enabled");
            }
            return Answer.json(200, s.json().build());
        });
    }

    private Answer delete(String id) {
        synchronized (lock) {
            return subscriptions.remove(id) != null ? Answer.empty(204)
                    : Answer.error(404, "not_found", "no webhook " + id);
        }
    }

    private Answer replayAnswer(String webhookId, String deliveryId) {
        synchronized (lock) {
            if (!subscriptions.containsKey(webhookId)) {
                return Answer.error(404, "not_found", "no webhook " + webhookId);
            }
            LocalDelivery delivery = deliveries.get(deliveryId);
            if (delivery == null || !delivery.webhookId().equals(webhookId)) {
                return Answer.error(404, "not_found", "webhook " + webhookId + " has no delivery " + deliveryId);
            }
            replay(deliveryId);
            return Answer.json(202, Json.createObjectBuilder().add("webhookId", webhookId)
                    .add("deliveryId", deliveryId).add("status", "queued").build());
        }
    }

    private Answer withSubscription(String id, java.util.function.Function<Subscription, Answer> action) {
        synchronized (lock) {
            Subscription subscription = subscriptions.get(id);
            return subscription == null ? Answer.error(404, "not_found", "no webhook " + id) : action.apply(subscription);
        }
    }

    private static Optional<Answer> check(JsonObject json, boolean creating) {
        if (creating || json.containsKey("url")) {
            if (!(json.get("url") instanceof JsonString url) || !httpUrl(url.getString())) {
                return Optional.of(Answer.error(422, "invalid_url", "url must be an absolute http or https URL with "
                        + "a host: " + json.get("url")));
            }
        }
        if (creating || json.containsKey("events")) {
            if (!(json.get("events") instanceof JsonArray events) || events.isEmpty()) {
                return Optional.of(Answer.error(422, "invalid_events", "events must be a non-empty array of event "
                        + "types, such as [\"deployment.live\"]"));
            }
            for (JsonValue event : events) {
                if (!(event instanceof JsonString name) || EventType.fromWireName(name.getString()).isEmpty()) {
                    return Optional.of(Answer.error(422, "unknown_event_type", "unknown event type " + event
                            + "; the documented types are " + documentedTypes()));
                }
            }
        }
        if (json.containsKey("enabled") && json.get("enabled").getValueType() != JsonValue.ValueType.TRUE
                && json.get("enabled").getValueType() != JsonValue.ValueType.FALSE) {
            return Optional.of(Answer.error(422, "invalid_request", "enabled must be true or false"));
        }
        if (!creating && !json.containsKey("url") && !json.containsKey("events") && !json.containsKey("enabled")) {
            return Optional.of(Answer.error(422, "invalid_request", "set url, events or enabled"));
        }
        return Optional.empty();
    }

    private static boolean httpUrl(String text) {
        try {
            URI uri = new URI(text);
            return uri.isAbsolute() && uri.getHost() != null
                    && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static List<String> events(JsonObject json) {
        return json.getJsonArray("events").getValuesAs(JsonString.class).stream().map(JsonString::getString)
                .distinct().toList();
    }

    private static String documentedTypes() {
        return String.join(", ", java.util.Arrays.stream(EventType.values()).map(EventType::wireName).toList());
    }

    // ------------------------------------------------------------------ /_local/

    private Answer local(String method, String[] parts, byte[] body) {
        String what = parts.length > 1 ? parts[1] : "";
        switch (what) {
            case "events" -> {
                if (!method.equals("POST")) {
                    return notAllowed(method, "POST");
                }
                JsonObject json;
                try {
                    json = JsonText.readObject(body);
                } catch (IllegalArgumentException e) {
                    return Answer.error(400, "invalid_json", "send {\"type\":\"deployment.live\"}: " + e.getMessage());
                }
                Optional<EventType> type = json.get("type") instanceof JsonString name
                        ? EventType.fromWireName(name.getString()) : Optional.empty();
                if (type.isEmpty()) {
                    return Answer.error(422, "unknown_event_type", "type must be one of " + documentedTypes()
                            + ": " + json.get("type"));
                }
                Envelope envelope = Fixtures.withClock(clock).fresh(type.get());
                if (json.get("data") instanceof JsonObject data) {
                    data.forEach(envelope::withData);
                }
                List<LocalDelivery> sent = emit(envelope);
                JsonArrayBuilder list = Json.createArrayBuilder();
                sent.forEach(d -> list.add(Json.createObjectBuilder().add("webhookId", d.webhookId())
                        .add("deliveryId", d.deliveryId())));
                return Answer.json(202, Json.createObjectBuilder().add("eventId", envelope.id())
                        .add("type", type.get().wireName()).add("deliveries", list).build());
            }
            case "deliveries" -> {
                JsonArrayBuilder list = Json.createArrayBuilder();
                for (LocalDelivery delivery : deliveries()) {
                    JsonArrayBuilder attempts = Json.createArrayBuilder();
                    delivery.attempts().forEach(a -> attempts.add(Json.createObjectBuilder()
                            .add("attempt", a.attempt()).add("status", a.status())
                            .add("reason", a.reason() == null ? "" : a.reason()).add("line", a.toLine())));
                    list.add(Json.createObjectBuilder().add("webhookId", delivery.webhookId())
                            .add("deliveryId", delivery.deliveryId()).add("eventId", delivery.eventId())
                            .add("type", delivery.eventType()).add("state", delivery.state().name())
                            .add("attempts", attempts));
                }
                return Answer.json(200, list.build());
            }
            case "requests" -> {
                JsonArrayBuilder list = Json.createArrayBuilder();
                requests.forEach(r -> list.add(Json.createObjectBuilder().add("method", r.method())
                        .add("path", r.path()).add("status", r.status())));
                return Answer.json(200, list.build());
            }
            case "faults" -> {
                if (!method.equals("POST")) {
                    return notAllowed(method, "POST");
                }
                try {
                    JsonObject json = JsonText.readObject(body);
                    int count = json.getInt("count", 1);
                    if (json.containsKey("delayMs")) {
                        delayNext(count, Duration.ofMillis(json.getJsonNumber("delayMs").longValue()));
                    } else {
                        failNext(count, json.getInt("status", 503), json.containsKey("retryAfter")
                                ? Duration.ofSeconds(json.getJsonNumber("retryAfter").longValue()) : null);
                    }
                    return Answer.empty(204);
                } catch (RuntimeException e) {
                    return Answer.error(422, "invalid_request", "send {\"status\":503,\"retryAfter\":1,\"count\":2} "
                            + "or {\"delayMs\":3000,\"count\":1}: " + e.getMessage());
                }
            }
            default -> {
                return Answer.error(404, "not_found", "the local endpoints are /_local/events, /_local/deliveries, "
                        + "/_local/requests and /_local/faults");
            }
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    params.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return params;
    }

    private static String sha256(byte[] body) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** Settings of a {@link LocalPromptFloe}; each is checked at once. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private String apiKey = "pf_local_dev_key";
        private Clock clock = Clock.systemUTC();
        private double timeScale = 1.0;
        private Duration responseTimeout = DeliveryEmulator.PROMPTFLOE_TIMEOUT;
        private Consumer<String> log = line -> { };

        private Builder() {
        }

        /**
         * The address to listen on; default {@code 127.0.0.1}, so nothing outside this machine reaches it.
         *
         * @param address an address or name
         * @return this builder
         */
        public Builder host(String address) {
            this.host = Objects.requireNonNull(address, "host");
            return this;
        }

        /**
         * The port; default 0, a free one.
         *
         * @param number 0 to 65535
         * @return this builder
         */
        public Builder port(int number) {
            if (number < 0 || number > 65535) {
                throw new IllegalArgumentException("port must be from 0 to 65535: " + number);
            }
            this.port = number;
            return this;
        }

        /**
         * The API key it accepts; default {@code pf_local_dev_key}.
         *
         * @param key printable ASCII, no spaces
         * @return this builder
         */
        public Builder apiKey(String key) {
            if (key == null || key.isBlank() || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("the local API key must be printable ASCII without spaces");
            }
            this.apiKey = key;
            return this;
        }

        /**
         * The clock for signatures and timestamps.
         *
         * @param newClock the clock
         * @return this builder
         */
        public Builder clock(Clock newClock) {
            this.clock = Objects.requireNonNull(newClock, "clock");
            return this;
        }

        /**
         * Multiplies PromptFloe's retry delays; default 1 (the real 1m ... 24h).
         *
         * @param scale greater than 0
         * @return this builder
         */
        public Builder timeScale(double scale) {
            DeliveryEmulator.builder().timeScale(scale);
            this.timeScale = scale;
            return this;
        }

        /**
         * How long a delivery waits for the endpoint's answer; default 10 seconds, as PromptFloe.
         *
         * @param timeout at least 1 ms
         * @return this builder
         */
        public Builder responseTimeout(Duration timeout) {
            DeliveryEmulator.builder().responseTimeout(timeout);
            this.responseTimeout = timeout;
            return this;
        }

        /**
         * Receives one line per request answered and per delivery attempt.
         *
         * @param listener the listener, such as {@code System.out::println}
         * @return this builder
         */
        public Builder log(Consumer<String> listener) {
            this.log = Objects.requireNonNull(listener, "log");
            return this;
        }

        /**
         * Starts listening.
         *
         * @return the running local PromptFloe
         * @throws IOException when the port is taken
         */
        public LocalPromptFloe start() throws IOException {
            return new LocalPromptFloe(this);
        }
    }

    @Override
    public String toString() {
        return "LocalPromptFloe[" + baseUri() + "]";
    }

    static Collection<String> typeNames() {
        return java.util.Arrays.stream(EventType.values()).map(EventType::wireName).toList();
    }
}
