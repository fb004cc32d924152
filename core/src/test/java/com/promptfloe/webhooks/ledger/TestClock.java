package com.promptfloe.webhooks.ledger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that tests move by hand; shared with other ledger modules through the test jar. */
public final class TestClock extends Clock {

    private volatile Instant now;

    /**
     * Creates a clock standing at {@code start}.
     *
     * @param start the first instant
     */
    public TestClock(Instant start) {
        this.now = start;
    }

    /**
     * Moves the clock forward.
     *
     * @param step how far
     */
    public void advance(Duration step) {
        now = now.plus(step);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
