package com.promptfloe.webhooks.benchmarks;

import com.promptfloe.webhooks.ledger.CaffeineDeliveryLedger;
import com.promptfloe.webhooks.ledger.Claim;
import com.promptfloe.webhooks.ledger.DeliveryKey;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Measures {@link CaffeineDeliveryLedger} begin+complete pairs per second on one thread and on two
 * threads sharing one ledger; run it through {@code benchmarks/run.sh}.
 *
 * <p>Every pair claims a key never seen before, built the way the receiver builds its keys. The ledger
 * has its default bound of 200,000 keys, so after the first iteration every new key also evicts one:
 * the steady state of a busy endpoint, with memory flat.
 */
@Warmup(iterations = 5, time = 1)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LedgerBenchmark {

    /** Creates the benchmark; JMH calls it. */
    public LedgerBenchmark() {
    }

    /** The ledger all threads share. */
    @State(Scope.Benchmark)
    public static class SharedLedger {
        CaffeineDeliveryLedger ledger;

        /** Creates the state; JMH calls it. */
        public SharedLedger() {
        }

        /** Builds a ledger with the defaults. */
        @Setup
        public void setUp() {
            // The ledger warns once when its bound evicts a done key early; here that is the point.
            Logger.getLogger(CaffeineDeliveryLedger.class.getName()).setLevel(Level.OFF);
            ledger = CaffeineDeliveryLedger.builder().build();
        }
    }

    /** One thread's key sequence, distinct from every other thread's. */
    @State(Scope.Thread)
    public static class KeySequence {
        private static final AtomicInteger THREADS = new AtomicInteger();
        String prefix;
        long next;

        DeliveryKey next() {
            long n = next++;
            return new DeliveryKey(Fixtures.ENDPOINT, "deliv_01JS" + prefix + n, "evt_01JS" + prefix + n,
                    "deployment.live");
        }

        /** Creates the state; JMH calls it. */
        public KeySequence() {
        }

        /** Picks this thread's prefix. */
        @Setup
        public void setUp() {
            prefix = THREADS.incrementAndGet() + "T";
        }
    }

    /**
     * One begin and one complete of a new delivery, on one thread.
     *
     * @param shared the ledger
     * @param keys this thread's keys
     * @return the claim
     */
    @Benchmark
    @Threads(1)
    public Claim oneThread(SharedLedger shared, KeySequence keys) {
        return beginComplete(shared.ledger, keys);
    }

    /**
     * One begin and one complete of a new delivery, on each of two threads sharing the ledger.
     *
     * @param shared the ledger
     * @param keys this thread's keys
     * @return the claim
     */
    @Benchmark
    @Threads(2)
    public Claim twoThreads(SharedLedger shared, KeySequence keys) {
        return beginComplete(shared.ledger, keys);
    }

    private static Claim beginComplete(CaffeineDeliveryLedger ledger, KeySequence keys) {
        Claim claim = ledger.begin(keys.next());
        if (!claim.isNew()) {
            throw new IllegalStateException("a fresh key was not new: " + claim);
        }
        ledger.complete(claim);
        return claim;
    }
}
