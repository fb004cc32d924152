package com.promptfloe.webhooks.benchmarks;

import com.promptfloe.webhooks.HeaderLookup;
import com.promptfloe.webhooks.Outcome;
import com.promptfloe.webhooks.ReceiveResult;
import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.Signer;
import com.promptfloe.webhooks.WebhookHeaders;
import com.promptfloe.webhooks.WebhookReceiver;
import com.promptfloe.webhooks.ledger.CaffeineDeliveryLedger;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;
import jakarta.json.JsonObject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Compares the whole receive path of {@link WebhookReceiver#receive} with the floor of one HMAC plus
 * one Yasson parse, and with stripe-java's {@code Webhook.constructEvent}; run it through
 * {@code benchmarks/run.sh}.
 *
 * <p>Every invocation is a new delivery of a new event, so the ledger takes its real "new" path
 * (two claims, two completions). Event ids are signed, so {@value #POOL} signed bodies are
 * prepared and reused in turn; the ledger's clock steps one millisecond per invocation and its dedupe
 * window is half the pool, so a body's event key has expired by the time the body comes round again
 * and the ledger holds a few thousand keys at most: memory stays flat.
 *
 * <p>The receive path touches Yasson, Caffeine and the JCE: on a busy 2-core machine C2 needs
 * about 12 one-second iterations to compile it (measured: 6,467 us/op in the first, 14 us/op by the
 * 13th), so the warm-up is set here, per class, and run.sh does not override it.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 15, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PipelineBenchmark {

    /** Distinct signed bodies per size; a power of two. */
    static final int POOL = 64;

    /** Body size in bytes. */
    @Param({"1024", "16384", "262144"})
    public int bodySize;

    private final byte[][] bodies = new byte[POOL][];
    private final String[] headers = new String[POOL];
    private final byte[][] digests = new byte[POOL][];
    private final byte[][] stripeBodies = new byte[POOL][];
    private final String[] stripeHeaders = new String[POOL];
    private Mac mac;
    private byte[] prefix;
    private Jsonb jsonb;
    private Clock clock;
    private SteppingClock ledgerClock;
    private CaffeineDeliveryLedger ledger;
    private WebhookReceiver receiver;
    private long sequence;

    /** Creates the benchmark; JMH calls it. */
    public PipelineBenchmark() {
    }

    /** Signs the bodies and builds the receiver. */
    @Setup
    public void setUp() {
        Signer signer = Signer.of(Secret.of(Fixtures.SECRET));
        for (int i = 0; i < POOL; i++) {
            bodies[i] = Fixtures.skillCompleted(Fixtures.id("evt_", i), bodySize);
            headers[i] = signer.header(Fixtures.SIGNED_AT, bodies[i]);
            digests[i] = Fixtures.digest(bodies[i]);
            stripeBodies[i] = Fixtures.stripeShaped(Fixtures.id("evt_", i), bodySize);
            stripeHeaders[i] = signer.header(Fixtures.SIGNED_AT, stripeBodies[i]);
        }
        mac = Fixtures.mac();
        prefix = Fixtures.signedPrefix();
        jsonb = JsonbBuilder.create();
        clock = Clock.fixed(Fixtures.SIGNED_AT, ZoneOffset.UTC);
        ledgerClock = new SteppingClock(Fixtures.SIGNED_AT);
        ledger = CaffeineDeliveryLedger.builder()
                .dedupeWindow(Duration.ofMillis(POOL / 2))
                // Caffeine expires in buckets of about 1.07 s of (stepped) time: room for two of them.
                .maximumSize(4_096)
                .clock(ledgerClock)
                .build();
        receiver = WebhookReceiver.builder()
                .secret(Secret.of(Fixtures.SECRET))
                .clock(clock)
                .ledger(ledger)
                .endpoint(Fixtures.ENDPOINT)
                .handler(event -> { })
                .build();
    }

    /**
     * Closes the JSON-B instance.
     *
     * @throws Exception if Yasson fails to close
     */
    @TearDown
    public void tearDown() throws Exception {
        jsonb.close();
    }

    /**
     * The floor: one keyed HMAC, a constant-time compare and one Yasson parse into a {@link JsonObject}.
     *
     * @return the parsed envelope
     */
    @Benchmark
    public JsonObject floorHmacYasson() {
        int i = (int) (sequence++ & (POOL - 1));
        byte[] body = bodies[i];
        mac.update(prefix);
        mac.update(body);
        if (!MessageDigest.isEqual(mac.doFinal(), digests[i])) {
            throw new IllegalStateException("fixture digest mismatch");
        }
        return jsonb.fromJson(new ByteArrayInputStream(body), JsonObject.class);
    }

    /**
     * {@link WebhookReceiver#receive}: headers, signature, envelope, two ledger claims, a no-op handler,
     * two completions.
     *
     * @return the result, {@link Outcome#PROCESSED}
     */
    @Benchmark
    public ReceiveResult promptfloe() {
        long n = sequence++;
        int i = (int) (n & (POOL - 1));
        ledgerClock.step(1);
        ReceiveResult result = receiver.receive(new Delivery(headers[i], Fixtures.id("deliv_", n)), bodies[i]);
        // A rejection is much cheaper than processing: measuring one by mistake must stop the run.
        if (result.outcome() != Outcome.PROCESSED) {
            throw new IllegalStateException("delivery " + n + " was not processed: " + result);
        }
        return result;
    }

    /**
     * stripe-java's {@code Webhook.constructEvent} on the received bytes, decoded as it needs.
     *
     * @return the Stripe event
     * @throws SignatureVerificationException never, the fixtures are genuine
     */
    @Benchmark
    public Event stripeConstructEvent() throws SignatureVerificationException {
        int i = (int) (sequence++ & (POOL - 1));
        return Webhook.constructEvent(new String(stripeBodies[i], StandardCharsets.UTF_8), stripeHeaders[i],
                Fixtures.SECRET, 300, clock);
    }

    /** The three PromptFloe headers of one request, looked up as a servlet request would answer. */
    private record Delivery(String signature, String deliveryId) implements HeaderLookup {
        @Override
        public String header(String name) {
            return switch (name) {
                case WebhookHeaders.SIGNATURE -> signature;
                case WebhookHeaders.DELIVERY -> deliveryId;
                case WebhookHeaders.EVENT -> "skill.completed";
                default -> null;
            };
        }
    }
}
