package com.promptfloe.webhooks.emulator;

import com.promptfloe.webhooks.testkit.Fixtures;
import com.promptfloe.webhooks.testkit.SignedRequest;

import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.event.EventType;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Run a stream of mixed deliveries against a running application and see whether it answers each
 * one as PromptFloe expects: {@code DemoStream.run(url, secret, System.out)}.
 *
 * <pre>{@code
 * DemoResult result = DemoStream.run(URI.create("http://localhost:8080/webhooks/promptfloe"),
 *         Secret.of("whsec_demo"), System.out);
 * System.exit(result.exitCode());
 * }</pre>
 *
 * <p>The stream, in order: four valid deliveries of different types (200 processed), the first of
 * them delivered again (200 duplicate), three concurrent copies of a new delivery (all acknowledged,
 * processed once; a 409 in-flight answer is retried), a body tampered with after signing (401), a
 * signature an hour old (401), an unknown event type (200) and an {@code app.failed} event whose data
 * holds {@code "simulateFailure": true} (an application may fail its first attempts on purpose, as
 * the quickstart's flaky observer does, to show a failure and its retry: 500s, then 200 processed on
 * a retry; an application that does not fail answers 200 processed at once). Every delivery uses a new event id
 * and delivery id, so the demo can run again against the same application. The valid ones follow
 * PromptFloe's retry schedule compressed by the time scale (default 0.0001: the whole schedule takes
 * about 14 seconds); a receiver in inbox mode may answer 202 queued instead of 200 processed.
 * The tampered and stale ones get a single attempt, since no retry could change their answer.
 * One line is printed per attempt and one per delivery with its expectation.
 */
public final class DemoStream {

    /** The demo's default time scale: 1 minute becomes 6 ms, 24 hours 8.6 s. */
    public static final double DEFAULT_TIME_SCALE = 0.0001;
    /** How old the stale delivery's signature is: beyond any sensible tolerance. */
    public static final Duration STALE_AGE = Duration.ofHours(1);
    /** How many concurrent copies the concurrent duplicate sends. */
    public static final int CONCURRENT_COPIES = 3;
    /**
     * The {@code data} field that marks the delivery an application may fail on purpose, to show a
     * failure and its retry; the demo sends it as {@code true}.
     */
    public static final String SIMULATE_FAILURE = "simulateFailure";

    private final Builder settings;

    private DemoStream(Builder settings) {
        this.settings = settings;
    }

    /**
     * Runs the demo with the default settings.
     *
     * @param url the application's webhook URL
     * @param secret the secret the application verifies with
     * @param out where to print one line per attempt and per delivery
     * @return what happened to each delivery
     */
    public static DemoResult run(URI url, Secret secret, PrintStream out) {
        return builder().url(url).secret(secret).out(out).build().run();
    }

