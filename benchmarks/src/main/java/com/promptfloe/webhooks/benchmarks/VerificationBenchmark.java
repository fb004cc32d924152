package com.promptfloe.webhooks.benchmarks;

import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.SignatureVerifier;
import com.promptfloe.webhooks.Signer;
import com.promptfloe.webhooks.VerificationException;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
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

/**
 * Compares signature verification with the floor and with stripe-java; run it through
 * {@code benchmarks/run.sh}.
 *
 * <p>The floor is one HMAC-SHA256 over {@code <t>.} and the body with a {@link Mac} that is already
 * keyed, and one constant-time compare with the expected digest: no header parsing, no clock, no
 * allocation but the digest. stripe-java takes the body as a {@code String}, so {@link #stripe()}
 * decodes the received bytes first, as a servlet would have to; {@link #stripePreDecoded()} shows the
 * library's cost alone.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class VerificationBenchmark {

    /** Body size in bytes. */
    @Param({"1024", "16384", "262144"})
    public int bodySize;

    private byte[] body;
    private String bodyString;
    private String header;
    private Mac mac;
    private byte[] prefix;
    private byte[] expected;
    private SignatureVerifier verifier;
    private Clock clock;

    /** Creates the benchmark; JMH calls it. */
    public VerificationBenchmark() {
    }

    /** Signs one body and prepares every verifier. */
    @Setup
    public void setUp() {
        body = Fixtures.skillCompleted(Fixtures.id("evt_", 1), bodySize);
        bodyString = new String(body, StandardCharsets.UTF_8);
        header = Signer.of(Secret.of(Fixtures.SECRET)).header(Fixtures.SIGNED_AT, body);
        mac = Fixtures.mac();
        prefix = Fixtures.signedPrefix();
        expected = Fixtures.digest(body);
        clock = Clock.fixed(Fixtures.SIGNED_AT, ZoneOffset.UTC);
        verifier = SignatureVerifier.builder().secret(Secret.of(Fixtures.SECRET)).clock(clock).build();
    }

    /**
     * The floor: one keyed HMAC and one constant-time compare.
     *
     * @return whether the digest matched
     */
    @Benchmark
    public boolean floor() {
        mac.update(prefix);
        mac.update(body);
        return MessageDigest.isEqual(mac.doFinal(), expected);
    }

    /**
     * {@link SignatureVerifier#verify}: header parsing, HMAC, compare, tolerance.
     *
     * @return the signed timestamp
     * @throws VerificationException never, the fixture is genuine
     */
    @Benchmark
    public long promptfloe() throws VerificationException {
        return verifier.verify(header, body);
    }

    /**
     * stripe-java's {@code Webhook.Signature.verifyHeader} on the received bytes, decoded as it needs.
     *
     * @return whether it verified
     * @throws SignatureVerificationException never, the fixture is genuine
     */
    @Benchmark
    public boolean stripe() throws SignatureVerificationException {
        return Webhook.Signature.verifyHeader(new String(body, StandardCharsets.UTF_8), header, Fixtures.SECRET,
                300, clock);
    }

    /**
     * stripe-java's {@code Webhook.Signature.verifyHeader} on a body already held as a String.
     *
     * @return whether it verified
     * @throws SignatureVerificationException never, the fixture is genuine
     */
    @Benchmark
    public boolean stripePreDecoded() throws SignatureVerificationException {
        return Webhook.Signature.verifyHeader(bodyString, header, Fixtures.SECRET, 300, clock);
    }
}
