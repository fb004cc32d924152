package com.promptfloe.webhooks.jakarta.internal.console;

import com.promptfloe.webhooks.Outcome;
import com.promptfloe.webhooks.journal.JournalQuery;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The deliveries list's filter, as the form and the API send it: {@code q} (a delivery or event
 * id), {@code outcome}, {@code type}, {@code endpoint}, {@code from}, {@code to} (ISO instants, or
 * a {@code datetime-local} value read as UTC) and {@code page} (from 1).
 *
 * @param q the id searched for
 * @param outcome the outcome (its name or its reason, such as {@code handler_failed})
 * @param type the event type
 * @param endpoint the endpoint
 * @param from the start, as sent
 * @param to the end, as sent
 * @param page the page, from 1
 */
record DeliveryFilter(String q, String outcome, String type, String endpoint, String from, String to, int page) {

    /** Records per page. */
    static final int PAGE_SIZE = 20;
    /** The last page one can ask for (a bound on the offset the journal must skip). */
    static final int MAX_PAGE = 500;

    static DeliveryFilter parse(UnaryOperator<String> parameters) {
        String pageText = blank(parameters.apply("page"));
        int page = 1;
        if (pageText != null) {
            try {
                page = Integer.parseInt(pageText);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("page must be a whole number: " + pageText);
            }
            if (page < 1 || page > MAX_PAGE) {
                throw new IllegalArgumentException("page must be 1 to " + MAX_PAGE + ": " + page);
            }
        }
        return new DeliveryFilter(blank(parameters.apply("q")), blank(parameters.apply("outcome")),
                blank(parameters.apply("type")), blank(parameters.apply("endpoint")), blank(parameters.apply("from")),
                blank(parameters.apply("to")), page);
    }

    /** The journal query of this filter's page. */
    JournalQuery query() {
        Set<Outcome> outcomes = outcome == null ? Set.of() : Set.of(outcome(outcome));
        return new JournalQuery(endpoint, outcomes, type, instant("from", from), instant("to", to), q,
                (page - 1) * PAGE_SIZE, PAGE_SIZE);
    }

    /** The parameters of another page of the same filter. */
    Map<String, String> parameters(int otherPage) {
        Map<String, String> parameters = new LinkedHashMap<>();
        put(parameters, "q", q);
        put(parameters, "outcome", outcome);
        put(parameters, "type", type);
        put(parameters, "endpoint", endpoint);
        put(parameters, "from", from);
        put(parameters, "to", to);
        parameters.put("page", Integer.toString(otherPage));
        return parameters;
    }

    private static void put(Map<String, String> parameters, String name, String value) {
        if (value != null) {
            parameters.put(name, value);
        }
    }

    static Outcome outcome(String text) {
        for (Outcome candidate : Outcome.values()) {
            if (candidate.name().equalsIgnoreCase(text) || candidate.reason().equalsIgnoreCase(text)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("outcome must be one of " + java.util.Arrays.stream(Outcome.values())
                .map(o -> o.name().toLowerCase(Locale.ROOT)).toList() + ": " + text);
    }

    private static Instant instant(String name, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException again) {
                throw new IllegalArgumentException(name + " must be an instant such as 2026-04-26T12:00:00Z: " + text);
            }
        }
    }

    private static String blank(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
