package com.promptfloe.webhooks;

/**
 * What became of a delivery, with the HTTP status PromptFloe is answered with: the one status table
 * every adapter uses. PromptFloe treats any 2xx as success and retries everything else.
 */
public enum Outcome {
    /** Verified, new, and every handler returned: acknowledged. */
    PROCESSED(200, "processed"),
    /** Processed before (same delivery id, or the same signed event): acknowledged, not processed again. */
    DUPLICATE(200, "duplicate"),
    /** Accepted into the durable inbox; it is processed after the answer. */
    QUEUED(202, "queued"),
    /** Another attempt of the same delivery is being processed right now: retry later. */
    IN_FLIGHT(409, "in_flight"),
    /** Not a POST. */
    METHOD_NOT_ALLOWED(405, "method_not_allowed"),
    /** Not {@code application/json}. */
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported_media_type"),
    /** Larger than the configured body limit. */
    PAYLOAD_TOO_LARGE(413, "payload_too_large"),
    /** A required header is missing. */
    MISSING_HEADER(400, "missing_header"),
    /** A header is present but unusable (a blank or overlong delivery id). */
    INVALID_HEADER(400, "invalid_header"),
    /** The signature header could not be read. */
    SIGNATURE_MALFORMED(401, "signature_malformed"),
    /** The signature is genuine but too old or too far in the future. */
    SIGNATURE_OUTSIDE_TOLERANCE(401, "timestamp_outside_tolerance"),
    /** No signature matches a configured secret. */
    SIGNATURE_MISMATCH(401, "signature_mismatch"),
    /** Signed, but not an event envelope. */
    MALFORMED_PAYLOAD(400, "malformed_payload"),
    /** The body's {@code type} is not the one {@code X-PromptFloe-Event} names. */
    TYPE_MISMATCH(400, "type_mismatch"),
    /** A handler threw; the delivery is forgotten so PromptFloe's retry is processed. */
    HANDLER_FAILED(500, "handler_failed"),
    /** The delivery ledger could not be reached; nothing was acknowledged. */
    LEDGER_UNAVAILABLE(503, "ledger_unavailable"),
    /** Inbox mode: the durable inbox could not store the delivery; nothing was acknowledged. */
    INBOX_UNAVAILABLE(503, "inbox_unavailable");

    private final int httpStatus;
    private final String reason;

    Outcome(int httpStatus, String reason) {
        this.httpStatus = httpStatus;
        this.reason = reason;
    }

    /**
     * The HTTP status to answer.
     *
     * @return the status code
     */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * A short, stable reason code for the response body and logs.
     *
     * @return the reason code, such as {@code signature_mismatch}
     */
    public String reason() {
        return reason;
    }

    /**
     * Whether PromptFloe takes the answer as success and stops retrying.
     *
     * @return {@code true} for a 2xx status
     */
    public boolean acknowledged() {
        return httpStatus >= 200 && httpStatus < 300;
    }
}
