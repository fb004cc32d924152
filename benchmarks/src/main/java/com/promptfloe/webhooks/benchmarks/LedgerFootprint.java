package com.promptfloe.webhooks.benchmarks;

import com.promptfloe.webhooks.ledger.CaffeineDeliveryLedger;
import com.promptfloe.webhooks.ledger.Claim;
import com.promptfloe.webhooks.ledger.DeliveryKey;
import com.promptfloe.webhooks.ledger.DeliveryLedger;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.util.Locale;
import org.openjdk.jol.info.GraphLayout;

/**
 * Prints the heap bytes a {@link CaffeineDeliveryLedger} holds per remembered delivery; run it with
 * {@code benchmarks/run.sh memory}.
 *
 * <p>It remembers the given number of deliveries (default one million) the way the receiver does: two
 * keys each, {@code <endpoint>:d:<deliveryId>} and {@code <endpoint>:e:<eventId>}, both claimed and
 * completed, with ids of the 30 characters PromptFloe-like ids have here ({@code deliv_01JS...}).
 * It reports the growth of used heap after full collections, and the size of the ledger's object graph
 * with a per-class breakdown from JOL, which tells where the bytes go.
 */
public final class LedgerFootprint {

    private LedgerFootprint() {
    }

    /**
     * Runs the measurement.
     *
     * @param args optional delivery count
     */
    public static void main(String[] args) {
        int deliveries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        // The warm-up ledger below is meant to overflow; its warning would only confuse the report.
        java.util.logging.Logger.getLogger(CaffeineDeliveryLedger.class.getName()).setLevel(java.util.logging.Level.OFF);
        // Warm the classes and the key building so they are not counted as ledger growth.
        fill(CaffeineDeliveryLedger.builder().maximumSize(1_000).build(), 2_000, "warm");

        long before = usedHeapAfterGc();
        CaffeineDeliveryLedger ledger = CaffeineDeliveryLedger.builder()
                .maximumSize(2L * deliveries + 1_000)
                .build();
        fill(ledger, deliveries, Fixtures.ENDPOINT);
        long after = usedHeapAfterGc();
        Reference.reachabilityFence(ledger);

        System.out.printf(Locale.ROOT, "deliveries remembered: %,d (%,d keys, ledger estimates %,d)%n",
                deliveries, 2L * deliveries, ledger.estimatedSize());
        System.out.printf(Locale.ROOT, "used heap growth after full GC: %,d bytes = %.1f bytes per delivery%n",
                after - before, (after - before) / (double) deliveries);
        GraphLayout layout = GraphLayout.parseInstance(ledger);
        System.out.printf(Locale.ROOT, "JOL graph of the ledger: %,d bytes = %.1f bytes per delivery%n",
                layout.totalSize(), layout.totalSize() / (double) deliveries);
        System.out.println();
        System.out.println(layout.toFootprint());
    }

    static void fill(DeliveryLedger ledger, int deliveries, String endpoint) {
        for (int i = 0; i < deliveries; i++) {
            Claim claim = ledger.begin(key(endpoint, i));
            if (!claim.isNew()) {
                throw new IllegalStateException("delivery " + i + " was not new");
            }
            // As the receiver does; the Caffeine ledger keeps the event key for the window, releases the other.
            ledger.complete(claim);
        }
    }

    static DeliveryKey key(String endpoint, int i) {
        return new DeliveryKey(endpoint, Fixtures.id("deliv_", i), Fixtures.id("evt_", i), "deployment.live");
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
