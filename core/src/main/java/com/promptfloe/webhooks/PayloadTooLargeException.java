package com.promptfloe.webhooks;

import java.io.IOException;

/** A request body was larger than the configured limit; answer 413. */
public final class PayloadTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param limit the limit in bytes
     */
    public PayloadTooLargeException(long limit) {
        super("the body is larger than the limit of " + limit + " bytes (promptfloe.webhooks.max-body-size)");
    }
}
