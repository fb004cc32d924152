package com.promptfloe.webhooks.jakarta.internal.console;

import com.promptfloe.webhooks.Outcome;
import com.promptfloe.webhooks.inbox.DeliveryInbox;
import com.promptfloe.webhooks.inbox.InboxEntry;
import com.promptfloe.webhooks.journal.DeliveryJournal;
import com.promptfloe.webhooks.journal.JournalCounts;
import com.promptfloe.webhooks.journal.JournalRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the console shows, read from the journal and the inbox; the HTML pages and the JSON API
 * render the same objects.
 */
final class ConsoleData {

    /** How many inbox entries a page or a count reads at most. */
    static final int INBOX_LIMIT = 1000;

    /**
     * One endpoint on the overview.
     *
     * @param name the endpoint
     * @param lastHour outcome counts of the last hour
     * @param lastDay outcome counts of the last day
     * @param backlog inbox entries pending or claimed, -1 without an inbox
     * @param dead dead inbox entries, -1 without an inbox
     */
    record EndpointSummary(String name, Map<Outcome, Long> lastHour, Map<Outcome, Long> lastDay, long backlog,
            long dead) {
    }

    /**
     * A delivery's detail.
     *
     * @param record the record asked for
     * @param history every record of its delivery id, oldest first
     * @param payload the body as text, or {@code null}
     * @param payloadSource {@code journal} or {@code inbox}, or {@code null}
     * @param inboxEntry its inbox entry in inbox mode, or {@code null}
     */
    record Detail(JournalRecord record, List<JournalRecord> history, String payload, String payloadSource,
            InboxEntry inboxEntry) {
    }

    private final Supplier<DeliveryJournal> journal;
    private final Supplier<DeliveryInbox> inbox;
    private final Supplier<String> ledgerKind;
    private final List<String> endpoints;
    private final List<ConfigRow> configuration;
    private final Clock clock;

    ConsoleData(Supplier<DeliveryJournal> journal, Supplier<DeliveryInbox> inbox, Supplier<String> ledgerKind,
            List<String> endpoints, List<ConfigRow> configuration, Clock clock) {
        this.journal = journal;
        this.inbox = inbox;
        this.ledgerKind = ledgerKind;
        this.endpoints = List.copyOf(endpoints);
        this.configuration = List.copyOf(configuration);
        this.clock = clock;
    }

    /** The journal, or {@code null} when it is off. */
    DeliveryJournal journal() {
        return journal.get();
    }

    /** The inbox, or {@code null} outside inbox mode. */
    DeliveryInbox inbox() {
        return inbox.get();
    }

    String ledgerKind() {
        return ledgerKind.get();
    }

    String journalKind() {
        DeliveryJournal current = journal();
        return current == null ? "off (journal.enabled=false)" : current.describe();
    }

    List<ConfigRow> configuration() {
        return configuration;
    }

    Instant now() {
        return clock.instant();
    }

    List<EndpointSummary> overview() {
        DeliveryJournal current = journal();
        Instant now = clock.instant();
        JournalCounts hour = current == null ? new JournalCounts(Map.of()) : current.count(now.minus(Duration.ofHours(1)));
        JournalCounts day = current == null ? new JournalCounts(Map.of()) : current.count(now.minus(Duration.ofDays(1)));
        DeliveryInbox entries = inbox();
        List<InboxEntry> dead = entries == null ? List.of() : entries.list(InboxEntry.State.DEAD, INBOX_LIMIT);
        List<InboxEntry> backlog = new ArrayList<>();
        boolean listsBacklog = entries != null;
        if (entries != null) {
            try {
                backlog.addAll(entries.list(InboxEntry.State.PENDING, INBOX_LIMIT));
                backlog.addAll(entries.list(InboxEntry.State.CLAIMED, INBOX_LIMIT));
            } catch (UnsupportedOperationException e) {
                listsBacklog = false; // an inbox of the application's that lists dead entries only
            }
        }
        List<EndpointSummary> summaries = new ArrayList<>();
        for (String name : endpoints) {
            summaries.add(new EndpointSummary(name, counts(hour, name), counts(day, name),
                    !listsBacklog ? -1 : backlog.stream().filter(e -> e.endpoint().equals(name)).count(),
                    entries == null ? -1 : dead.stream().filter(e -> e.endpoint().equals(name)).count()));
        }
        return summaries;
    }

    private static Map<Outcome, Long> counts(JournalCounts counts, String endpoint) {
        Map<Outcome, Long> byOutcome = new EnumMap<>(Outcome.class);
        byOutcome.putAll(counts.byEndpoint().getOrDefault(endpoint, Map.of()));
        return byOutcome;
    }

    Optional<Detail> detail(String id) {
        DeliveryJournal current = journal();
        if (current == null) {
            return Optional.empty();
        }
        return current.get(id).map(record -> {
            List<JournalRecord> history = record.deliveryId() == null ? List.of(record)
                    : current.history(record.endpoint(), record.deliveryId());
            DeliveryInbox entries = inbox();
            InboxEntry entry = entries == null || record.deliveryId() == null ? null
                    : entries.find(record.endpoint(), record.deliveryId()).orElse(null);
            String payload = record.payload();
            String source = payload == null ? null : "journal";
            if (payload == null && entry != null) {
                payload = new String(entry.delivery().body(), StandardCharsets.UTF_8);
                source = "inbox";
            }
            return new Detail(record, history, payload, source, entry);
        });
    }

    List<InboxEntry> inboxEntries(InboxEntry.State state, int max) {
        DeliveryInbox entries = inbox();
        try {
            return entries == null ? List.of() : entries.list(state, max);
        } catch (UnsupportedOperationException e) {
            throw new IllegalArgumentException("this inbox (" + entries.getClass().getSimpleName()
                    + ") lists only DEAD entries");
        }
    }
}
