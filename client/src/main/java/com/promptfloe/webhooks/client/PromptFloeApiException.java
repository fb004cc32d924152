package com.promptfloe.webhooks.client;

import java.util.Optional;

/**
 * A call to PromptFloe's management API that did not succeed: catch this for every failure, or one
 * of its subtypes for one kind.
 *
 * <pre>{@code
 * try {
 *     client.get(id);
 * } catch (NotFoundException e) {
 *     // deleted meanwhile
 * } catch (PromptFloeApiException e) {
 *     log.warning(e.getMessage()); // status, PromptFloe's code and message, request id
 * }
 * }</pre>
 *
 * <p>The message names the call (method and path), the status, PromptFloe's error code and message
 * and its request id, and never the API key or a webhook secret.
 */
public class PromptFloeApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The status of a call that got no HTTP answer at all. */
    public static final int NO_RESPONSE = 0;

    private final int status;
    private final String errorCode;
    private final String requestId;
    private final int attempts;

    /**
     * A failure with an HTTP answer (or {@link #NO_RESPONSE}).
     *
     * @param message   what failed; must not contain the API key or a secret
     * @param status    the HTTP status
     * @param errorCode PromptFloe's error code, or {@code null}
     * @param requestId PromptFloe's request id, or {@code null}
     * @param attempts  how many times the call was sent
     * @param cause     the underlying exception, or {@code null}
     */
    public PromptFloeApiException(String message, int status, String errorCode, String requestId, int attempts,
            Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
        this.requestId = requestId;
        this.attempts = attempts;
    }

    /**
     * The HTTP status PromptFloe answered with.
     *
     * @return the status, or {@link #NO_RESPONSE} when there was no answer
     */
    public int status() {
        return status;
    }

    /**
     * PromptFloe's machine-readable error code, such as {@code not_found}.
     *
     * @return the code, when the answer had one
     */
    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    /**
     * PromptFloe's id for the request, to quote to its support.
     *
     * @return the id, when the answer had one
     */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /**
     * How many times the call was sent, retries included.
     *
     * @return at least 1
     */
    public int attempts() {
        return attempts;
    }
}
