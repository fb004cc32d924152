package com.promptfloe.webhooks.emulator;

import com.promptfloe.webhooks.testkit.Fixtures;
import com.promptfloe.webhooks.testkit.SignedRequest;
import com.promptfloe.webhooks.testkit.WebhookRequests;

import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.testkit.internal.JsonText;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Deliver events to your endpoint exactly as PromptFloe does, retries included, without PromptFloe.
 *
 * <pre>{@code
 * DeliveryEmulator emulator = DeliveryEmulator.builder()
 *         .url(URI.create("http://localhost:8080/webhooks/promptfloe"))
 *         .secret(Secret.of("whsec_test"))
 *         .timeScale(0.001)                      // 1 minute becomes 60 ms
 *         .onAttempt(a -> System.out.println(a.toLine()))
 *         .build();
 * DeliveryResult result = emulator.deliver(Delivery.of(Fixtures.envelope(EventType.DEPLOYMENT_LIVE)));
 * }</pre>
 *
 * <p>Each attempt is a POST with {@code Content-Type: application/json} and the three PromptFloe
 * headers; the delivery id and body stay the same across attempts while the signature is made
 * afresh from the clock each time. A 2xx answer within the response timeout (10 seconds, as
 * PromptFloe waits) ends the delivery; any other status, a timeout or an unreachable endpoint is
 * retried after the next delay of the schedule: 1m, 5m, 30m, 2h, 12h, 24h, each counted from the
 * previous attempt.
 *
 * <p><b>How many attempts.</b> PromptFloe lists six retry delays and says "after 6 failed attempts
 * the delivery is marked as failed". This emulator reads the six failed attempts as the six
 * retries, each of which is scheduled and so must be sent: the first attempt plus six retries, at
 * most seven attempts, about 38.6 hours from first to last; then the delivery is reported
 * {@link DeliveryResult.Status#FAILED}. Give {@link Builder#schedule} five delays to emulate the
 * other reading (six attempts in all).
 *
 * <p>The waits go through a {@link Sleeper}, scaled by the time scale; the response timeout is not
 * scaled. Thread-safe: one emulator may run several deliveries at once.
 */
public final class DeliveryEmulator {

    /** PromptFloe's retry delays, each after the previous attempt. */
    public static final List<Duration> PROMPTFLOE_SCHEDULE = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(12), Duration.ofHours(24));
    /** How long PromptFloe waits for a response. */
    public static final Duration PROMPTFLOE_TIMEOUT = Duration.ofSeconds(10);

    private final URI url;
    private final WebhookRequests requests;
    private final Clock clock;
    private final Sleeper sleeper;
    private final double timeScale;
    private final Duration responseTimeout;
    private final List<Duration> schedule;
    private final Consumer<AttemptRecord> onAttempt;
    private final HttpClient client;
    private final Map<String, Delivery> history = new ConcurrentHashMap<>();

    private DeliveryEmulator(Builder builder) {
        this.url = builder.url;
        this.clock = builder.clock;
        this.requests = WebhookRequests.create(builder.clock, builder.secrets);
        this.sleeper = builder.sleeper;
        this.timeScale = builder.timeScale;
        this.responseTimeout = builder.responseTimeout;
        this.schedule = builder.schedule;
        this.onAttempt = builder.onAttempt;
        this.client = builder.client != null ? builder.client : HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(responseTimeout.compareTo(PROMPTFLOE_TIMEOUT) < 0 ? responseTimeout : PROMPTFLOE_TIMEOUT)
                .build();
    }

    /**
     * Starts a builder; a URL and at least one secret are required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The endpoint deliveries go to.
     *
     * @return the URL
     */
    public URI url() {
        return url;
    }

    /**
     * How many attempts a delivery gets at most: the first and one per schedule delay.
     *
     * @return the maximum number of attempts
     */
    public int maxAttempts() {
        return schedule.size() + 1;
    }

    /**
     * The wait before attempt {@code n + 2}, after the time scale.
     *
     * @param retry 0 for the first retry
     * @return the scaled delay
     */
    public Duration scaledDelay(int retry) {
        return scale(schedule.get(retry), timeScale);
    }

    /**
     * Delivers until acknowledged or out of attempts, waiting between attempts as scheduled.
     *
     * @param delivery what to deliver
     * @return how it ended, with every attempt
     */
    public DeliveryResult deliver(Delivery delivery) {
        Objects.requireNonNull(delivery, "delivery");
        history.put(delivery.deliveryId(), delivery.unshaped());
        List<AttemptRecord> attempts = new ArrayList<>();
        int max = maxAttempts();
        for (int attempt = 1; attempt <= max; attempt++) {
            try {
                if (attempt > 1) {
                    sleeper.sleep(scaledDelay(attempt - 2));
                }
                AttemptRecord record = attempt(delivery, attempt, max);
                attempts.add(record);
                onAttempt.accept(record);
                if (record.acknowledged()) {
                    return new DeliveryResult(delivery.deliveryId(), DeliveryResult.Status.DELIVERED, attempts);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new DeliveryResult(delivery.deliveryId(), DeliveryResult.Status.INTERRUPTED, attempts);
            }
        }
        return new DeliveryResult(delivery.deliveryId(), DeliveryResult.Status.FAILED, attempts);
    }

    /**
     * Delivers the same delivery (same id, same body) several times, as at-least-once delivery may.
     * Each copy is a whole delivery with its own retries and fresh signatures.
     *
     * @param delivery what to deliver
     * @param copies how many copies in all, at least 1
     * @param concurrently true to start all copies at the same moment from separate threads,
     *     false to send them one after the other
     * @return one result per copy, in the order the copies were started
     */
    public List<DeliveryResult> deliverCopies(Delivery delivery, int copies, boolean concurrently) {
        if (copies < 1) {
            throw new IllegalArgumentException("copies must be at least 1: " + copies);
        }
        if (!concurrently || copies == 1) {
            List<DeliveryResult> results = new ArrayList<>(copies);
            for (int i = 0; i < copies; i++) {
                results.add(deliver(delivery));
            }
            return results;
        }
        ExecutorService pool = Executors.newFixedThreadPool(copies);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<DeliveryResult>> futures = new ArrayList<>(copies);
            for (int i = 0; i < copies; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return deliver(delivery);
                }));
            }
            start.countDown();
            List<DeliveryResult> results = new ArrayList<>(copies);
            for (Future<DeliveryResult> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while delivering copies of " + delivery.deliveryId(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a copy of " + delivery.deliveryId() + " failed: " + e.getCause(),
                    e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Replays a delivery this emulator sent before, as PromptFloe's replay endpoint does: same
     * delivery id, same body, a fresh signature, without any shaping the original had.
     *
     * @param deliveryId the id of a delivery this emulator sent
     * @return how the replay ended
     * @throws IllegalArgumentException when this emulator never sent that delivery
     */
    public DeliveryResult replay(String deliveryId) {
        Delivery delivery = history.get(deliveryId);
        if (delivery == null) {
            throw new IllegalArgumentException("this emulator has not sent delivery " + deliveryId
                    + "; known: " + history.keySet());
        }
        return deliver(delivery);
    }

    /**
     * The deliveries this emulator has sent, by id, as {@link #replay} would send them again.
     *
     * @return an unmodifiable snapshot
     */
    public Map<String, Delivery> history() {
        return Map.copyOf(history);
    }

    private AttemptRecord attempt(Delivery delivery, int attempt, int max) throws InterruptedException {
        Instant sentAt = clock.instant();
        SignedRequest request = delivery.requestFor(requests);
        long started = System.nanoTime();
        try {
            HttpResponse<byte[]> response = client.send(request.toHttpRequest(url, responseTimeout),
                    HttpResponse.BodyHandlers.ofByteArray());
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            int status = response.statusCode();
            byte[] body = response.body();
            String reason = JsonText.stringMember(body, "reason").orElse(null);
            AttemptRecord.Result result = status >= 200 && status < 300 ? AttemptRecord.Result.ACKNOWLEDGED
                    : AttemptRecord.Result.REFUSED;
            return new AttemptRecord(delivery.deliveryId(), attempt, max, sentAt, result, status, reason,
                    new String(body, StandardCharsets.UTF_8), null, elapsed, request.signature());
        } catch (HttpConnectTimeoutException e) {
            return failed(delivery, attempt, max, sentAt, request, started, AttemptRecord.Result.UNREACHABLE,
                    "connect timeout");
        } catch (HttpTimeoutException e) {
            return failed(delivery, attempt, max, sentAt, request, started, AttemptRecord.Result.TIMED_OUT,
                    "no response within " + responseTimeout.toMillis() + " ms");
        } catch (IOException e) {
            return failed(delivery, attempt, max, sentAt, request, started, AttemptRecord.Result.UNREACHABLE,
                    e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private static AttemptRecord failed(Delivery delivery, int attempt, int max, Instant sentAt, SignedRequest request,
            long started, AttemptRecord.Result result, String error) {
        return new AttemptRecord(delivery.deliveryId(), attempt, max, sentAt, result, -1, null, null, error,
                Duration.ofNanos(System.nanoTime() - started), request.signature());
    }

    static Duration scale(Duration delay, double scale) {
        return Duration.ofNanos(Math.round(delay.toNanos() * scale));
    }

    /** Builds a {@link DeliveryEmulator}; each setting is checked at once. */
    public static final class Builder {
        private URI url;
        private final List<Secret> secrets = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.real();
        private double timeScale = 1.0;
        private Duration responseTimeout = PROMPTFLOE_TIMEOUT;
        private List<Duration> schedule = PROMPTFLOE_SCHEDULE;
        private Consumer<AttemptRecord> onAttempt = record -> { };
        private HttpClient client;

        private Builder() {
        }

        /**
         * The endpoint to deliver to.
         *
         * @param endpoint an http or https URL
         * @return this builder
         */
        public Builder url(URI endpoint) {
            Objects.requireNonNull(endpoint, "url");
            String scheme = endpoint.getScheme();
            if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
                throw new IllegalArgumentException("the URL must be http or https: " + endpoint);
            }
            this.url = endpoint;
            return this;
        }

        /**
         * Adds a signing secret; with several, each attempt carries one {@code v1} per secret.
         *
         * @param secret the secret
         * @return this builder
         */
        public Builder secret(Secret secret) {
            secrets.add(Objects.requireNonNull(secret, "secret"));
            return this;
        }

        /**
         * Adds signing secrets.
         *
         * @param all the secrets
         * @return this builder
         */
        public Builder secrets(Collection<Secret> all) {
            all.forEach(this::secret);
            return this;
        }

        /**
         * The clock signatures and {@link AttemptRecord#sentAt()} are taken from.
         *
         * @param newClock the clock
         * @return this builder
         */
        public Builder clock(Clock newClock) {
            this.clock = Objects.requireNonNull(newClock, "clock");
            return this;
        }

        /**
         * What waits between attempts; default really sleeps.
         *
         * @param newSleeper the sleeper
         * @return this builder
         */
        public Builder sleeper(Sleeper newSleeper) {
            this.sleeper = Objects.requireNonNull(newSleeper, "sleeper");
            return this;
        }

        /**
         * Multiplies every retry delay: 0.001 turns 1 minute into 60 ms and the whole schedule into
         * about 2.3 minutes.
         *
         * @param scale greater than 0; 1 is PromptFloe's real schedule
         * @return this builder
         */
        public Builder timeScale(double scale) {
            if (!(scale > 0) || Double.isInfinite(scale)) {
                throw new IllegalArgumentException("time scale must be a positive number: " + scale);
            }
            this.timeScale = scale;
            return this;
        }

        /**
         * How long to wait for a response before counting the attempt as timed out; default 10 seconds.
         *
         * @param timeout at least one millisecond
         * @return this builder
         */
        public Builder responseTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.compareTo(Duration.ofMillis(1)) < 0) {
                throw new IllegalArgumentException("response timeout must be at least 1 ms: " + timeout);
            }
            this.responseTimeout = timeout;
            return this;
        }

        /**
         * The delays between attempts; default {@link #PROMPTFLOE_SCHEDULE}. An empty list means a
         * single attempt without retries.
         *
         * @param delays each delay counted from the previous attempt, none negative
         * @return this builder
         */
        public Builder schedule(List<Duration> delays) {
            Objects.requireNonNull(delays, "delays");
            for (Duration delay : delays) {
                if (delay == null || delay.isNegative()) {
                    throw new IllegalArgumentException("schedule delays must not be negative: " + delays);
                }
            }
            this.schedule = List.copyOf(delays);
            return this;
        }

        /**
         * Called after every attempt, from the delivering thread.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder onAttempt(Consumer<AttemptRecord> listener) {
            this.onAttempt = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * The HTTP client to send with; default a new HTTP/1.1 client.
         *
         * @param newClient the client
         * @return this builder
         */
        public Builder httpClient(HttpClient newClient) {
            this.client = Objects.requireNonNull(newClient, "client");
            return this;
        }

        /**
         * Builds the emulator.
         *
         * @return the emulator
         * @throws IllegalStateException when the URL or secret is missing
         */
        public DeliveryEmulator build() {
            if (url == null) {
                throw new IllegalStateException("the emulator needs the endpoint's URL: url(URI.create(...))");
            }
            if (secrets.isEmpty()) {
                throw new IllegalStateException("the emulator needs the secret the endpoint verifies with: secret(...)");
            }
            return new DeliveryEmulator(this);
        }
    }
}
