package com.promptfloe.webhooks.jakarta.internal.monitoring;

import com.promptfloe.webhooks.Outcome;
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
        return TYPES[typeIndex(event)];
    }

    /** How many values {@link #typeIndex} has: the documented types, {@code unknown} and {@code none}. */
    static final int TYPE_COUNT = EventType.values().length + 2;

    private static final String[] TYPES = types();

    /**
     * The event type label as a small index, for listeners that keep one label set per value instead
     * of building it per delivery.
     */
    static int typeIndex(PromptFloeEvent event) {
        if (event == null) {
            return TYPE_COUNT - 1;
        }
        // By the event's class: no hash of the type string the parser made for this delivery.
        int byClass = BY_CLASS.get(event.getClass());
        if (byClass >= 0) {
            return byClass;
        }
        EventType type = EventType.fromWireName(event.type()).orElse(null);
        return type == null ? TYPE_COUNT - 2 : type.ordinal();
    }

    /** The type's index for the classes the parser makes for documented types; -1 for any other class. */
    private static final ClassValue<Integer> BY_CLASS = new ClassValue<>() {
        @Override
        protected Integer computeValue(Class<?> eventClass) {
            for (EventType type : EventType.values()) {
                if (type.eventClass() == eventClass) {
                    return type.ordinal();
                }
            }
            return -1;
        }
    };

    static String typeName(int index) {
        return TYPES[index];
    }

    private static String[] types() {
        String[] names = new String[TYPE_COUNT];
        for (EventType type : EventType.values()) {
            names[type.ordinal()] = type.wireName();
        }
        names[TYPE_COUNT - 2] = UNKNOWN;
        names[TYPE_COUNT - 1] = NONE;
        return names;
    }

    private static final Outcome[] OUTCOMES = Outcome.values();

    /** How many (event type, outcome) label sets there are: the size of a listener's per-endpoint cache. */
    static final int OUTCOME_SLOTS = TYPE_COUNT * OUTCOMES.length;

    /** How many (event type, result) label sets there are. */
    static final int RESULT_SLOTS = TYPE_COUNT * 2;

    /** Where the (event type, outcome) label set sits in a cache of {@link #OUTCOME_SLOTS}. */
    static int outcomeSlot(int type, Outcome outcome) {
        return type * OUTCOMES.length + outcome.ordinal();
    }

    /** Where the (event type, result of {@link #result}) label set sits in a cache of {@link #RESULT_SLOTS}. */
    static int resultSlot(int type, Throwable failure) {
        return type * 2 + (failure == null ? 0 : 1);
    }

    /** {@code processed} or {@code handler_failed}: the result label of the handler's duration. */
    static String result(Throwable failure) {
        return failure == null ? Outcome.PROCESSED.reason() : Outcome.HANDLER_FAILED.reason();
    }
}
