package com.promptfloe.webhooks.client.internal;

import java.util.List;

/**
 * The JSON shapes of the management API, bound by JSON-B through public fields. PromptFloe's
 * documents show no response bodies; these are the shapes the README documents, and unknown
 * members are ignored so that PromptFloe may add fields.
 */
public final class Wire {

    private Wire() {
    }

    /** A webhook; {@code secret} only in the answer to create. */
    public static final class WebhookJson {
        /** Id. */
        public String id;
        /** Delivery URL. */
        public String url;
        /** Event type names. */
        public List<String> events;
        /** Whether deliveries are on. */
        public Boolean enabled;
        /** ISO-8601 instant. */
        public String createdAt;
        /** The signing secret, shown once. */
        public String secret;
    }

    /** One page of the list. */
    public static final class PageJson {
        /** The webhooks of this page. */
        public List<WebhookJson> data;
        /** The cursor of the next page; absent or null on the last page. */
        public String nextCursor;
    }

    /** The body of create and of a partial update; null members are left out by JSON-B. */
    public static final class WriteJson {
        /** Delivery URL. */
        public String url;
        /** Event type names. */
        public List<String> events;
        /** Whether deliveries are on. */
        public Boolean enabled;
    }

    /** The answer to replay. */
    public static final class ReplayJson {
        /** Subscription id. */
        public String webhookId;
        /** Delivery id. */
        public String deliveryId;
        /** Replay state. */
        public String status;
    }

    /** An error answer: {@code {"error":{"code":..,"message":..}}}, or the same members at the top. */
    public static final class ErrorJson {
        /** The nested error. */
        public ErrorBody error;
        /** Code, when not nested. */
        public String code;
        /** Message, when not nested. */
        public String message;
    }

    /** The nested error. */
    public static final class ErrorBody {
        /** Code. */
        public String code;
        /** Message. */
        public String message;
    }
}
