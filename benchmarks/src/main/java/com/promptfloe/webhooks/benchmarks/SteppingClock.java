package com.promptfloe.webhooks.benchmarks;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that moves only when told, so that a benchmark can let ledger entries expire on a schedule
 * it controls. Read and stepped by one thread at a time.
 */
final class SteppingClock extends Clock {

    private long millis;

    SteppingClock(Instant start) {
        this.millis = start.toEpochMilli();
    }

    void step(long deltaMillis) {
        millis += deltaMillis;
    }

    @Override
    public long millis() {
        return millis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a benchmark clock has one zone");
    }
}
