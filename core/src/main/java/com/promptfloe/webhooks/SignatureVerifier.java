package com.promptfloe.webhooks;

import com.promptfloe.webhooks.VerificationException.Reason;
import com.promptfloe.webhooks.internal.HmacSha256;
import com.promptfloe.webhooks.internal.SignatureHeader;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Checks that a delivery was signed by PromptFloe with one of your secrets, recently.
 *
 * <pre>{@code
 * SignatureVerifier verifier = SignatureVerifier.builder()
 *         .secret(Secret.of(System.getenv("PROMPTFLOE_WEBHOOKS_SECRET")))
 *         .build();
 * verifier.verify(request.getHeader(WebhookHeaders.SIGNATURE), rawBody);
 * }</pre>
 *
 * <p>The HMAC-SHA256 is computed over {@code <t>.} followed by the body's bytes exactly as they
 * arrived, and compared in constant time with every {@code v1} of the header for every configured
 * secret, so that a new and an old secret both work during a rotation. A genuine signature whose
 * timestamp lies further from the clock than the tolerance, in either direction, is refused as well.
 * Instances are immutable and thread-safe.
 */
public final class SignatureVerifier {

    /** PromptFloe's documents name none; five minutes is what signed-webhook schemes commonly use. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private final HmacSha256 hmac;
    private final long toleranceSeconds;
    private final Clock clock;

    private SignatureVerifier(Builder builder) {
        this.hmac = new HmacSha256(List.copyOf(builder.secrets));
        this.toleranceSeconds = builder.tolerance.toSeconds();
        this.clock = builder.clock;
    }

    /**
     * Starts a builder; at least one secret is required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Verifies one delivery.
     *
     * @param header the {@code X-PromptFloe-Signature} value, or {@code null} when absent
     * @param body the raw body bytes as received, before any decoding
     * @return the signed timestamp, in unix seconds
     * @throws VerificationException when the header is missing or malformed, no signature matches,
     *     or the timestamp is outside the tolerance
     */
    public long verify(String header, byte[] body) throws VerificationException {
        Objects.requireNonNull(body, "body");
        SignatureHeader parsed = SignatureHeader.parse(header);
        if (!matches(parsed, body)) {
            throw new VerificationException(Reason.NO_MATCHING_SIGNATURE, "no v1 signature matches any of the "
                    + hmac.size() + " configured secret(s). Check the secret, and that the body is verified as the "
                    + "raw bytes received, not JSON parsed and written again or a String decoded and re-encoded");
        }
        long now = clock.millis() / 1000;
        long skew = now - parsed.timestamp();
        if (Math.abs(skew) > toleranceSeconds) {
            throw new VerificationException(Reason.OUTSIDE_TOLERANCE, "the signature is genuine but its timestamp is "
                    + Math.abs(skew) + " s in the " + (skew > 0 ? "past" : "future") + ", more than the tolerance of "
                    + toleranceSeconds + " s. A replayed request, or a clock that is off: check NTP on this host");
        }
        return parsed.timestamp();
    }

    private boolean matches(SignatureHeader parsed, byte[] body) {
        for (int i = 0; i < hmac.size(); i++) {
            byte[] expected = hmac.digest(i, parsed.timestamp(), body);
            for (byte[] candidate : parsed.signatures()) {
                if (MessageDigest.isEqual(expected, candidate)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Builds a {@link SignatureVerifier}; each setting is checked at once. */
    public static final class Builder {
        private final List<Secret> secrets = new ArrayList<>();
        private Duration tolerance = DEFAULT_TOLERANCE;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * Adds a secret; call it again, or use {@link #secrets}, to accept several during a rotation.
         *
         * @param secret the secret
         * @return this builder
         */
        public Builder secret(Secret secret) {
            secrets.add(Objects.requireNonNull(secret, "secret"));
            return this;
        }

        /**
         * Adds secrets.
         *
         * @param all the secrets
         * @return this builder
         */
        public Builder secrets(Collection<Secret> all) {
            all.forEach(this::secret);
            return this;
        }

        /**
         * How far a signature's timestamp may be from the clock, in either direction.
         *
         * @param tolerance at least one second
         * @return this builder
         */
        public Builder tolerance(Duration tolerance) {
            Objects.requireNonNull(tolerance, "tolerance");
            if (tolerance.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("tolerance must be at least one second: " + tolerance);
            }
            this.tolerance = tolerance;
            return this;
        }

        /**
         * The clock timestamps are checked against.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the verifier.
         *
         * @return the verifier
         * @throws IllegalStateException when no secret was given
         */
        public SignatureVerifier build() {
            if (secrets.isEmpty()) {
                throw new IllegalStateException("a verifier needs at least one secret: set "
                        + "promptfloe.webhooks.secret, or call secret(Secret.of(...))");
            }
            return new SignatureVerifier(this);
        }
    }
}
