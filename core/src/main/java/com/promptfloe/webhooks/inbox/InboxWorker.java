package com.promptfloe.webhooks.inbox;

import com.promptfloe.webhooks.EventHandler;
import com.promptfloe.webhooks.WebhookReceiver;
import com.promptfloe.webhooks.event.EventParser;
import com.promptfloe.webhooks.event.MalformedEventException;
import com.promptfloe.webhooks.event.PromptFloeEvent;
import com.promptfloe.webhooks.internal.DurationText;
import com.promptfloe.webhooks.monitoring.DeliveryListener;
import com.promptfloe.webhooks.monitoring.DeliveryObservation;
import com.promptfloe.webhooks.monitoring.InboxCounts;
import com.promptfloe.webhooks.Outcome;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Processes what an {@link InboxReceiver} stored: claims due deliveries from a {@link DeliveryInbox},
 * rebuilds each event from its stored bytes, calls the endpoint's {@link EventHandler}, and marks the
 * delivery done, or failed with a retry after an exponential backoff, or dead after the maximum
 * number of attempts. Start one per node; the inbox's leases keep the nodes from sharing an entry.
 *
 * <pre>{@code
 * InboxWorker worker = InboxWorker.builder(inbox)
 *         .handler("default", event -> process(event))
 *         .executor(managedExecutorService)        // where handlers run; default: the polling thread
 *         .build();
 * worker.start();
 * ...
 * worker.stop(Duration.ofSeconds(30));              // waits for running handlers
 * }</pre>
 *
 * <h2>Guarantees</h2>
 * Every stored delivery is processed at least once, also across crashes: an entry whose worker died
 * stays claimed until its lease ends, then any worker (this node after a restart, or another node)
 * takes it over. Once marked done it is never processed again. A handler that was killed mid-run,
 * or that outlived its lease, runs again, so its side effects should be idempotent (or committed in
 * the same transaction as a record it checks first). Entries are not processed in order.
 *
 * <h2>Defaults</h2>
 * {@value #DEFAULT_MAX_ATTEMPTS} attempts; backoff of 1 minute doubling up to 1 hour between them
 * (1, 2, 4, 8, 16, 32, 60 minutes: a delivery dies about two hours after its first failure); a
 * 5 minute lease; a poll each second when idle, at once again after a full batch; batches of
 * {@value #DEFAULT_BATCH_SIZE}, which is also how many handlers run at once. An entry claimed more
 * often than the maximum without ever settling (its handler kills the process every time) is marked
 * dead without running again. Thread-safe.
 */
public final class InboxWorker {

    /** Attempts before a delivery is marked dead. */
    public static final int DEFAULT_MAX_ATTEMPTS = 8;
    /** The wait after the first failure; it doubles after each further one. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMinutes(1);
    /** The longest wait between two attempts. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofHours(1);
    /** How long a claim holds an entry; a handler must finish well within it. */
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(5);
    /** How long the worker waits before looking again when nothing was due. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    /** Entries claimed at once, and handlers running at once. */
    public static final int DEFAULT_BATCH_SIZE = 10;
    /** How often the worker counts the inbox for its listener and health: a scrape never queries it. */
    public static final Duration COUNT_INTERVAL = Duration.ofSeconds(5);

    private static final System.Logger LOG = System.getLogger(InboxWorker.class.getName());

    private final DeliveryInbox inbox;
    private final Map<String, EventHandler> handlers;
    private final EventParser parser;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final boolean ownScheduler;
    private final Executor executor;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration lease;
    private final long pollMillis;
    private final int batchSize;
    private final DeliveryListener listener;
    private volatile Instant lastPoll;
    private volatile InboxCounts lastCounts;
    private volatile boolean countable = true;

    private final Object lock = new Object();
    private int running;
    private boolean started;
    private boolean stopped;
    private ScheduledFuture<?> nextPoll;

    private InboxWorker(Builder builder) {
        this.inbox = builder.inbox;
        this.handlers = Map.copyOf(builder.handlers);
        this.parser = builder.parser != null ? builder.parser : EventParser.create();
        this.clock = builder.clock;
        this.ownScheduler = builder.scheduler == null;
        this.scheduler = ownScheduler ? Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "promptfloe-inbox-worker");
            thread.setDaemon(true);
            return thread;
        }) : builder.scheduler;
        this.executor = builder.executor;
        this.maxAttempts = builder.maxAttempts;
        this.initialBackoff = builder.initialBackoff;
        this.maxBackoff = builder.maxBackoff;
        this.lease = builder.lease;
        this.pollMillis = builder.pollInterval.toMillis();
        this.batchSize = builder.batchSize;
        this.listener = builder.listener;
    }

    /**
     * Starts a builder on an inbox; add a handler for each endpoint whose deliveries it processes.
     *
     * @param inbox where the deliveries are
     * @return a new builder
     */
    public static Builder builder(DeliveryInbox inbox) {
        return new Builder(inbox);
    }

    /**
     * Starts polling the inbox on the scheduler.
     *
     * @throws IllegalStateException when started before, or stopped
     */
    public void start() {
        synchronized (lock) {
            if (started || stopped) {
                throw new IllegalStateException("an InboxWorker starts once; it was " + (stopped ? "stopped" : "started")
                        + " already");
            }
            started = true;
            nextPoll = scheduler.schedule(this::poll, 0, TimeUnit.MILLISECONDS);
        }
        LOG.log(Level.INFO, () -> "PromptFloe inbox worker started for endpoints " + handlers.keySet());
    }

    /**
     * Stops claiming, then waits for the handlers that are running to finish. A handler still running
     * after the timeout keeps its entry claimed; when its lease ends another worker takes it over.
     * A scheduler handed to the builder is left running; the worker's own one is shut down.
     *
     * @param timeout how long to wait for running handlers
     * @return {@code true} when no handler was running any more at the end
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean stop(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + Objects.requireNonNull(timeout, "timeout").toNanos();
        boolean idle;
        synchronized (lock) {
            stopped = true;
            if (nextPoll != null) {
                nextPoll.cancel(false);
            }
            for (long left; running > 0 && (left = deadline - System.nanoTime()) > 0; ) {
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            idle = running == 0;
        }
        if (ownScheduler) {
            scheduler.shutdown();
        }
        int stillRunning = runningHandlers();
        LOG.log(idle ? Level.INFO : Level.WARNING, () -> "PromptFloe inbox worker stopped" + (stillRunning == 0 ? ""
                : "; " + stillRunning + " handlers were still running, their deliveries are taken over when their"
                + " lease of " + lease + " ends"));
        return idle;
    }

    /**
     * Claims one batch and processes it in the calling thread, whether or not the worker was started;
     * for tests, and for callers that schedule the work themselves.
     *
     * @return how many entries were claimed and processed
     * @throws InboxException when the inbox cannot be reached to claim
     */
    public int runOnce() {
        lastPoll = clock.instant();
        List<InboxEntry> entries = inbox.claim(handlers.keySet(), batchSize, lease);
        counted();
        for (InboxEntry entry : entries) {
            enter();
            try {
                process(entry);
            } finally {
                leave();
            }
        }
        return entries.size();
    }

    /**
     * How many handlers are running now.
     *
     * @return the count
     */
    public int runningHandlers() {
        synchronized (lock) {
            return running;
        }
    }

    /**
     * The wait before the attempt after {@code failedAttempts} failures.
     *
     * @param failedAttempts how many attempts failed so far, at least 1
     * @return the initial backoff doubled for each further failure, at most the maximum backoff
     */
    public Duration backoff(int failedAttempts) {
        Duration wait = initialBackoff;
        for (int i = 1; i < failedAttempts && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    private void poll() {
        boolean fullBatch = false;
        try {
            // Liveness: the loop runs, whether or not the database answers (readiness tells that).
            lastPoll = clock.instant();
            int capacity = batchSize - runningHandlers();
            if (capacity > 0 && isActive()) {
                List<InboxEntry> entries = inbox.claim(handlers.keySet(), capacity, lease);
                counted();
                fullBatch = entries.size() == capacity;
                entries.forEach(this::dispatch);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "PromptFloe inbox worker could not claim deliveries; it tries again in "
                    + Duration.ofMillis(pollMillis), e);
        } finally {
            synchronized (lock) {
                if (!stopped) {
                    try {
                        nextPoll = scheduler.schedule(this::poll, fullBatch ? 0 : pollMillis, TimeUnit.MILLISECONDS);
                    } catch (RejectedExecutionException e) {
                        LOG.log(Level.WARNING, "PromptFloe inbox worker's scheduler refused the next poll; the worker"
                                + " stops polling", e);
                    }
                }
            }
        }
    }

    /**
     * When this worker last polled the inbox, whether or not the inbox answered: a health check
     * reports it dead when that is several poll intervals ago.
     *
     * @return the time of the last poll, empty before the first
     */
    public java.util.Optional<Instant> lastPoll() {
        return java.util.Optional.ofNullable(lastPoll);
    }

    /**
     * The inbox counts taken last, at most {@link #COUNT_INTERVAL} ago while the worker polls.
     *
     * @return the counts, empty before the first or when the inbox cannot count
     */
    public java.util.Optional<InboxCounts> lastCounts() {
        return java.util.Optional.ofNullable(lastCounts);
    }

    /**
     * How long this worker waits between polls when idle.
     *
     * @return the poll interval
     */
    public Duration pollInterval() {
        return Duration.ofMillis(pollMillis);
    }

    private void counted() {
        Instant now = clock.instant();
        InboxCounts counted = lastCounts;
        if (!countable || (counted != null && Duration.between(counted.countedAt(), now).compareTo(COUNT_INTERVAL) < 0)) {
            return;
        }
        try {
            InboxCounts counts = inbox.count();
            lastCounts = counts;
            listener.inboxCounted(counts);
        } catch (UnsupportedOperationException e) {
            countable = false;
            LOG.log(Level.DEBUG, () -> "PromptFloe inbox " + inbox + " cannot count its entries: no inbox gauges");
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "PromptFloe inbox could not be counted; trying again at the next interval", e);
        }
    }

    private boolean isActive() {
        synchronized (lock) {
            return !stopped;
        }
    }

    private void dispatch(InboxEntry entry) {
        enter();
        if (executor == null) {
            try {
                process(entry);
            } finally {
                leave();
            }
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    process(entry);
                } finally {
                    leave();
                }
            });
        } catch (RejectedExecutionException e) {
            leave();
            LOG.log(Level.WARNING, "PromptFloe inbox worker's executor refused delivery " + entry.deliveryId()
                    + "; it is taken over when its lease of " + lease + " ends", e);
        }
    }

    private void enter() {
        synchronized (lock) {
            running++;
        }
    }

    private void leave() {
        synchronized (lock) {
            running--;
            lock.notifyAll();
        }
    }

    private void process(InboxEntry entry) {
        DeliveryObservation observation;
        try {
            observation = listener.claimed(entry);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a PromptFloe DeliveryListener failed; ignored", e);
            observation = DeliveryObservation.NONE;
        }
        Outcome outcome = Outcome.HANDLER_FAILED;
        try {
            outcome = process(entry, observation == null ? DeliveryObservation.NONE : observation);
        } finally {
            if (observation != null) {
                observation.finished(outcome);
            }
        }
    }

    @SuppressWarnings("try") // the handling is only held open around the handler, never read
    private Outcome process(InboxEntry entry, DeliveryObservation observation) {
        String what = "PromptFloe delivery " + entry.deliveryId() + " (" + entry.delivery().type() + " "
                + entry.delivery().eventId() + ") on endpoint " + entry.endpoint();
        if (entry.attempts() > maxAttempts) {
            settle(what, () -> inbox.markDead(entry, "gave up after " + (entry.attempts() - 1) + " attempts that"
                    + " never finished (the handler crashed the process or outlived its lease of " + lease + ")"
                    + (entry.lastError() == null ? "" : "; last error: " + entry.lastError())), "dead");
            return Outcome.HANDLER_FAILED;
        }
        EventHandler handler = handlers.get(entry.endpoint());
        if (handler == null) {
            // claim() only hands out this worker's endpoints; an inbox that does not is broken.
            throw new IllegalStateException("the inbox handed out " + what + ", which has no handler here");
        }
        PromptFloeEvent event;
        try {
            event = parser.parse(entry.delivery().body(), entry.deliveryId());
        } catch (MalformedEventException e) {
            settle(what, () -> inbox.markDead(entry, "the stored body is not an event envelope: " + e.getMessage()),
                    "dead");
            return Outcome.HANDLER_FAILED;
        }
        observation.event(event);
        long started = System.nanoTime();
        try (DeliveryObservation.Handling handling = observation.handling()) {
            handler.handle(event);
        } catch (Exception e) {
            observation.handled(Duration.ofNanos(System.nanoTime() - started), e);
            failed(entry, what, e);
            return Outcome.HANDLER_FAILED;
        } catch (Error e) {
            observation.handled(Duration.ofNanos(System.nanoTime() - started), e);
            failed(entry, what, e);
            throw e;
        }
        observation.handled(Duration.ofNanos(System.nanoTime() - started), null);
        settle(what, () -> inbox.markDone(entry), "done");
        return Outcome.PROCESSED;
    }

    private void failed(InboxEntry entry, String what, Throwable cause) {
        String error = describe(cause);
        if (entry.attempts() >= maxAttempts) {
            LOG.log(Level.ERROR, what + " failed attempt " + entry.attempts() + " of " + maxAttempts
                    + " and is dead now; re-drive it once the cause is fixed", cause);
            settle(what, () -> inbox.markDead(entry, error), "dead");
        } else {
            Duration wait = backoff(entry.attempts());
            LOG.log(Level.WARNING, what + " failed attempt " + entry.attempts() + " of " + maxAttempts
                    + "; retrying in " + wait, cause);
            settle(what, () -> inbox.markFailed(entry, error, clock.instant().plus(wait)), "failed");
        }
    }

    private void settle(String what, java.util.function.BooleanSupplier mark, String state) {
        try {
            if (!mark.getAsBoolean()) {
                LOG.log(Level.WARNING, () -> what + " could not be marked " + state + ": its lease of " + lease
                        + " ended and another worker took it over, so it is processed again");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, what + " could not be marked " + state + "; it is claimed again when its lease of "
                    + lease + " ends", e);
        }
    }

    private static String describe(Throwable cause) {
        StringBuilder text = new StringBuilder(cause.toString());
        for (Throwable c = cause.getCause(); c != null && c != c.getCause() && text.length() < DeliveryInbox.MAX_ERROR_LENGTH;
                c = c.getCause()) {
            text.append("; caused by ").append(c);
        }
        return DeliveryInbox.clip(text.toString());
    }

    /** Builds an {@link InboxWorker}; each setting is checked at once. */
    public static final class Builder {
        private final DeliveryInbox inbox;
        private final Map<String, EventHandler> handlers = new LinkedHashMap<>();
        private EventParser parser;
        private Clock clock = Clock.systemUTC();
        private ScheduledExecutorService scheduler;
        private Executor executor;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private Duration lease = DEFAULT_LEASE;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private DeliveryListener listener = DeliveryListener.NONE;

        private Builder(DeliveryInbox inbox) {
            this.inbox = Objects.requireNonNull(inbox, "inbox must not be null");
        }

        /**
         * Hears each attempt and the inbox counts, for metrics and traces; default none.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(DeliveryListener listener) {
            this.listener = DeliveryListener.of(List.of(Objects.requireNonNull(listener, "listener must not be null")));
            return this;
        }

        /**
         * Processes the deliveries of one endpoint; the worker claims only endpoints it has a handler for.
         *
         * @param endpoint the endpoint name the receiver was built with
         * @param handler what processes its events
         * @return this builder
         */
        public Builder handler(String endpoint, EventHandler handler) {
            if (endpoint == null || endpoint.isBlank() || endpoint.length() > InboxDelivery.MAX_ENDPOINT_LENGTH) {
                throw new IllegalArgumentException("endpoint must be 1 to " + InboxDelivery.MAX_ENDPOINT_LENGTH
                        + " characters and not blank: '" + endpoint + "'");
            }
            handlers.put(endpoint, Objects.requireNonNull(handler, "handler must not be null"));
            return this;
        }

        /**
         * Processes the deliveries of the {@value WebhookReceiver#DEFAULT_ENDPOINT} endpoint.
         *
         * @param handler what processes its events
         * @return this builder
         */
        public Builder handler(EventHandler handler) {
            return handler(WebhookReceiver.DEFAULT_ENDPOINT, handler);
        }

        /**
         * The parser that rebuilds events from stored bodies; default a new one.
         *
         * @param parser the parser
         * @return this builder
         */
        public Builder parser(EventParser parser) {
            this.parser = Objects.requireNonNull(parser, "parser must not be null");
            return this;
        }

        /**
         * The clock the next attempt times follow; default the system clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock must not be null");
            return this;
        }

        /**
         * Where the polls run (a runtime's {@code ManagedScheduledExecutorService}); default a daemon
         * thread of the worker's own, shut down by {@link #stop}.
         *
         * @param scheduler the scheduler; the worker never shuts it down
         * @return this builder
         */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler must not be null");
            return this;
        }

        /**
         * Where handlers run (a runtime's {@code ManagedExecutorService}); default the polling thread,
         * one handler at a time.
         *
         * @param executor the executor; the worker never shuts it down
         * @return this builder
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor must not be null");
            return this;
        }

        /**
         * Attempts before a delivery is marked dead; default {@value #DEFAULT_MAX_ATTEMPTS}.
         *
         * @param maxAttempts between 1 and 1000
         * @return this builder
         */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1 || maxAttempts > 1000) {
                throw new IllegalArgumentException("max attempts must be between 1 and 1000: " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * The wait after the first failure, doubled after each further one; default 1 minute.
         *
         * @param backoff positive
         * @return this builder
         */
        public Builder initialBackoff(Duration backoff) {
            this.initialBackoff = DurationText.requirePositive("initial backoff", backoff);
            return this;
        }

        /**
         * The longest wait between two attempts; default 1 hour.
         *
         * @param backoff positive
         * @return this builder
         */
        public Builder maxBackoff(Duration backoff) {
            this.maxBackoff = DurationText.requirePositive("max backoff", backoff);
            return this;
        }

        /**
         * How long a claim holds an entry before another worker may take it over; default 5 minutes.
         * Make it longer than the slowest handler: one that outlives it runs twice.
         *
         * @param lease at least one second
         * @return this builder
         */
        public Builder lease(Duration lease) {
            this.lease = DurationText.requirePositive("lease", lease);
            if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("lease must be at least one second: " + lease);
            }
            return this;
        }

        /**
         * How long to wait before looking again when nothing was due; default 1 second.
         *
         * @param interval at least one millisecond
         * @return this builder
         */
        public Builder pollInterval(Duration interval) {
            this.pollInterval = DurationText.requirePositive("poll interval", interval);
            if (interval.toMillis() < 1) {
                throw new IllegalArgumentException("poll interval must be at least one millisecond: " + interval);
            }
            return this;
        }

        /**
         * How many entries one poll claims, which is also how many handlers run at once; default
         * {@value #DEFAULT_BATCH_SIZE}.
         *
         * @param size between 1 and 1000
         * @return this builder
         */
        public Builder batchSize(int size) {
            if (size < 1 || size > 1000) {
                throw new IllegalArgumentException("batch size must be between 1 and 1000: " + size);
            }
            this.batchSize = size;
            return this;
        }

        /**
         * Builds the worker; it does nothing until {@link #start()} or {@link #runOnce()}.
         *
         * @return the worker
         * @throws IllegalStateException when no handler was given, or the maximum backoff is shorter
         *         than the initial one
         */
        public InboxWorker build() {
            if (handlers.isEmpty()) {
                throw new IllegalStateException("an InboxWorker needs a handler for at least one endpoint");
            }
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalStateException("max backoff " + maxBackoff + " must not be shorter than the initial"
                        + " backoff " + initialBackoff);
            }
            return new InboxWorker(this);
        }

    }
}
