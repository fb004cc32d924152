package com.promptfloe.webhooks.inbox;

/**
 * A {@link DeliveryInbox} could not answer, for example because its database is down: a delivery
 * that could not be stored is answered 503 with {@code Retry-After}, so PromptFloe sends it again.
 */
public class InboxException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed and what to check
     * @param cause the underlying failure
     */
    public InboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
