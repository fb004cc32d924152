package com.promptfloe.webhooks.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Hand this clock to a receiver and to the signer, then move time yourself with {@link #advance}.
 *
 * <pre>{@code
 * MutableClock clock = MutableClock.at(Instant.parse("2026-04-26T12:00:00Z"));
 * WebhookReceiver receiver = WebhookReceiver.builder().secret(secret).clock(clock).handler(h).build();
 * clock.advance(Duration.ofMinutes(6)); // a signature made before is now outside the tolerance
 * }</pre>
 *
 * <p>Thread-safe: every clock derived with {@link #withZone} shares the same instant.
 */
public final class MutableClock extends Clock {

    /** Where {@link #create()} starts: the instant of PromptFloe's envelope example. */
    public static final Instant DEFAULT_START = Instant.parse("2026-04-26T12:34:56Z");

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /**
     * A clock standing at {@code start}, in UTC.
     *
     * @param start the first instant
     * @return the clock
     */
    public static MutableClock at(Instant start) {
        return new MutableClock(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    /**
     * A clock standing at {@link #DEFAULT_START}, so that test output does not change from run to run.
     *
     * @return the clock
     */
    public static MutableClock create() {
        return at(DEFAULT_START);
    }

    /**
     * Moves the clock forward (or back, with a negative amount).
     *
     * @param amount how far to move
     * @return the new instant
     */
    public Instant advance(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        return now.updateAndGet(instant -> instant.plus(amount));
    }

    /**
     * Sets the clock to an instant.
     *
     * @param instant the new instant
     */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public MutableClock withZone(ZoneId newZone) {
        return new MutableClock(now, Objects.requireNonNull(newZone, "zone"));
    }

    @Override
    public String toString() {
        return "MutableClock[" + now.get() + ", " + zone + "]";
    }
}
