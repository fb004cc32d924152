package com.promptfloe.webhooks.chaos;

import java.util.List;
import java.util.Map;

/**
 * What a chaos run measured, what happened when, and what it found wrong.
 *
 * @param figures  the figures, in the order they are printed
 * @param timeline kills, restarts and the outage, with their times
 * @param problems every loss, unexplained duplicate or missing chaos; empty when the run passed
 */
record ChaosResult(Map<String, Object> figures, List<String> timeline, List<String> problems) {

    /** The figures, one per line, then the problems if any. */
    String report() {
        StringBuilder text = new StringBuilder();
        figures.forEach((name, value) -> text.append(String.format("  %-42s %s%n", name, value)));
        if (problems.isEmpty()) {
            text.append("  => nothing acknowledged lost, every duplicate within the bound").append(System.lineSeparator());
        }
        for (String problem : problems) {
            text.append("  !! ").append(problem).append(System.lineSeparator());
        }
        return text.toString();
    }
}
