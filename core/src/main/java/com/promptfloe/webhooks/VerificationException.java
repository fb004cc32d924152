package com.promptfloe.webhooks;

import java.util.Objects;

/**
 * A delivery's signature did not verify; {@link #reason()} says which check failed.
 *
 * <p>The message helps whoever reads the log and never contains a secret or an expected signature.
 */
public final class VerificationException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Which check failed. */
    public enum Reason {
        /** There was no {@code X-PromptFloe-Signature} header. */
        MISSING,
        /** The header could not be read as {@code t=<seconds>,v1=<64 hex>}. */
        MALFORMED,
        /** The signature is genuine but its timestamp is too far from now, in either direction. */
        OUTSIDE_TOLERANCE,
        /** No {@code v1} matched any configured secret. */
        NO_MATCHING_SIGNATURE
    }

    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason which check failed
     * @param message what was wrong and how to fix it
     */
    public VerificationException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Which check failed.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
