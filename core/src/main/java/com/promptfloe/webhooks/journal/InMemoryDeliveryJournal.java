package com.promptfloe.webhooks.journal;

import com.promptfloe.webhooks.Outcome;
import com.promptfloe.webhooks.internal.DurationText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A journal in this JVM's memory, bounded by a number of records and by their age: the default,
 * enough for one node. The oldest records make way for new ones; nothing survives a restart.
 *
 * <pre>{@code
 * DeliveryJournal journal = InMemoryDeliveryJournal.builder().maxRecords(10_000).retention(Duration.ofDays(1)).build();
 * }</pre>
 */
public final class InMemoryDeliveryJournal implements DeliveryJournal {

    /** Records kept at most unless set otherwise. */
    public static final int DEFAULT_MAX_RECORDS = 10_000;

    /** How long records are kept unless set otherwise. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

    private final int maxRecords;
    private final Duration retention;
    private final Clock clock;
    /** Oldest first. */
    private final ArrayDeque<JournalRecord> records = new ArrayDeque<>();
    private final Map<String, JournalRecord> byId = new HashMap<>();
    /** Request records held per endpoint and delivery id, for attempt numbers. */
    private final Map<List<String>, Integer> requests = new HashMap<>();

    private InMemoryDeliveryJournal(Builder builder) {
        this.maxRecords = builder.maxRecords;
        this.retention = builder.retention;
        this.clock = builder.clock;
    }

    /**
     * Starts a journal.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public synchronized void append(JournalRecord record) {
        Objects.requireNonNull(record, "record");
        if (byId.containsKey(record.id())) {
            throw new JournalException("the journal holds a record with id " + record.id() + " already");
        }
        dropExpired();
        while (records.size() >= maxRecords) {
            forget(records.removeFirst());
        }
        JournalRecord kept = record;
        if (record.source() == JournalRecord.Source.REQUEST && record.deliveryId() != null) {
            kept = record.withAttempt(requests.merge(key(record), 1, Integer::sum));
        }
        records.addLast(kept);
        byId.put(kept.id(), kept);
    }

    @Override
    public synchronized JournalPage find(JournalQuery query) {
        dropExpired();
        List<JournalRecord> page = new ArrayList<>(Math.min(query.limit(), records.size()));
        int skip = query.offset();
        for (Iterator<JournalRecord> newest = records.descendingIterator(); newest.hasNext();) {
            JournalRecord record = newest.next();
            if (!query.matches(record)) {
                continue;
            }
            if (skip > 0) {
                skip--;
            } else if (page.size() == query.limit()) {
                return new JournalPage(page, true);
            } else {
                page.add(record);
            }
        }
        return new JournalPage(page, false);
    }

    @Override
    public synchronized Optional<JournalRecord> get(String id) {
        dropExpired();
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public synchronized List<JournalRecord> history(String endpoint, String deliveryId) {
        dropExpired();
        return records.stream()
                .filter(r -> r.endpoint().equals(endpoint) && deliveryId.equals(r.deliveryId()))
                .toList();
    }

    @Override
    public synchronized JournalCounts count(Instant since) {
        dropExpired();
        Map<String, Map<Outcome, Long>> counts = new HashMap<>();
        for (Iterator<JournalRecord> newest = records.descendingIterator(); newest.hasNext();) {
            JournalRecord record = newest.next();
            if (record.at().isBefore(since)) {
                continue; // appended with an older time than a later one: keep looking
            }
            counts.computeIfAbsent(record.endpoint(), e -> new EnumMap<>(Outcome.class))
                    .merge(record.outcome(), 1L, Long::sum);
        }
        return new JournalCounts(counts);
    }

    @Override
    public String describe() {
        return "in memory on this node, the latest " + maxRecords + " records for at most "
                + DurationText.format(retention);
    }

    /**
     * How many records the journal holds now.
     *
     * @return the number
     */
    public synchronized int size() {
        dropExpired();
        return records.size();
    }

    private void dropExpired() {
        Instant oldest = clock.instant().minus(retention);
        while (!records.isEmpty() && records.peekFirst().at().isBefore(oldest)) {
            forget(records.removeFirst());
        }
    }

    private void forget(JournalRecord record) {
        byId.remove(record.id());
        if (record.source() == JournalRecord.Source.REQUEST && record.deliveryId() != null) {
            requests.computeIfPresent(key(record), (k, n) -> n == 1 ? null : n - 1);
        }
    }

    private static List<String> key(JournalRecord record) {
        return List.of(record.endpoint(), record.deliveryId());
    }

    @Override
    public String toString() {
        return "InMemoryDeliveryJournal[" + describe() + "]";
    }

    /** Builds an {@link InMemoryDeliveryJournal}; each setting is checked at once. */
    public static final class Builder {
        private int maxRecords = DEFAULT_MAX_RECORDS;
        private Duration retention = DEFAULT_RETENTION;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * How many records to keep at most; the oldest make way.
         *
         * @param max at least 1; default {@value InMemoryDeliveryJournal#DEFAULT_MAX_RECORDS}
         * @return this builder
         */
        public Builder maxRecords(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxRecords must be at least 1: " + max);
            }
            this.maxRecords = max;
            return this;
        }

        /**
         * How long to keep a record.
         *
         * @param age positive; default 7 days
         * @return this builder
         */
        public Builder retention(Duration age) {
            this.retention = DurationText.requirePositive("retention", age);
            return this;
        }

        /**
         * The clock retention is measured with.
         *
         * @param clock the clock; default UTC system clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the journal.
         *
         * @return the journal
         */
        public InMemoryDeliveryJournal build() {
            return new InMemoryDeliveryJournal(this);
        }
    }
}
