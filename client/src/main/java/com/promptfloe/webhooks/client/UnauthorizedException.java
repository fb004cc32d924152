package com.promptfloe.webhooks.client;

/**
 * PromptFloe refused the API key (401 or 403): check {@code promptfloe.api.key}, or the
 * authorization scheme when PromptFloe expects another than {@code Bearer}.
 */
public class UnauthorizedException extends PromptFloeApiException {
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
    public UnauthorizedException(String message, int status, String errorCode, String requestId, int attempts) {
        super(message, status, errorCode, requestId, attempts, null);
    }
}
