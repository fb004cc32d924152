package com.promptfloe.webhooks.event;

/**
 * A body was not a PromptFloe event envelope: not JSON, not an object, no {@code id} or
 * {@code type}, or a documented field of the wrong JSON type.
 */
public final class MalformedEventException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was wrong
     * @param cause the parser's failure, or {@code null}
     */
    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
