package com.promptfloe.webhooks.chaos;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the observers' durable record says about a run, checked against what PromptFloe (the
 * emulator) counted as acknowledged, the kills and the database outage.
 *
 * <p>A <b>run</b> is one row: an observer that started for an event. It {@code finished}, or
 * {@code threw} on purpose, or has no outcome: it was cut short (its node killed, or the database
 * gone before it could write its end). An event is <b>processed</b> when a run finished. An event is
 * <b>processed twice</b> when more than one of its runs did the work (finished or cut short): a run
 * that threw on purpose is the retry PromptFloe's schedule exists for, not a duplicate. The
 * <b>bound</b> counts the events one of whose runs was running at a kill of its node or while the
 * database was down (from its start until its end, and up to {@link #GRACE_MILLIS} after its end:
 * the moment between the observer's last statement and the library recording the delivery done).
 * At-least-once allows exactly those to run again.
 */
final class ChaosRecord {

    /** After a run's end, how long its delivery may still be unrecorded as done when a kill lands. */
    static final long GRACE_MILLIS = 500;

    private final Map<String, List<Run>> runsByEvent = new TreeMap<>();

    /** One row of the record. */
    record Run(long id, String eventId, String node, long pid, long startedAt, Long endedAt, String outcome) {
        boolean didTheWork() {
            return !"threw".equals(outcome);
        }

        boolean runningAt(long moment) {
            return runningDuring(moment, moment);
        }

        boolean runningDuring(long from, long to) {
            return startedAt <= to && (endedAt == null || endedAt + GRACE_MILLIS >= from);
        }
    }

    private ChaosRecord() {
    }

    static ChaosRecord of(List<Run> runs) {
        ChaosRecord record = new ChaosRecord();
        runs.forEach(record::add);
        return record;
    }

    private void add(Run run) {
        runsByEvent.computeIfAbsent(run.eventId(), key -> new ArrayList<>()).add(run);
    }

    static ChaosRecord read(Connection connection, String table) throws SQLException {
        ChaosRecord record = new ChaosRecord();
        try (Statement select = connection.createStatement(); ResultSet rows = select.executeQuery(
                "SELECT id, event_id, node, pid, started_at, ended_at, outcome FROM " + table + " ORDER BY id")) {
            while (rows.next()) {
                long ended = rows.getLong(6);
                Long endedAt = rows.wasNull() ? null : ended;
                Run run = new Run(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getLong(4), rows.getLong(5),
                        endedAt, rows.getString(7));
                record.add(run);
            }
        }
        return record;
    }

    int runs() {
        return runsByEvent.values().stream().mapToInt(List::size).sum();
    }

    long count(String outcome) {
        return runsByEvent.values().stream().flatMap(List::stream)
                .filter(run -> outcome == null ? run.outcome() == null : outcome.equals(run.outcome())).count();
    }

    Set<String> processed() {
        Set<String> processed = new TreeSet<>();
        runsByEvent.forEach((event, runs) -> {
            if (runs.stream().anyMatch(run -> "finished".equals(run.outcome()))) {
                processed.add(event);
            }
        });
        return processed;
    }

    /**
     * Of the events whose inbox entries ended DEAD, those the library dead-lettered as it should: every
     * attempt ran the observer and the observer threw on purpose each time, as many times as the inbox
     * allows attempts. Such an entry is kept for a re-drive, not lost; a DEAD entry with any other
     * history (fewer attempts, a run cut short or one that finished) is not one of these.
     *
     * @param dead the event ids of the DEAD inbox entries
     * @param maxAttempts the inbox's {@code max-attempts}
     */
    Set<String> deadAsDesigned(Set<String> dead, int maxAttempts) {
        Set<String> designed = new TreeSet<>();
        for (String event : dead) {
            List<Run> runs = runsOf(event);
            if (runs.size() == maxAttempts && runs.stream().allMatch(run -> "threw".equals(run.outcome()))) {
                designed.add(event);
            }
        }
        return designed;
    }

    /** Events more than one of whose runs did the work, with those runs. */
    Map<String, List<Run>> processedTwice() {
        Map<String, List<Run>> twice = new LinkedHashMap<>();
        runsByEvent.forEach((event, runs) -> {
            List<Run> working = runs.stream().filter(Run::didTheWork).toList();
            if (working.size() > 1) {
                twice.put(event, working);
            }
        });
        return twice;
    }

    /**
     * Events one of whose runs was running when its node was killed or the database went down.
     *
     * @param kills  pid to kill time (epoch millis) for every killed node JVM
     * @param downAt when the database went down, 0 when it did not
     * @param upAt   when it accepted connections again
     */
    Set<String> interrupted(Map<Long, Long> kills, long downAt, long upAt) {
        Set<String> events = new TreeSet<>();
        runsByEvent.forEach((event, runs) -> {
            for (Run run : runs) {
                Long killedAt = kills.get(run.pid());
                if (killedAt != null && run.runningAt(killedAt) || downAt > 0 && run.runningDuring(downAt, upAt)) {
                    events.add(event);
                }
            }
        });
        return events;
    }

    List<Run> runsOf(String eventId) {
        return runsByEvent.getOrDefault(eventId, List.of());
    }
}
