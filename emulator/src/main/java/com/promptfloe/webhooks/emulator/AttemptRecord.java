package com.promptfloe.webhooks.emulator;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * What happened on one delivery attempt; the emulator reports one per attempt, in order.
 *
 * <pre>{@code
 * emulator = DeliveryEmulator.builder()...onAttempt(record -> System.out.println(record.toLine())).build();
 * }</pre>
 *
 * @param deliveryId the delivery
 * @param attempt 1 for the first attempt, 2 for the first retry, ...
 * @param maxAttempts how many attempts the schedule allows in all
 * @param sentAt the emulator clock's instant when the attempt was sent
 * @param result how the attempt ended
 * @param status the HTTP status, or {@code -1} when there was no response
 * @param reason the {@code reason} of a JSON response body such as {@code {"status":200,"reason":"duplicate"}},
 *     or {@code null}
 * @param responseBody the response body, or {@code null} when there was no response
 * @param error why there was no response, or {@code null}
 * @param elapsed how long the attempt took, measured on the real (unscaled) time
 * @param signature the {@code X-PromptFloe-Signature} sent
 */
public record AttemptRecord(String deliveryId, int attempt, int maxAttempts, Instant sentAt, Result result, int status,
        String reason, String responseBody, String error, Duration elapsed, String signature) {

    /** How one attempt ended. */
    public enum Result {
        /** A 2xx answer: the delivery is done. */
        ACKNOWLEDGED,
        /** Any other status: PromptFloe retries. */
        REFUSED,
        /** No answer within the response timeout (PromptFloe waits 10 seconds): retried. */
        TIMED_OUT,
        /** The endpoint could not be reached: retried. */
        UNREACHABLE
    }

    /**
     * Checks the parts.
     *
     * @param deliveryId the delivery
     * @param attempt the attempt number, from 1
     * @param maxAttempts attempts allowed in all
     * @param sentAt when it was sent
     * @param result how it ended
     * @param status the HTTP status or -1
     * @param reason the response's reason code or null
     * @param responseBody the response body or null
     * @param error why there was no response, or null
     * @param elapsed how long it took
     * @param signature the signature header sent
     */
    public AttemptRecord {
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(sentAt, "sentAt");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /**
     * Whether the endpoint acknowledged (2xx).
     *
     * @return true for a 2xx answer
     */
    public boolean acknowledged() {
        return result == Result.ACKNOWLEDGED;
    }

    /**
     * The status as printed: {@code 200 processed}, {@code 401}, {@code timeout}, {@code unreachable}.
     *
     * @return a short text
     */
    public String statusText() {
        return switch (result) {
            case TIMED_OUT -> "timeout";
            case UNREACHABLE -> "unreachable";
            default -> reason == null ? Integer.toString(status) : status + " " + reason;
        };
    }

    /**
     * One line for a log or the command line: delivery, attempt, status, time.
     *
     * @return the line
     */
    public String toLine() {
        return deliveryId + "  attempt " + attempt + "/" + maxAttempts + "  " + statusText() + "  "
                + elapsed.toMillis() + " ms  at " + sentAt.truncatedTo(ChronoUnit.MILLIS) + (error == null ? "" : "  (" + error + ")");
    }
}
