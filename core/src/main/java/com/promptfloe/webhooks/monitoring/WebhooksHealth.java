package com.promptfloe.webhooks.monitoring;

import com.promptfloe.webhooks.inbox.InboxWorker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Answers whether PromptFloe deliveries can be received here: ready when the ledger's and the
 * inbox's databases answer, live while the inbox worker polls, started once the configuration was
 * accepted. The Jakarta EE module reports it as MicroProfile Health checks; plain Java code can
 * serve it itself.
 *
 * <pre>{@code
 * WebhooksHealth health = WebhooksHealth.builder()
 *         .endpoints(List.of("default"))
 *         .ledger("jdbc", JdbcProbe.of(dataSource))     // or ledger("caffeine", null): nothing to reach
 *         .inbox(JdbcProbe.of(dataSource), worker)      // inbox mode only
 *         .build();
 * health.started();
 * boolean ready = health.readiness().up();
 * }</pre>
 *
 * <p>A probe's answer is kept for {@link Builder#cacheFor} (default {@value #DEFAULT_CACHE_SECONDS}
 * seconds), so that frequent health calls do not load the database; the backlog comes from the
 * worker's last count, never from a query of its own. Thread-safe.
 */
public final class WebhooksHealth {

    /** The name every check reports under. */
    public static final String NAME = "promptfloe-webhooks";
    /** How long a probe's answer is kept, in seconds. */
    public static final int DEFAULT_CACHE_SECONDS = 5;
    /** Poll intervals without a poll after which the worker counts as stuck. */
    public static final int STALE_POLLS = 10;
    /** The least time without a poll that counts as stuck, whatever the poll interval. */
    public static final Duration MIN_STALE = Duration.ofSeconds(30);

    /** Checks that something can be reached; throws when it cannot. */
    @FunctionalInterface
    public interface Probe {
        /**
         * Checks quickly (a cheap query with a short timeout).
         *
         * @throws Exception when it cannot be reached; the message says why
         */
        void check() throws Exception;
    }

    private final List<String> endpoints;
    private final String ledgerKind;
    private final Cached ledger;
    private final Cached inbox;
    private final InboxWorker worker;
    private final Clock clock;
    private final Instant created;
    private volatile boolean started;

    private WebhooksHealth(Builder builder) {
        this.endpoints = List.copyOf(builder.endpoints);
        this.ledgerKind = builder.ledgerKind;
        this.clock = builder.clock;
        this.ledger = builder.ledgerProbe == null ? null : new Cached(builder.ledgerProbe, builder.cacheFor, clock);
        this.inbox = builder.inboxProbe == null ? null : new Cached(builder.inboxProbe, builder.cacheFor, clock);
        this.worker = builder.worker;
        this.created = clock.instant();
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Marks the configuration as checked and the endpoints as serving: {@link #startup()} is up from now on. */
    public void started() {
        started = true;
    }

    /**
     * Up once {@link #started()} was called.
     *
     * @return the startup report
     */
    public HealthReport startup() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("endpoints", String.join(",", endpoints));
        if (!started) {
            data.put("reason", "the PromptFloe endpoints are not started yet");
        }
        return new HealthReport(NAME, started, data);
    }

    /**
     * Down when the ledger's or the inbox's database cannot be reached.
     *
     * @return the readiness report, with endpoints, ledger kind, inbox backlog and dead count
     */
    public HealthReport readiness() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("endpoints", String.join(",", endpoints));
        data.put("ledger", ledgerKind);
        List<String> problems = new ArrayList<>();
        if (ledger != null) {
            ledger.problem().ifPresent(problem -> problems.add("ledger: " + problem));
        }
        if (inbox != null) {
            inbox.problem().ifPresent(problem -> problems.add("inbox: " + problem));
        }
        if (worker != null) {
            worker.lastCounts().ifPresent(counts -> {
                data.put("inbox.backlog", counts.backlog());
                data.put("inbox.dead", counts.dead());
                data.put("inbox.oldest-age-seconds", counts.oldestAge(clock.instant()).toSeconds());
            });
        }
        if (!problems.isEmpty()) {
            data.put("reason", String.join("; ", problems));
        }
        return new HealthReport(NAME, problems.isEmpty(), data);
    }

