package com.promptfloe.webhooks.client;

import java.time.Duration;
import java.util.Optional;

/**
 * PromptFloe asked the client to slow down (429), and its {@code Retry-After} did not fit in the
 * client's retry budget, or the retries ran out.
 */
public class RateLimitedException extends PromptFloeApiException {
    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    /**
     * The failure.
     *
     * @param message    what failed, without the API key or a secret
     * @param errorCode  PromptFloe's error code, or {@code null}
     * @param requestId  PromptFloe's request id, or {@code null}
     * @param attempts   how many times the call was sent
     * @param retryAfter PromptFloe's {@code Retry-After}, or {@code null}
     */
    public RateLimitedException(String message, String errorCode, String requestId, int attempts,
            Duration retryAfter) {
        super(message, 429, errorCode, requestId, attempts, null);
        this.retryAfter = retryAfter;
    }

    /**
     * How long PromptFloe asked to wait before the next call.
     *
     * @return the wait, when PromptFloe sent {@code Retry-After}
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
