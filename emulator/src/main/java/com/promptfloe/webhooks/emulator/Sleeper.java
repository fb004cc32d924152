package com.promptfloe.webhooks.emulator;

import java.time.Duration;

/**
 * Waits between delivery attempts; give the emulator a fake one in tests so nothing sleeps for real.
 *
 * <pre>{@code
 * List<Duration> waits = new ArrayList<>();
 * DeliveryEmulator emulator = DeliveryEmulator.builder().url(url).secret(secret)
 *         .sleeper(d -> { waits.add(d); clock.advance(d); })
 *         .build();
 * }</pre>
 */
@FunctionalInterface
public interface Sleeper {

    /**
     * Waits for {@code duration}.
     *
     * @param duration how long, already scaled by the emulator's time scale
     * @throws InterruptedException when interrupted, which stops the delivery
     */
    void sleep(Duration duration) throws InterruptedException;

    /**
     * The sleeper that really waits, with {@link Thread#sleep(long, int)}.
     *
     * @return the sleeper
     */
    static Sleeper real() {
        return duration -> {
            if (!duration.isNegative() && !duration.isZero()) {
                Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
            }
        };
    }
}
