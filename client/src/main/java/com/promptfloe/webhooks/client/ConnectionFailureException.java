package com.promptfloe.webhooks.client;

/**
 * No answer from PromptFloe: the connection failed, or no response came within the request
 * timeout, on every attempt the client was allowed to make.
 */
public class ConnectionFailureException extends PromptFloeApiException {
    private static final long serialVersionUID = 1L;

    private final boolean timedOut;

    /**
     * The failure.
     *
     * @param message  what failed, without the API key or a secret
     * @param attempts how many times the call was sent
     * @param timedOut true when the last attempt ran out of time
     * @param cause    the last attempt's exception
     */
    public ConnectionFailureException(String message, int attempts, boolean timedOut, Throwable cause) {
        super(message, NO_RESPONSE, null, null, attempts, cause);
        this.timedOut = timedOut;
    }

    /**
     * Whether the last attempt timed out (rather than failing to connect).
     *
     * @return true on a timeout
     */
    public boolean timedOut() {
        return timedOut;
    }
}
