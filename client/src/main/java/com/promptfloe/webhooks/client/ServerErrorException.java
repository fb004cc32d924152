package com.promptfloe.webhooks.client;

/**
 * PromptFloe failed (5xx) and kept failing through the client's retries, or the call was not safe to
 * retry.
 */
public class ServerErrorException extends PromptFloeApiException {
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
    public ServerErrorException(String message, int status, String errorCode, String requestId, int attempts) {
        super(message, status, errorCode, requestId, attempts, null);
    }
}
