package com.promptfloe.webhooks.jakarta.internal.monitoring;

import com.promptfloe.webhooks.event.EventType;
import com.promptfloe.webhooks.event.PromptFloeEvent;

/** The metric names and bounded label values every backend uses alike. */
final class Labels {

    static final String DELIVERIES = "promptfloe.webhooks.deliveries";
    static final String HANDLER_DURATION = "promptfloe.webhooks.handler.duration";
    static final String SIGNATURE_AGE = "promptfloe.webhooks.signature.age";
    static final String INBOX_ENTRIES = "promptfloe.webhooks.inbox.entries";
    static final String INBOX_OLDEST_AGE = "promptfloe.webhooks.inbox.oldest.age";
    static final String LEDGER_EVICTIONS = "promptfloe.webhooks.ledger.evictions";

    static final String ENDPOINT = "endpoint";
    static final String EVENT_TYPE = "event.type";
    static final String OUTCOME = "outcome";
    static final String RESULT = "result";
    static final String STATE = "state";
    static final String REASON = "reason";

    /** The event type of a request whose body was never parsed (refused before, or not an envelope). */
    static final String NONE = "none";
    static final String UNKNOWN = "unknown";

    private Labels() {
    }

    /**
     * One of the documented types, {@code unknown}, or {@code none} before a body was parsed: never
     * a value a sender chose freely, so the label stays bounded.
     */
    static String eventType(PromptFloeEvent event) {
        if (event == null) {
            return NONE;
        }
        return EventType.fromWireName(event.type()).map(EventType::wireName).orElse(UNKNOWN);
    }
}
