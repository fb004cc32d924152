package com.promptfloe.webhooks.monitoring;

import java.time.Duration;
import java.time.Instant;

/**
 * How many inbox entries wait in each state, counted at {@code countedAt}: the inbox worker takes it
 * every few seconds and hands it to {@link DeliveryListener#inboxCounted}.
 *
 * <pre>{@code
 * InboxCounts counts = inbox.count();
 * if (counts.dead() > 0) { alert(counts.dead() + " dead PromptFloe deliveries"); }
 * }</pre>
 *
 * @param pending entries waiting for their first attempt, or claimed by a worker now
 * @param retrying entries that failed at least once and wait for their next attempt
 * @param dead entries that used up their attempts and wait to be re-driven
 * @param oldestReceivedAt when the oldest entry that is neither done nor dead arrived; {@code null} when none
 * @param countedAt when the count was taken
 */
public record InboxCounts(long pending, long retrying, long dead, Instant oldestReceivedAt, Instant countedAt) {

    /**
     * Checks the counts.
     *
     * @param pending pending entries, not negative
     * @param retrying retrying entries, not negative
     * @param dead dead entries, not negative
     * @param oldestReceivedAt the oldest waiting entry's arrival, or {@code null}
     * @param countedAt when counted
     */
    public InboxCounts {
        if (pending < 0 || retrying < 0 || dead < 0) {
            throw new IllegalArgumentException("inbox counts must not be negative: pending=" + pending + ", retrying="
                    + retrying + ", dead=" + dead);
        }
        java.util.Objects.requireNonNull(countedAt, "countedAt");
    }

    /**
     * The entries not processed yet: pending and retrying, not dead.
     *
     * @return the backlog
     */
    public long backlog() {
        return pending + retrying;
    }

    /**
     * How long the oldest waiting entry has waited at {@code now}.
     *
     * @param now the time to measure at
     * @return the age, zero when nothing waits
     */
    public Duration oldestAge(Instant now) {
        if (oldestReceivedAt == null) {
            return Duration.ZERO;
        }
        Duration age = Duration.between(oldestReceivedAt, now);
        return age.isNegative() ? Duration.ZERO : age;
    }
}