    /**
     * Starts a builder for other settings (time scale, timeout, several secrets).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Sends the stream and compares every answer with the expectation.
     *
     * @return what happened to each delivery
     */
    public DemoResult run() {
        PrintStream out = settings.out;
        Consumer<AttemptRecord> printAttempt = record -> out.println("    " + record.toLine());
        DeliveryEmulator retrying = emulator(printAttempt, DeliveryEmulator.PROMPTFLOE_SCHEDULE);
        DeliveryEmulator once = emulator(printAttempt, List.of());
        Fixtures fixtures = Fixtures.withClock(settings.clock);
        List<Step> steps = new ArrayList<>();
        Delivery firstValid = Delivery.of(fixtures.fresh(EventType.DEPLOYMENT_LIVE));
        steps.add(new Step(DemoResult.Kind.VALID, "valid deployment.live", firstValid, retrying));
        for (EventType type : List.of(EventType.APP_GENERATED, EventType.SKILL_COMPLETED,
                EventType.PAYMENT_SUCCEEDED)) {
            steps.add(new Step(DemoResult.Kind.VALID, "valid " + type.wireName(), Delivery.of(fixtures.fresh(type)),
                    retrying));
        }
        steps.add(new Step(DemoResult.Kind.DUPLICATE, "deployment.live again, same delivery id as [1]", firstValid, retrying));
        steps.add(new Step(DemoResult.Kind.CONCURRENT_DUPLICATE, CONCURRENT_COPIES
                + " concurrent copies of one deployment.queued delivery",
                Delivery.of(fixtures.fresh(EventType.DEPLOYMENT_QUEUED)), retrying));
        steps.add(new Step(DemoResult.Kind.TAMPERED, "augmenter.applied with the body changed after signing",
                Delivery.of(fixtures.fresh(EventType.AUGMENTER_APPLIED)).shaped(SignedRequest.Builder::tamperBody),
                once));
        steps.add(new Step(DemoResult.Kind.STALE, "app.failed signed " + STALE_AGE.toMinutes() + " minutes ago",
                Delivery.of(fixtures.fresh(EventType.APP_FAILED)).shaped(b -> b.signedAgo(STALE_AGE)), once));
        steps.add(new Step(DemoResult.Kind.UNKNOWN_TYPE, "unknown type thing.happened",
                Delivery.of(fixtures.freshUnknown("thing.happened")), retrying));
        steps.add(new Step(DemoResult.Kind.FAILS_FIRST, "app.failed marked " + SIMULATE_FAILURE
                + " (the quickstart's flaky observer fails its first attempts)",
                Delivery.of(fixtures.fresh(EventType.APP_FAILED).withData(SIMULATE_FAILURE, true)), retrying));

        out.println("PromptFloe delivery emulator: demo stream of " + steps.size() + " deliveries to " + settings.url
                + " (time scale " + EmulatorCli.plain(settings.timeScale) + ")");
        List<DemoResult.Item> items = new ArrayList<>();
        int index = 0;
        for (Step step : steps) {
            index++;
            String expected = expectation(step.kind);
            out.println("[" + index + "/" + steps.size() + "] " + step.description + " (" + step.delivery.deliveryId()
                    + "): expect " + expected);
            List<DeliveryResult> results = step.kind == DemoResult.Kind.CONCURRENT_DUPLICATE
                    ? step.emulator.deliverCopies(step.delivery, CONCURRENT_COPIES, true)
                    : List.of(step.emulator.deliver(step.delivery));
            String actual = results.stream().map(DemoStream::actual).collect(Collectors.joining(", "));
            boolean asExpected = judge(step.kind, results);
            out.println("    => " + actual + (asExpected ? ": as expected" : ": NOT as expected (expected " + expected
                    + ")"));
            items.add(new DemoResult.Item(step.kind, step.description, expected, actual, asExpected, results));
        }
        DemoResult result = new DemoResult(items);
        long ok = items.stream().filter(DemoResult.Item::asExpected).count();
        out.println("Demo finished: " + ok + " of " + items.size() + " deliveries as expected"
                + (result.allAsExpected() ? "." : "; see the lines marked NOT as expected."));
        return result;
    }

    private DeliveryEmulator emulator(Consumer<AttemptRecord> printAttempt, List<Duration> schedule) {
        DeliveryEmulator.Builder builder = DeliveryEmulator.builder().url(settings.url).secrets(settings.secrets)
                .clock(settings.clock).timeScale(settings.timeScale).responseTimeout(settings.responseTimeout)
                .schedule(schedule).onAttempt(printAttempt);
        if (settings.sleeper != null) {
            builder.sleeper(settings.sleeper);
        }
        return builder.build();
    }

    private static String expectation(DemoResult.Kind kind) {
        return switch (kind) {
            case VALID -> "200 processed (202 queued in inbox mode)";
            case DUPLICATE -> "200 duplicate";
            case CONCURRENT_DUPLICATE -> "every copy acknowledged, processed once";
            case TAMPERED, STALE -> "401, not retried";
            case UNKNOWN_TYPE -> "200 (202 in inbox mode)";
            case FAILS_FIRST -> "500 while the observer fails, then 200 processed on a retry (202 queued in inbox mode)";
        };
    }

    private static String actual(DeliveryResult result) {
        if (result.attempts().isEmpty()) {
            return "no attempt";
        }
        String text = result.lastAttempt().statusText();
        if (result.attempts().size() == 1) {
            return text;
        }
        return result.status() == DeliveryResult.Status.FAILED
                ? text + " (failed after " + result.attempts().size() + " attempts)"
                : text + " on attempt " + result.attempts().size();
    }

