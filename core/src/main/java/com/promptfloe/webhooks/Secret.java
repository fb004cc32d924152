package com.promptfloe.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A webhook signing secret, as PromptFloe showed it when the endpoint was created.
 *
 * <pre>{@code
 * Secret secret = Secret.of(System.getenv("PROMPTFLOE_WEBHOOKS_SECRET"));
 * }</pre>
 *
 * <p>The value is kept as its UTF-8 bytes (the HMAC key), copied in and out, and never shown:
 * {@link #toString()} prints {@code Secret[redacted]}.
 */
public final class Secret {

    private final byte[] key;

    private Secret(byte[] key) {
        this.key = key;
    }

    /**
     * Wraps a secret.
     *
     * @param value the secret exactly as PromptFloe showed it
     * @return the secret
     * @throws IllegalArgumentException when the value is null or blank
     */
    public static Secret of(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a PromptFloe webhook secret must not be blank: copy it from the "
                    + "response that created the webhook endpoint");
        }
        if (!value.strip().equals(value)) {
            throw new IllegalArgumentException("a PromptFloe webhook secret must not start or end with white space:"
                    + " check how it was pasted into the configuration");
        }
        return new Secret(value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The HMAC key: the secret's UTF-8 bytes, as a fresh copy.
     *
     * @return a copy of the key bytes
     */
    public byte[] keyBytes() {
        return key.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret that && MessageDigest.isEqual(key, that.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "Secret[redacted]";
    }
}
