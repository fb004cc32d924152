package com.promptfloe.webhooks;

import com.promptfloe.webhooks.event.PromptFloeEvent;
import java.time.Duration;
import java.util.Objects;

/**
 * What the receiver made of one request: answer with {@link #httpStatus()}, and with
 * {@code Retry-After} when {@link #retryAfter()} is set.
 *
 * @param outcome what became of the delivery
 * @param detail a sentence for the log, naming what was wrong; never a secret
 * @param event the event, when the body was parsed; otherwise {@code null}
 * @param retryAfter when PromptFloe should try again, for 409 and 503; otherwise {@code null}
 */
public record ReceiveResult(Outcome outcome, String detail, PromptFloeEvent event, Duration retryAfter) {

    /**
     * Checks the parts.
     *
     * @param outcome what became of the delivery
     * @param detail a sentence for the log
     * @param event the event or {@code null}
     * @param retryAfter the retry hint or {@code null}
     */
    public ReceiveResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
    }

    /**
     * A result without event or retry hint.
     *
     * @param outcome what became of the delivery
     * @param detail a sentence for the log
     * @return the result
     */
    public static ReceiveResult of(Outcome outcome, String detail) {
        return new ReceiveResult(outcome, detail, null, null);
    }

    /**
     * The HTTP status to answer.
     *
     * @return the status code
     */
    public int httpStatus() {
        return outcome.httpStatus();
    }

    /**
     * The reason code for the response body.
     *
     * @return the reason code
     */
    public String reason() {
        return outcome.reason();
    }
}
