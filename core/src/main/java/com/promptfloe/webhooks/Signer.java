package com.promptfloe.webhooks;

import com.promptfloe.webhooks.internal.Hex;
import com.promptfloe.webhooks.internal.HmacSha256;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Signs a body the way PromptFloe does, for tests, the test kit and the delivery emulator.
 *
 * <pre>{@code
 * String header = Signer.of(Secret.of("whsec_test")).header(Instant.now(), body);
 * // "t=1730000000,v1=5257a869..."
 * }</pre>
 *
 * <p>With several secrets the header carries one {@code v1} per secret, as during a rotation.
 */
public final class Signer {

    private final HmacSha256 hmac;

    private Signer(List<Secret> secrets) {
        this.hmac = new HmacSha256(secrets);
    }

    /**
     * A signer for one or more secrets.
     *
     * @param secrets at least one secret
     * @return the signer
     */
    public static Signer of(Secret... secrets) {
        if (secrets.length == 0) {
            throw new IllegalArgumentException("a signer needs at least one secret");
        }
        for (Secret secret : secrets) {
            Objects.requireNonNull(secret, "secret");
        }
        return new Signer(List.of(secrets));
    }

    /**
     * The {@code X-PromptFloe-Signature} value for a body sent at {@code timestamp}.
     *
     * @param timestamp when the delivery is sent; only whole seconds count
     * @param body the exact bytes that will be sent
     * @return {@code t=<seconds>,v1=<hex>} with one {@code v1} per secret
     */
    public String header(Instant timestamp, byte[] body) {
        long seconds = timestamp.getEpochSecond();
        StringBuilder header = new StringBuilder(8 + 68 * hmac.size()).append("t=").append(seconds);
        for (int i = 0; i < hmac.size(); i++) {
            header.append(",v1=").append(Hex.encode(hmac.digest(i, seconds, body)));
        }
        return header.toString();
    }
}
