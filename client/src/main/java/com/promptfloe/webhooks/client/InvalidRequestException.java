package com.promptfloe.webhooks.client;

/**
 * PromptFloe refused the request's content (400, 409 or 422), such as an unknown event type or a
 * URL it cannot deliver to: the message says which. Retrying the same request cannot succeed.
 */
public class InvalidRequestException extends PromptFloeApiException {
    private static final long serialVersionUID = 1L;

    /**
     * The failure.
     *
     * @param message   what failed, without the API key or a secret
     * @param status    the HTTP status
     * @param errorCode PromptFloe's error code, or {@code null}
     * @param requestId PromptFloe's request id, or {@code null}
     * @param attempts  how many times the call was sent
     */
    public InvalidRequestException(String message, int status, String errorCode, String requestId, int attempts) {
        super(message, status, errorCode, requestId, attempts, null);
    }
}
