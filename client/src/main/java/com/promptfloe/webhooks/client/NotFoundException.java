package com.promptfloe.webhooks.client;

/**
 * PromptFloe has no such webhook or delivery (404): it was deleted, or the id is wrong.
 */
public class NotFoundException extends PromptFloeApiException {
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
    public NotFoundException(String message, int status, String errorCode, String requestId, int attempts) {
        super(message, status, errorCode, requestId, attempts, null);
    }
}
