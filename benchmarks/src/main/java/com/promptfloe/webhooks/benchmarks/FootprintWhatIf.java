package com.promptfloe.webhooks.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.promptfloe.webhooks.ledger.CaffeineDeliveryLedger;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Measures two key layouts the delivery ledger could use instead of today's, with the same Caffeine
 * settings; run it with {@code benchmarks/run.sh memory what-if}.
 *
 * <ul>
 *   <li>only the event key kept once a delivery is done (the receiver would forget the delivery key
 *       on completion: a retry carries the same signed event id, so the event key alone still
 *       answers it as a duplicate);
 *   <li>that, with each key stored as a 128-bit fingerprint object instead of its String.
 * </ul>
 * The fingerprint here is a plain 128-bit mix, enough to measure memory; a real one must be keyed
 * (SipHash with a per-ledger random key, or a truncated SHA-256) because the delivery id is unsigned.
 */
public final class FootprintWhatIf {

    private static final Object DONE = new Object();

    private FootprintWhatIf() {
    }

    /**
     * Runs the measurements.
     *
     * @param args optional delivery count
     */
    public static void main(String[] args) {
        int deliveries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        CaffeineDeliveryLedger eventKeysOnly = CaffeineDeliveryLedger.builder()
                .maximumSize(deliveries + 1_000).build();
        report("event key only, String keys (CaffeineDeliveryLedger)", deliveries, i -> {
            var claim = eventKeysOnly.begin(LedgerFootprint.key(Fixtures.ENDPOINT, i));
            eventKeysOnly.complete(claim);
        }, eventKeysOnly);

        Cache<Fingerprint, Object> fingerprints = cacheLikeTheLedger(deliveries + 1_000);
        report("event key only, 128-bit fingerprint keys (same Caffeine settings)", deliveries,
                i -> fingerprints.put(Fingerprint.of(Fixtures.ENDPOINT + ":e:" + Fixtures.id("evt_", i)), DONE),
                fingerprints);

        Cache<Fingerprint, Object> bothFingerprints = cacheLikeTheLedger(2L * deliveries + 1_000);
        report("both keys, 128-bit fingerprint keys (same Caffeine settings)", deliveries, i -> {
            bothFingerprints.put(Fingerprint.of(Fixtures.ENDPOINT + ":d:" + Fixtures.id("deliv_", i)), DONE);
            bothFingerprints.put(Fingerprint.of(Fixtures.ENDPOINT + ":e:" + Fixtures.id("evt_", i)), DONE);
        }, bothFingerprints);
    }

    private static void report(String layout, int deliveries, IntConsumer remember, Object holder) {
        long before = usedHeapAfterGc();
        for (int i = 0; i < deliveries; i++) {
            remember.accept(i);
        }
        long after = usedHeapAfterGc();
        Reference.reachabilityFence(holder);
        System.out.printf(Locale.ROOT, "%-70s %.1f bytes per delivery%n", layout + ":",
                (after - before) / (double) deliveries);
    }

    /** The settings CaffeineDeliveryLedger uses: size bound, per-entry expiry, caller-run maintenance. */
    private static Cache<Fingerprint, Object> cacheLikeTheLedger(long maximumSize) {
        long window = Duration.ofHours(48).toNanos();
        return Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfter(new Expiry<Fingerprint, Object>() {
                    @Override
                    public long expireAfterCreate(Fingerprint key, Object value, long currentTime) {
                        return window;
                    }

                    @Override
                    public long expireAfterUpdate(Fingerprint key, Object value, long currentTime,
                            long currentDuration) {
                        return window;
                    }

                    @Override
                    public long expireAfterRead(Fingerprint key, Object value, long currentTime,
                            long currentDuration) {
                        return currentDuration;
                    }
                })
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis()))
                .executor(Runnable::run)
                .removalListener((Fingerprint key, Object value, com.github.benmanes.caffeine.cache.RemovalCause c) -> {
                })
                .build();
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Two longs standing for a key: 32 bytes with its header, against about 80 for a 40-character String. */
    private record Fingerprint(long high, long low) {
        static Fingerprint of(String key) {
            byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
            long h1 = 0x9E3779B97F4A7C15L;
            long h2 = 0xC2B2AE3D27D4EB4FL;
            for (byte b : bytes) {
                h1 = Long.rotateLeft((h1 ^ b) * 0xFF51AFD7ED558CCDL, 31);
                h2 = Long.rotateLeft((h2 ^ b) * 0xC4CEB9FE1A85EC53L, 29);
            }
            return new Fingerprint(h1 ^ (h2 >>> 17), h2 ^ (h1 >>> 23));
        }
    }
}
