package com.promptfloe.webhooks.journal;

import com.promptfloe.webhooks.Outcome;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many records of each outcome each endpoint has since a point in time: the console's overview.
 *
 * @param byEndpoint endpoint name to outcome to count; outcomes without records are absent
 */
public record JournalCounts(Map<String, Map<Outcome, Long>> byEndpoint) {

    /**
     * Copies the counts, endpoints sorted by name.
     *
     * @param byEndpoint the counts
     */
    public JournalCounts {
        TreeMap<String, Map<Outcome, Long>> copy = new TreeMap<>();
        byEndpoint.forEach((endpoint, counts) -> copy.put(endpoint, Map.copyOf(counts)));
        byEndpoint = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * One count.
     *
     * @param endpoint the endpoint
     * @param outcome the outcome
     * @return how many, 0 when none
     */
    public long count(String endpoint, Outcome outcome) {
        return byEndpoint.getOrDefault(endpoint, Map.of()).getOrDefault(outcome, 0L);
    }

    /**
     * All of an endpoint's records.
     *
     * @param endpoint the endpoint
     * @return how many
     */
    public long total(String endpoint) {
        return byEndpoint.getOrDefault(endpoint, Map.of()).values().stream().mapToLong(Long::longValue).sum();
    }
}
