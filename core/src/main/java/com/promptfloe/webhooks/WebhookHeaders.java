package com.promptfloe.webhooks;

/** The HTTP header names PromptFloe sends with every delivery. */
public final class WebhookHeaders {

    /** {@code t=<unix seconds>,v1=<hex HMAC-SHA256>}: the signature over the timestamp and the raw body. */
    public static final String SIGNATURE = "X-PromptFloe-Signature";
    /** The delivery id, the same for every retry of one delivery: the dedupe key. */
    public static final String DELIVERY = "X-PromptFloe-Delivery";
    /** The event type, which must equal the body's {@code type}. */
    public static final String EVENT = "X-PromptFloe-Event";

    private WebhookHeaders() {
    }
}
