package com.promptfloe.webhooks.emulator;

import java.util.List;
import java.util.Objects;

/**
 * What the {@link DemoStream} saw: check {@link #allAsExpected()}, or print {@link #items()}.
 *
 * <pre>{@code
 * DemoResult result = DemoStream.run(url, secret, System.out);
 * if (!result.allAsExpected()) { ... }
 * }</pre>
 *
 * @param items one per demo delivery (the concurrent copies count as one item), in sending order
 */
public record DemoResult(List<Item> items) {

    /**
     * Freezes the items.
     *
     * @param items the items
     */
    public DemoResult {
        items = List.copyOf(items);
    }

    /**
     * Whether every delivery ended as a correct receiver makes it end.
     *
     * @return true when all items are as expected
     */
    public boolean allAsExpected() {
        return items.stream().allMatch(Item::asExpected);
    }

    /**
     * The command line's exit code: 0 when all are as expected, else 1.
     *
     * @return 0 or 1
     */
    public int exitCode() {
        return allAsExpected() ? 0 : 1;
    }

    /**
     * One demo delivery and what became of it.
     *
     * @param kind what the delivery tests
     * @param description what was sent, such as {@code valid deployment.live}
     * @param expected what a correct receiver answers, such as {@code 200 processed}
     * @param actual what it answered, such as {@code 200 duplicate}
     * @param asExpected whether the answer matches
     * @param deliveries the delivery, or every copy of a concurrent duplicate
     */
    public record Item(Kind kind, String description, String expected, String actual, boolean asExpected,
            List<DeliveryResult> deliveries) {

        /**
         * Checks the parts and freezes the deliveries.
         *
         * @param kind the kind
         * @param description what was sent
         * @param expected the expectation
         * @param actual what happened
         * @param asExpected whether it matched
         * @param deliveries the deliveries
         */
        public Item {
            Objects.requireNonNull(kind, "kind");
            deliveries = List.copyOf(deliveries);
        }
    }

    /** What a demo delivery tests. */
    public enum Kind {
        /** A correctly signed new event: 200 processed. */
        VALID,
        /** The same delivery again after it was processed: 200 duplicate, not processed again. */
        DUPLICATE,
        /** Several copies of one new delivery at the same moment: all acknowledged, processed once. */
        CONCURRENT_DUPLICATE,
        /** The body changed after signing: 401, and not retried by the demo. */
        TAMPERED,
        /** A signature an hour old: 401, and not retried by the demo. */
        STALE,
        /** A type this library does not know: 200, delivered as the generic event. */
        UNKNOWN_TYPE,
        /**
         * An event marked {@link DemoStream#SIMULATE_FAILURE}, which an application may fail on its
         * first attempts: 500 (retried) until it succeeds, then 200 processed; 202 queued in inbox mode.
         */
        FAILS_FIRST
    }
}