    // A reason is judged only when the receiver reports one ({"reason": ...}); the status always is.
    private static boolean judge(DemoResult.Kind kind, List<DeliveryResult> results) {
        DeliveryResult first = results.get(0);
        if (first.attempts().isEmpty()) {
            return false;
        }
        AttemptRecord last = first.lastAttempt();
        return switch (kind) {
            case VALID -> last.status() == 200 && reasonIs(last, "processed")
                    || last.status() == 202 && reasonIs(last, "queued");
            case DUPLICATE -> last.status() == 200 && reasonIs(last, "duplicate");
            case UNKNOWN_TYPE -> last.status() == 200 || last.status() == 202;
            case TAMPERED, STALE -> last.status() == 401;
            case FAILS_FIRST -> (last.status() == 200 && reasonIs(last, "processed")
                    || last.status() == 202 && reasonIs(last, "queued"))
                    && first.attempts().subList(0, first.attempts().size() - 1).stream()
                            .allMatch(attempt -> attempt.status() == 500);
            case CONCURRENT_DUPLICATE -> {
                boolean allAcknowledged = results.stream().allMatch(DeliveryResult::delivered);
                List<String> reasons = results.stream().map(r -> r.lastAttempt().reason()).toList();
                boolean reasonsKnown = reasons.stream().allMatch(Objects::nonNull);
                long processed = reasons.stream().filter(r -> r.equals("processed") || r.equals("queued")).count();
                yield allAcknowledged && (!reasonsKnown || processed == 1 && reasons.stream()
                        .allMatch(r -> r.equals("processed") || r.equals("queued") || r.equals("duplicate")));
            }
        };
    }

    private static boolean reasonIs(AttemptRecord attempt, String reason) {
        return attempt.reason() == null || attempt.reason().equals(reason);
    }

    private record Step(DemoResult.Kind kind, String description, Delivery delivery, DeliveryEmulator emulator) {
    }

    /** Builds a {@link DemoStream}; a URL and a secret are required. */
    public static final class Builder {
        private URI url;
        private final List<Secret> secrets = new ArrayList<>();
        private PrintStream out = System.out;
        private double timeScale = DEFAULT_TIME_SCALE;
        private Duration responseTimeout = DeliveryEmulator.PROMPTFLOE_TIMEOUT;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper;

        private Builder() {
        }

        /**
         * The application's webhook URL.
         *
         * @param endpoint the URL
         * @return this builder
         */
        public Builder url(URI endpoint) {
            this.url = Objects.requireNonNull(endpoint, "url");
            return this;
        }

        /**
         * Adds a signing secret.
         *
         * @param secret the secret
         * @return this builder
         */
        public Builder secret(Secret secret) {
            secrets.add(Objects.requireNonNull(secret, "secret"));
            return this;
        }

        /**
         * Adds signing secrets; each attempt carries one {@code v1} per secret.
         *
         * @param all the secrets
         * @return this builder
         */
        public Builder secrets(Collection<Secret> all) {
            all.forEach(this::secret);
            return this;
        }

        /**
         * Where to print; default {@code System.out}.
         *
         * @param stream the stream
         * @return this builder
         */
        public Builder out(PrintStream stream) {
            this.out = Objects.requireNonNull(stream, "out");
            return this;
        }

        /**
         * Compresses the retry schedule of the valid deliveries; default {@link #DEFAULT_TIME_SCALE}.
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
         * How long to wait for each answer; default 10 seconds, as PromptFloe.
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
         * The clock for signatures and event timestamps; default the system clock.
         *
         * @param newClock the clock
         * @return this builder
         */
        public Builder clock(Clock newClock) {
            this.clock = Objects.requireNonNull(newClock, "clock");
            return this;
        }

        /**
         * What waits between retries; default really sleeps (scaled).
         *
         * @param newSleeper the sleeper
         * @return this builder
         */
        public Builder sleeper(Sleeper newSleeper) {
            this.sleeper = Objects.requireNonNull(newSleeper, "sleeper");
            return this;
        }

        /**
         * Builds the demo.
         *
         * @return the demo
         * @throws IllegalStateException when the URL or secret is missing
         */
        public DemoStream build() {
            if (url == null) {
                throw new IllegalStateException("the demo needs the application's webhook URL: url(URI.create(...))");
            }
            if (secrets.isEmpty()) {
                throw new IllegalStateException("the demo needs the secret the application verifies with: secret(...)");
            }
            Builder copy = new Builder();
            copy.url = url;
            copy.secrets.addAll(secrets);
            copy.out = out;
            copy.timeScale = timeScale;
            copy.responseTimeout = responseTimeout;
            copy.clock = clock;
            copy.sleeper = sleeper;
            return new DemoStream(copy);
        }
    }
}
