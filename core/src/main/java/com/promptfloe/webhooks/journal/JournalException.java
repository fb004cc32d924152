package com.promptfloe.webhooks.journal;

/** The journal could not be read or written; what a {@link DeliveryJournal} throws. */
public class JournalException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * A failure with its cause.
     *
     * @param message what failed
     * @param cause why
     */
    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * A failure.
     *
     * @param message what failed
     */
    public JournalException(String message) {
        super(message);
    }
}
