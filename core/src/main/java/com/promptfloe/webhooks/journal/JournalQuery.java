package com.promptfloe.webhooks.journal;

import com.promptfloe.webhooks.Outcome;
import java.time.Instant;
import java.util.Set;

/**
 * Which journal records to list, newest first, one page at a time. Every filter left {@code null}
 * (or empty) matches everything.
 *
 * <pre>{@code
 * JournalPage failed = journal.find(JournalQuery.newest(50).outcomes(Set.of(Outcome.HANDLER_FAILED)).endpoint("default"));
 * }</pre>
 *
 * @param endpoint only this endpoint's records
 * @param outcomes only records with one of these outcomes
 * @param eventType only this event type
 * @param from only records at or after this time
 * @param to only records before this time
 * @param id only records whose delivery id or event id is exactly this
 * @param offset how many matching records to skip, newest first
 * @param limit how many to list at most, 1 to {@link #MAX_LIMIT}
 */
public record JournalQuery(String endpoint, Set<Outcome> outcomes, String eventType, Instant from, Instant to,
        String id, int offset, int limit) {

    /** The largest page. */
    public static final int MAX_LIMIT = 1000;

    /**
     * Checks the parts.
     *
     * @param endpoint the endpoint or {@code null}
     * @param outcomes the outcomes, empty for all
     * @param eventType the type or {@code null}
     * @param from the start or {@code null}
     * @param to the end or {@code null}
     * @param id the delivery or event id or {@code null}
     * @param offset not negative
     * @param limit 1 to {@link #MAX_LIMIT}
     */
    public JournalQuery {
        outcomes = outcomes == null ? Set.of() : Set.copyOf(outcomes);
        endpoint = blankToNull(endpoint);
        eventType = blankToNull(eventType);
        id = blankToNull(id);
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ": " + limit);
        }
    }

    /**
     * The newest records, unfiltered.
     *
     * @param limit how many at most
     * @return the query
     */
    public static JournalQuery newest(int limit) {
        return new JournalQuery(null, Set.of(), null, null, null, null, 0, limit);
    }

    /**
     * Only one endpoint's records.
     *
     * @param name the endpoint, or {@code null} for all
     * @return a new query
     */
    public JournalQuery endpoint(String name) {
        return new JournalQuery(name, outcomes, eventType, from, to, id, offset, limit);
    }

    /**
     * Only records with one of these outcomes.
     *
     * @param wanted the outcomes, empty for all
     * @return a new query
     */
    public JournalQuery outcomes(Set<Outcome> wanted) {
        return new JournalQuery(endpoint, wanted, eventType, from, to, id, offset, limit);
    }

    /**
     * Only one event type.
     *
     * @param type the type, or {@code null} for all
     * @return a new query
     */
    public JournalQuery eventType(String type) {
        return new JournalQuery(endpoint, outcomes, type, from, to, id, offset, limit);
    }

    /**
     * Only records in a time range.
     *
     * @param start at or after, or {@code null}
     * @param end before, or {@code null}
     * @return a new query
     */
    public JournalQuery between(Instant start, Instant end) {
        return new JournalQuery(endpoint, outcomes, eventType, start, end, id, offset, limit);
    }

    /**
     * Only records of one delivery id or event id.
     *
     * @param deliveryOrEventId the id, or {@code null} for all
     * @return a new query
     */
    public JournalQuery id(String deliveryOrEventId) {
        return new JournalQuery(endpoint, outcomes, eventType, from, to, deliveryOrEventId, offset, limit);
    }

    /**
     * Another page of the same query.
     *
     * @param skip how many matching records to skip
     * @return a new query
     */
    public JournalQuery offset(int skip) {
        return new JournalQuery(endpoint, outcomes, eventType, from, to, id, skip, limit);
    }

    /**
     * Whether a record matches the filters (not the page): what an in-memory journal checks.
     *
     * @param record the record
     * @return {@code true} when every filter matches
     */
    public boolean matches(JournalRecord record) {
        return (endpoint == null || endpoint.equals(record.endpoint()))
                && (outcomes.isEmpty() || outcomes.contains(record.outcome()))
                && (eventType == null || eventType.equals(record.eventType()))
                && (from == null || !record.at().isBefore(from))
                && (to == null || record.at().isBefore(to))
                && (id == null || id.equals(record.deliveryId()) || id.equals(record.eventId()));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
