package com.promptfloe.webhooks.ledger;

/**
 * A {@link DeliveryLedger} could not answer, for example because its database is down. The receiver
 * answers 503 with {@code Retry-After}, so PromptFloe delivers again and nothing is lost.
 */
public class LedgerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed and what to check
     * @param cause the underlying failure
     */
    public LedgerException(String message, Throwable cause) {
        super(message, cause);
    }
}