    /**
     * Down when an inbox worker has not polled for {@value #STALE_POLLS} poll intervals (at least
     * 30 seconds); always up without inbox mode.
     *
     * @return the liveness report
     */
    public HealthReport liveness() {
        Map<String, Object> data = new LinkedHashMap<>();
        if (worker == null) {
            return new HealthReport(NAME, true, data);
        }
        Instant now = clock.instant();
        Instant last = worker.lastPoll().orElse(created);
        Duration stale = worker.pollInterval().multipliedBy(STALE_POLLS);
        if (stale.compareTo(MIN_STALE) < 0) {
            stale = MIN_STALE;
        }
        Duration since = Duration.between(last, now);
        data.put("inbox.last-poll", last.toString());
        boolean up = since.compareTo(stale) <= 0;
        if (!up) {
            data.put("reason", "the inbox worker has not polled for " + since.toSeconds() + " s (more than "
                    + stale.toSeconds() + " s)");
        }
        return new HealthReport(NAME, up, data);
    }

    /** A probe's answer, kept for a while. */
    private static final class Cached {
        private final Probe probe;
        private final Duration ttl;
        private final Clock clock;
        private Instant checkedAt;
        private Optional<String> problem = Optional.empty();

        Cached(Probe probe, Duration ttl, Clock clock) {
            this.probe = probe;
            this.ttl = ttl;
            this.clock = clock;
        }

        synchronized Optional<String> problem() {
            Instant now = clock.instant();
            if (checkedAt == null || Duration.between(checkedAt, now).compareTo(ttl) >= 0) {
                try {
                    probe.check();
                    problem = Optional.empty();
                } catch (Exception e) {
                    problem = Optional.of(String.valueOf(e.getMessage()));
                }
                checkedAt = now;
            }
            return problem;
        }
    }

    /** Builds a {@link WebhooksHealth}. */
    public static final class Builder {
        private final List<String> endpoints = new ArrayList<>();
        private String ledgerKind = "caffeine";
        private Probe ledgerProbe;
        private Probe inboxProbe;
        private InboxWorker worker;
        private Clock clock = Clock.systemUTC();
        private Duration cacheFor = Duration.ofSeconds(DEFAULT_CACHE_SECONDS);

        private Builder() {
        }

        /**
         * The endpoint names, for the reports' data.
         *
         * @param names the endpoint names
         * @return this builder
         */
        public Builder endpoints(Collection<String> names) {
            endpoints.addAll(Objects.requireNonNull(names, "names"));
            return this;
        }

        /**
         * The ledger: its kind for the data, and how to reach it.
         *
         * @param kind a short name such as {@code caffeine} or {@code jdbc}
         * @param probe checks the ledger's database; {@code null} when there is nothing to reach
         * @return this builder
         */
        public Builder ledger(String kind, Probe probe) {
            this.ledgerKind = Objects.requireNonNull(kind, "kind");
            this.ledgerProbe = probe;
            return this;
        }

        /**
         * The inbox (inbox mode): how to reach it, and the worker whose polls and counts are reported.
         *
         * @param probe checks the inbox's database
         * @param worker the worker
         * @return this builder
         */
        public Builder inbox(Probe probe, InboxWorker worker) {
            this.inboxProbe = Objects.requireNonNull(probe, "probe");
            this.worker = Objects.requireNonNull(worker, "worker");
            return this;
        }

        /**
         * How long a probe's answer is kept; default {@value #DEFAULT_CACHE_SECONDS} seconds.
         *
         * @param ttl zero or more
         * @return this builder
         */
        public Builder cacheFor(Duration ttl) {
            Objects.requireNonNull(ttl, "ttl");
            if (ttl.isNegative()) {
                throw new IllegalArgumentException("cacheFor must not be negative: " + ttl);
            }
            this.cacheFor = ttl;
            return this;
        }

        /**
         * The clock for caching and poll ages; default the system clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the health status.
         *
         * @return the health status
         */
        public WebhooksHealth build() {
            return new WebhooksHealth(this);
        }
    }
}
