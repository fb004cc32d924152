package com.promptfloe.webhooks.ledger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The default {@link DeliveryLedger}: remembers deliveries in this JVM's heap, bounded in size.
 *
 * <p>Use it when one instance receives all deliveries of an endpoint; when several nodes share the
 * work, use the JDBC ledger instead, because a retry may land on another node.
 *
 * <pre>{@code
 * DeliveryLedger ledger = CaffeineDeliveryLedger.builder()
 *         .dedupeWindow(Duration.ofHours(48))
 *         .maximumSize(100_000)
 *         .build();
 * }</pre>
 *
 * <p>A delivery in flight holds two Caffeine entries, one for its delivery id and one for its signed
 * event id, each atomic on its own: the delivery id is taken first and given back when the event
 * turns out to be held, so a forged delivery id is never kept. A done delivery keeps one entry, its
 * event's: the key string, a node with its expiry, and a state object shared by every done key
 * (BENCHMARKS.md has the measured bytes). A failed delivery is simply forgotten. Expired entries are
 * cleaned up by the calling threads; the ledger starts no thread of its own. When the maximum size
 * evicts a done key before its window ends, a later retry of that delivery would be processed again,
 * so each such eviction is counted ({@link #prematureEvictions()}) and the first one is logged.
 */
public final class CaffeineDeliveryLedger implements DeliveryLedger {

    /** PromptFloe retries at 1m, 5m, 30m, 2h, 12h and 24h (about 38.6 hours): keep keys longer. */
    public static final Duration DEFAULT_DEDUPE_WINDOW = Duration.ofHours(48);
    /** Longer than PromptFloe's 10 second timeout, shorter than its 5 minute second retry. */
    public static final Duration DEFAULT_IN_FLIGHT_LEASE = Duration.ofMinutes(2);
    /** Default bound on remembered keys. */
    public static final long DEFAULT_MAXIMUM_SIZE = 200_000;

    private static final System.Logger LOG = System.getLogger(CaffeineDeliveryLedger.class.getName());
    private static final Object DONE = new Object();

    private final Cache<String, Object> entries;
    private final AtomicLong tokens = new AtomicLong();
    private final LongAdder prematureEvictions = new LongAdder();
    private final long windowNanos;
    private final long leaseNanos;

    private CaffeineDeliveryLedger(Builder builder) {
        this.windowNanos = builder.dedupeWindow.toNanos();
        this.leaseNanos = builder.inFlightLease.toNanos();
        Clock clock = builder.clock;
        this.entries = Caffeine.newBuilder()
                .maximumSize(builder.maximumSize)
                .expireAfter(new StateExpiry())
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .executor(Runnable::run)
                .removalListener((String key, Object value, RemovalCause cause) -> {
                    if (cause == RemovalCause.SIZE && value == DONE) {
                        prematureEvictions.increment();
                        if (prematureEvictions.sum() == 1) {
                            LOG.log(System.Logger.Level.WARNING, "PromptFloe delivery ledger is full: it forgot a "
                                    + "delivery before its dedupe window ended, so a retry of it would be processed "
                                    + "again. Raise promptfloe.webhooks.max-remembered-deliveries (now "
                                    + builder.maximumSize + ") or use the JDBC ledger.");
                        }
                    }
                })
                .build();
    }

    /**
     * Starts a builder with the defaults: 48 hour window, 2 minute lease, 200,000 keys.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Claim begin(DeliveryKey key) {
        Objects.requireNonNull(key, "key");
        InFlight mine = new InFlight(tokens.incrementAndGet());
        String delivery = deliveryKey(key);
        // putIfAbsent treats an expired entry (a lapsed lease, a done key past its window) as absent.
        Object previous = entries.asMap().putIfAbsent(delivery, mine);
        if (previous != null) {
            return answer(key, previous);
        }
        previous = entries.asMap().putIfAbsent(eventKey(key), mine);
        if (previous != null) {
            // A known event under another delivery id (a replay with a forged id): remember nothing of it.
            entries.asMap().remove(delivery, mine);
            return answer(key, previous);
        }
        return Claim.acquired(key, mine.token());
    }

    @Override
    public void complete(Claim claim) {
        claim.requireNew();
        // Only the signed event is remembered for the window: every retry of this delivery carries it,
        // so it is answered as a duplicate through that key, and a done delivery costs one entry, not two.
        // The event is marked first, so that no moment has neither key.
        entries.asMap().put(eventKey(claim.key()), DONE);
        entries.asMap().remove(deliveryKey(claim.key()));
    }

    @Override
    public void forget(Claim claim) {
        claim.requireNew();
        InFlight mine = new InFlight(claim.token());
        entries.asMap().remove(eventKey(claim.key()), mine);
        entries.asMap().remove(deliveryKey(claim.key()), mine);
    }

    private static Claim answer(DeliveryKey key, Object found) {
        return found == DONE ? Claim.done(key) : Claim.inFlight(key);
    }

    private static String deliveryKey(DeliveryKey key) {
        return key.endpoint() + ":d:" + key.deliveryId();
    }

    private static String eventKey(DeliveryKey key) {
        return key.endpoint() + ":e:" + key.eventId();
    }

    /**
     * How many done keys the maximum size pushed out before their window ended.
     *
     * @return the count since start
     */
    public long prematureEvictions() {
        return prematureEvictions.sum();
    }

    /**
     * How many keys are remembered now (approximate, as Caffeine's estimate).
     *
     * @return the estimated number of keys
     */
    public long estimatedSize() {
        return entries.estimatedSize();
    }

    private record InFlight(long token) {
    }

    private final class StateExpiry implements Expiry<String, Object> {
        @Override
        public long expireAfterCreate(String key, Object value, long currentTime) {
            return value == DONE ? windowNanos : leaseNanos;
        }

        @Override
        public long expireAfterUpdate(String key, Object value, long currentTime, long currentDuration) {
            return value == DONE ? windowNanos : currentDuration;
        }

        @Override
        public long expireAfterRead(String key, Object value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }

    /** Builds a {@link CaffeineDeliveryLedger}; each setting is checked at once. */
    public static final class Builder {
        private Duration dedupeWindow = DEFAULT_DEDUPE_WINDOW;
        private Duration inFlightLease = DEFAULT_IN_FLIGHT_LEASE;
        private long maximumSize = DEFAULT_MAXIMUM_SIZE;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * How long a done key is remembered; must outlive PromptFloe's retry schedule.
         *
         * @param window a positive duration
         * @return this builder
         */
        public Builder dedupeWindow(Duration window) {
            this.dedupeWindow = positive("dedupe window", window);
            return this;
        }

        /**
         * How long an attempt holds a key before another attempt may take it over.
         *
         * @param lease a positive duration
         * @return this builder
         */
        public Builder inFlightLease(Duration lease) {
            this.inFlightLease = positive("in-flight lease", lease);
            return this;
        }

        /**
         * The most keys remembered at once; beyond it the least recently used go first.
         *
         * @param size at least 1
         * @return this builder
         */
        public Builder maximumSize(long size) {
            if (size < 1) {
                throw new IllegalArgumentException("maximum size must be at least 1: " + size);
            }
            this.maximumSize = size;
            return this;
        }

        /**
         * The clock that lease and window expiry follow (tests hand in their own).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the ledger.
         *
         * @return a new, empty ledger
         */
        public CaffeineDeliveryLedger build() {
            return new CaffeineDeliveryLedger(this);
        }

        static Duration positive(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }
    }
}
